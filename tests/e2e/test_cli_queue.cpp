// A batch never fails because it waited its turn: sixty networks of one registry queued behind
// a budget of one question a second, with one second to talk to the server, are all answered,
// none failed, no fallback asked; alone, and with two processes sharing the Redis budget. And
// the user's own bound on a batch: --deadline, and --failed-out for what to try again.

#include "cli_runner.hpp"
#include "harness.hpp"
#include "notice_world.hpp"
#include "world_control.hpp"

#include <algorithm>
#include <cstdlib>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

using namespace renraku;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The shipped data, with the benchmarking block 198.18.0.0/15 sent to ARIN's RDAP service:
// the test world answers every /24 of it as a network of its own (tests/world/rdap_server.py).
fs::path queue_data() {
    static const fs::path data = [] {
        fs::path d = test::temp_dir("queue-data");
        fs::copy(fs::path(RENRAKU_TEST_SOURCE_DIR) / "config" / "data", d,
                 fs::copy_options::recursive);
        fs::path file = d / "bootstrap" / "ipv4.json";
        auto j = json::parse(test::read_file(file));
        for (auto& service : j["services"])
            if (service[1][0].get<std::string>().find("rdap.arin.net") != std::string::npos)
                service[0].push_back("198.18.0.0/15");
        fs::remove(file);
        std::ofstream(file) << j.dump();
        return d;
    }();
    return data;
}

// One question a second at ARIN's RDAP server, one second to talk to any server (the world's
// timeout_ms), and the world's 4 s for a source: sixty questions wait far longer than either.
std::string queue_config(const std::string& extra = "") {
    return test::world_config_text() + "\n[network.limits.\"rdap.arin.net\"]\nper_minute = 60\n" +
           "burst = 1\nconcurrency = 1\n[data]\ndir = \"" + queue_data().string() + "\"\n" + extra;
}

fs::path write_config(const std::string& text) {
    return test::write_temp_config(text);
}

// `count` addresses in distinct /24s of 198.SECOND.FIRST+i.0.
std::string addresses(int second, int first, int count) {
    std::string out;
    for (int i = first; i < first + count; ++i)
        out += "198." + std::to_string(second) + "." + std::to_string(i) + ".5\n";
    return out;
}

// The questions the world's ARIN servers were asked about 198.SECOND.FIRST+i.* (i < count),
// with their times.
struct Asked {
    std::vector<double> rdap_times;
    std::size_t rdap = 0;
    std::size_t whois = 0;
    // What a run added to an earlier count (the world's log is kept across the suite).
    Asked since(const Asked& before) const {
        Asked d;
        d.rdap = rdap - before.rdap;
        d.whois = whois - before.whois;
        for (double t : rdap_times)
            if (std::find(before.rdap_times.begin(), before.rdap_times.end(), t) ==
                before.rdap_times.end())
                d.rdap_times.push_back(t);
        return d;
    }
};
bool about(const std::string& question, int second, int first, int count) {
    std::string prefix = "198." + std::to_string(second) + ".";
    auto at = question.find(prefix);
    if (at == std::string::npos) return false;
    int third = std::atoi(question.c_str() + at + prefix.size());
    return third >= first && third < first + count;
}
Asked asked_about(int second, int first, int count) {
    Asked a;
    auto questions = test::whois_questions();
    auto times = test::question_times();
    auto& rq = questions["rdap.arin.net"];
    auto& rt = times["rdap.arin.net"];
    for (std::size_t i = 0; i < rq.size(); ++i)
        if (about(rq[i], second, first, count)) {
            ++a.rdap;
            if (i < rt.size()) a.rdap_times.push_back(rt[i]);
        }
    for (const auto& [server, qs] : questions)
        if (server.rfind("whois.arin.net", 0) == 0)
            for (const auto& q : qs)
                a.whois += about(q, second, first, count) ? 1 : 0;
    std::sort(a.rdap_times.begin(), a.rdap_times.end());
    return a;
}

// Every result has its own network's abuse mailbox as `to`, and no error.
void all_answered(const std::string& jsonl, std::size_t expected) {
    std::istringstream in(jsonl);
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        auto r = json::parse(line);
        ++n;
        INFO(line.substr(0, 600));
        CHECK(r["errors"].empty());
        std::string to;
        for (const auto& c : r["contacts"])
            if (c["recommend"] == "to") to = c["email"];
        std::string ind = r["indicator"];
        std::string net = ind.substr(0, ind.rfind('.')) + ".0";
        std::replace(net.begin(), net.end(), '.', '-');
        CHECK(to == "abuse@" + net + ".queue.test");
    }
    CHECK(n == expected);
}

} // namespace

TEST_CASE("sixty networks queued behind one question a second: all answered, none failed, no "
          "fallback",
          "[cli][queue][slow]") {
    auto cfg = write_config(queue_config());
    auto before = asked_about(18, 0, 60);
    auto run = test::run_cli({"lookup", "-c", cfg.string(), "-f", "jsonl", "-s", "arin", "-"},
                             addresses(18, 0, 60));
    INFO(run.err);
    CHECK(run.exit_code == 0);
    all_answered(run.out, 60);
    CHECK_THAT(run.err, Catch::Contains("60 indicators: 60 with a `to`, 0 without"));
    auto asked = asked_about(18, 0, 60).since(before);
    CHECK(asked.rdap == 60); // each network asked once
    CHECK(asked.whois == 0); // and never whois instead: waiting is not a server's failure
    REQUIRE(asked.rdap_times.size() == 60);
    // The budget was kept: sixty questions at one a second (burst one) take 59 s at least.
    CHECK(asked.rdap_times.back() - asked.rdap_times.front() >= 59 * 0.95);
}

