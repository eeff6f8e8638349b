#include "cache/answer_cache.hpp"
#include "cache/sqlite_cache.hpp"
#include "harness.hpp"

#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <sys/wait.h>
#include <unistd.h>

using namespace renraku;
namespace fs = std::filesystem;
using core::cache::AddressRange;

namespace {

std::string v4(int a, int b, int c, int d) {
    return std::string{static_cast<char>(a), static_cast<char>(b), static_cast<char>(c),
                       static_cast<char>(d)};
}

fs::path fresh_cache_file() {
    static std::mt19937_64 rng{std::random_device{}()};
    fs::path dir = fs::temp_directory_path() / ("renraku-cache-test-" + std::to_string(rng()));
    fs::create_directories(dir);
    return dir / "cache.sqlite";
}

// The contract every backend keeps: exact keys, the most specific covering range, expiry.
void check_backend(core::cache::AnswerCache& c) {
    auto later = core::cache::unix_now() + 3600;
    c.store("wide", "the /16", later, AddressRange{"rdap", v4(10, 0, 0, 0), v4(10, 0, 255, 255)});
    c.store("narrow", "the /24", later, AddressRange{"rdap", v4(10, 0, 1, 0), v4(10, 0, 1, 255)});
    c.store("other scope", "elsewhere", later,
            AddressRange{"whois", v4(10, 0, 0, 0), v4(10, 255, 255, 255)});
    c.store("gone", "expired", core::cache::unix_now() - 1, std::nullopt);

    CHECK(c.find("wide")->value == "the /16");
    CHECK_FALSE(c.find("gone"));
    CHECK_FALSE(c.find("never stored"));
    auto in_narrow = c.find_covering("rdap", v4(10, 0, 1, 77));
    REQUIRE(in_narrow);
    CHECK(in_narrow->value == "the /24");
    REQUIRE(in_narrow->range);
    CHECK(in_narrow->range->start == v4(10, 0, 1, 0));
    CHECK(c.find_covering("rdap", v4(10, 0, 2, 1))->value == "the /16");
    CHECK(c.find_covering("rdap", v4(10, 0, 0, 255))->value == "the /16");
    CHECK_FALSE(c.find_covering("rdap", v4(10, 1, 0, 0)));
    CHECK_FALSE(c.find_covering("rdap", v4(9, 255, 255, 255)));
    CHECK(c.find_covering("whois", v4(10, 9, 9, 9))->value == "elsewhere");
    // An IPv6 address is never answered by an IPv4 range.
    CHECK_FALSE(c.find_covering("rdap", std::string(16, '\x0a')));
}

} // namespace

TEST_CASE("memory cache: exact keys, most specific range, expiry", "[unit][cache]") {
    auto c = core::cache::make_memory_cache(1 << 20);
    check_backend(*c);
}

TEST_CASE("memory cache: bounded in size, least recently used out first", "[unit][cache]") {
    auto c = core::cache::make_memory_cache(20 * 1024);
    auto later = core::cache::unix_now() + 3600;
    std::string kb(1000, 'x');
    c->store("key0", kb, later, std::nullopt);
    for (int i = 1; i < 200; ++i) {
        c->store("key" + std::to_string(i), kb, later,
                 AddressRange{"s", v4(1, i, 0, 0), v4(1, i, 255, 255)});
        CHECK(c->find("key0")); // used all along: kept
    }
    auto s = c->stats();
    CHECK(s.bytes <= 20 * 1024);
    CHECK(s.entries < 25);
    CHECK_FALSE(c->find("key1"));
    CHECK_FALSE(c->find_covering("s", v4(1, 1, 0, 1))); // its range went with it
    CHECK(c->find("key199"));
    CHECK(c->find_covering("s", v4(1, 199, 3, 3))->value == kb);
}

TEST_CASE("SQLite cache: the same contract, and it outlives the process", "[unit][cache]") {
    auto file = fresh_cache_file();
    {
        auto c = core::cache::open_sqlite_cache(file);
        check_backend(*c);
    }
    auto again = core::cache::open_sqlite_cache(file);
    CHECK(again->find_covering("rdap", v4(10, 0, 1, 9))->value == "the /24");
    auto s = again->stats();
    CHECK(s.backend == "sqlite");
    CHECK(s.location == file.string());
    CHECK(s.entries == 3); // the expired answer was dropped when the file was opened
    CHECK(s.ranges == 3);
    again->clear();
    CHECK(again->stats().entries == 0);
    CHECK_FALSE(again->find("wide"));
}

TEST_CASE("SQLite cache: a file that is not one is refused with its name", "[unit][cache]") {
    auto file = fresh_cache_file();
    std::ofstream(file) << std::string(8192, '\x01');
    try {
        core::cache::open_sqlite_cache(file);
        FAIL("a damaged file was opened");
    } catch (const core::cache::CacheError& e) {
        CHECK_THAT(e.what(), Catch::Contains(file.string()));
    }
    // A run goes on without it, and says so.
    auto cfg = core::load_config(
        test::write_temp_config("[cache]\npath = \"" + file.string() + "\"\n"));
    core::ServiceHub hub(cfg);
    REQUIRE(hub.warnings.size() == 1);
    CHECK_THAT(hub.warnings[0], Catch::Contains("going on without the persistent cache"));
}

TEST_CASE("SQLite cache: two processes writing at once lose nothing", "[unit][cache]") {
    auto file = fresh_cache_file();
    core::cache::open_sqlite_cache(file); // made before the writers start
    std::vector<pid_t> children;
    for (int w = 0; w < 2; ++w) {
        pid_t pid = fork();
        if (pid == 0) {
            try {
                auto c = core::cache::open_sqlite_cache(file);
                auto later = core::cache::unix_now() + 3600;
                for (int i = 0; i < 300; ++i)
                    c->store("w" + std::to_string(w) + "-" + std::to_string(i), "answer", later,
                             AddressRange{"s", v4(w + 1, i / 256, i % 256, 0),
                                          v4(w + 1, i / 256, i % 256, 255)});
            } catch (...) {
                _exit(1);
            }
            _exit(0);
        }
        children.push_back(pid);
    }
    for (pid_t pid : children) {
        int status = 0;
        waitpid(pid, &status, 0);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    auto c = core::cache::open_sqlite_cache(file);
    CHECK(c->stats().entries == 600);
    CHECK(c->find_covering("s", v4(2, 1, 7, 9))->value == "answer");
}

TEST_CASE("SQLite cache: a writer killed mid-run leaves a usable file", "[unit][cache]") {
    auto file = fresh_cache_file();
    core::cache::open_sqlite_cache(file);
    pid_t pid = fork();
    if (pid == 0) {
        auto c = core::cache::open_sqlite_cache(file);
        auto later = core::cache::unix_now() + 3600;
        std::string big(1024, 'a');
        for (unsigned i = 0;; ++i) // until killed
            c->store("k" + std::to_string(i), big, later,
                     AddressRange{"s", v4(3, (i >> 16) & 255, (i >> 8) & 255, 0),
                                  v4(3, (i >> 16) & 255, (i >> 8) & 255, 255)});
    }
    usleep(300 * 1000);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status));
    auto c = core::cache::open_sqlite_cache(file);
    auto s = c->stats();
    CHECK(s.entries > 0);
    // Every answer there is whole, and the file takes new ones.
    for (std::size_t i = 0; i < s.entries; i += 97)
        CHECK(c->find("k" + std::to_string(i))->value.size() == 1024);
    c->store("after", "fine", core::cache::unix_now() + 60, std::nullopt);
    CHECK(c->find("after")->value == "fine");
}