TEST_CASE("the same with two processes sharing the Redis budget", "[cli][queue][redis][slow]") {
    const std::string redis = "redis://127.0.0.1:" + std::to_string(RENRAKU_TEST_REDIS_PORT) + "/5";
    std::string text = queue_config("[redis]\nurl = \"" + redis + "\"\n");
    text.replace(text.find("[network]\n"), 10, "[network]\nlimiter = \"redis\"\n");
    auto cfg = write_config(text);
    // Redis database 5, its budget keys alone: a budget left by an earlier run is gone.
    test::run("redis-cli -p " + std::to_string(RENRAKU_TEST_REDIS_PORT) + " -n 5 FLUSHDB");
    std::vector<std::string> args = {"lookup", "-c", cfg.string(), "-f", "jsonl", "-s", "arin", "-"};
    fs::path dir = test::temp_dir("queue-redis");
    auto before = asked_about(19, 0, 60);
    auto pa = test::spawn_cli(args, addresses(19, 0, 30), (dir / "a.log").string());
    auto pb = test::spawn_cli(args, addresses(19, 30, 30), (dir / "b.log").string());
    CHECK(test::wait_cli(pa) == 0);
    CHECK(test::wait_cli(pb) == 0);
    std::string log_a = test::read_file(dir / "a.log");
    std::string log_b = test::read_file(dir / "b.log");
    INFO(log_a.substr(log_a.size() > 2000 ? log_a.size() - 2000 : 0));
    CHECK_THAT(log_a, Catch::Contains("30 indicators: 30 with a `to`, 0 without"));
    CHECK_THAT(log_b, Catch::Contains("30 indicators: 30 with a `to`, 0 without"));
    auto asked = asked_about(19, 0, 60).since(before);
    CHECK(asked.rdap == 60);
    CHECK(asked.whois == 0);
    REQUIRE(asked.rdap_times.size() == 60);
    // One budget for both: not twice the rate.
    CHECK(asked.rdap_times.back() - asked.rdap_times.front() >= 59 * 0.95);
}

TEST_CASE("a batch deadline: what is not asked by then is said once and listed by --failed-out, a "
          "rerun of that list answers it",
          "[cli][queue]") {
    auto cfg = write_config(queue_config());
    fs::path dir = test::temp_dir("deadline");
    fs::path failed = dir / "failed.txt";
    auto before = asked_about(19, 200, 10);
    // Ten networks at one a second, three seconds for the batch.
    auto run = test::run_cli({"lookup", "-c", cfg.string(), "-f", "json", "-s", "arin",
                              "--deadline", "3s", "--failed-out", failed.string(), "-"},
                             addresses(19, 200, 10));
    INFO(run.err);
    CHECK(run.exit_code == 3);
    auto results = json::parse(run.out);
    REQUIRE(results.size() == 10);
    std::size_t answered = 0;
    std::vector<std::string> not_asked;
    for (const auto& r : results) {
        bool has_to = false;
        for (const auto& c : r["contacts"])
            has_to |= c["recommend"] == "to";
        if (has_to) {
            ++answered;
            CHECK(r["errors"].empty());
            continue;
        }
        REQUIRE(r["errors"].size() == 1); // said once, as not asked, never as a failed source
        CHECK(r["errors"][0]["status"] == "not_asked");
        CHECK(r["errors"][0]["message"] == "not asked: batch deadline");
        not_asked.push_back(r["indicator"]);
    }
    CHECK(answered >= 2);
    CHECK(answered <= 5);
    CHECK(answered + not_asked.size() == 10);
    CHECK_THAT(run.err, Catch::Contains(std::to_string(not_asked.size()) +
                                        " indicators not asked: the batch deadline (--deadline 3s)"));
    CHECK_THAT(run.err, Catch::Contains("not asked (batch deadline): " +
                                        std::to_string(not_asked.size())));
    CHECK_THAT(run.err, !Catch::Contains("failed sources"));
    // The list to try again holds exactly those, one a line.
    std::string listed = test::read_file(failed);
    std::string expected;
    for (const auto& a : not_asked)
        expected += a + "\n";
    CHECK(listed == expected);
    auto asked = asked_about(19, 200, 10).since(before);
    CHECK(asked.rdap == answered); // what was not asked was not asked
    CHECK(asked.whois == 0);

    auto again = test::run_cli({"lookup", "-c", cfg.string(), "-f", "jsonl", "-s", "arin", "-"},
                               listed);
    CHECK(again.exit_code == 0);
    all_answered(again.out, not_asked.size());

    // A duration that is none: one clear line.
    auto bad = test::run_cli({"lookup", "-c", cfg.string(), "--deadline", "soon", "198.18.0.5"});
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.err, Catch::Contains("--deadline: \"soon\" is not a duration like 90s, 5m or 1h"));
}
