// Batches at scale: every question once, a cache that outlives the run, bad lines, exit
// status, streaming, progress, extraction and the mailing plan, on the test world.

#include "cli_runner.hpp"
#include "harness.hpp"
#include "world_control.hpp"

#include <catch2/catch.hpp>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace renraku;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The counting world with a cache file of its own.
fs::path counting_config_with_cache(fs::path& cache_file) {
    auto cfg = test::counting_world_config();
    std::ifstream in(cfg);
    std::stringstream text;
    text << in.rdbuf();
    std::string body = text.str();
    cache_file = cfg.parent_path() / "cache.sqlite";
    auto pos = body.find("backend = \"none\"");
    REQUIRE(pos != std::string::npos);
    body.replace(pos, 16, "backend = \"sqlite\"\npath = \"" + cache_file.string() + "\"");
    std::ofstream(cfg) << body;
    return cfg;
}

std::vector<json> jsonl(const std::string& out) {
    std::vector<json> lines;
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) lines.push_back(json::parse(line));
    return lines;
}

// indicator -> the first `to`
std::map<std::string, std::string> first_to(const std::vector<json>& results) {
    std::map<std::string, std::string> out;
    for (const auto& r : results)
        for (const auto& c : r["contacts"])
            if (c["recommend"] == "to") {
                out[r["indicator"]] = c.value("email", "");
                break;
            }
    return out;
}

std::string addresses_in_networks(int per_network) {
    std::string input;
    for (int i = 1; i <= per_network; ++i) {
        input += "1.1.1." + std::to_string(i) + "\n";
        input += "74.125." + std::to_string(i) + ".1\n";
        input += "194.85.61." + std::to_string(i + 10) + "\n";
        input += "61.181." + std::to_string(i) + ".38\n";
    }
    return input;
}

const std::vector<std::string> kRegistryArgs = {"--format", "jsonl", "--sources",
                                                "arin,ripe,apnic,lacnic,afrinic", "-"};

std::vector<std::string> lookup_args(const fs::path& cfg, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"lookup", "--config", cfg.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    args.insert(args.end(), kRegistryArgs.begin(), kRegistryArgs.end());
    return args;
}

} // namespace

TEST_CASE("the same question from several sources and addresses at once is asked once",
          "[cli][batch][counting]") {
    // apnic, jpnic and first all read APNIC's RDAP record of 1.1.1.0/24; forty addresses in it
    // arrive together.
    std::string input;
    for (int i = 1; i <= 40; ++i)
        input += "1.1.1." + std::to_string(i) + "\n";
    test::reset_whois_questions();
    auto run = test::run_cli({"lookup", "--config", test::counting_world_config().string(),
                              "--format", "jsonl", "--sources", "apnic,jpnic,first", "-"},
                             input);
    CHECK(jsonl(run.out).size() == 40);
    CHECK(test::counted_questions() == 1);
}

TEST_CASE("the cache outlives the run, so the same batch again asks nothing",
          "[cli][batch][cache][counting]") {
    fs::path cache_file;
    auto cfg = counting_config_with_cache(cache_file);
    std::string input = addresses_in_networks(25);

    test::reset_whois_questions();
    auto cold = test::run_cli(lookup_args(cfg), input);
    INFO(cold.err);
    auto cold_results = jsonl(cold.out);
    REQUIRE(cold_results.size() == 100);
    std::size_t asked = test::counted_questions();
    CHECK(asked >= 4);
    CHECK(asked <= 8);

    test::reset_whois_questions();
    auto warm = test::run_cli(lookup_args(cfg), input);
    CHECK(test::counted_questions() == 0);
    CHECK(first_to(jsonl(warm.out)) == first_to(cold_results));
    CHECK(warm.exit_code == cold.exit_code);

    auto stats = test::run_cli({"cache", "stats", "--config", cfg.string()});
    CHECK(stats.exit_code == 0);
    CHECK_THAT(stats.out, Catch::Contains(cache_file.string()));
    CHECK_THAT(stats.out, Catch::Matches("(.|\n)*answers: +[1-9][0-9]* \\(0 expired\\)(.|\n)*"));

    test::reset_whois_questions();
    test::run_cli(lookup_args(cfg, {"--no-cache"}), input);
    CHECK(test::counted_questions() == asked); // neither read nor written

    test::reset_whois_questions();
    test::run_cli(lookup_args(cfg, {"--refresh"}), input);
    CHECK(test::counted_questions() == asked); // asked again...
    test::reset_whois_questions();
    test::run_cli(lookup_args(cfg), input);
    CHECK(test::counted_questions() == 0); // ...and kept

    auto cleared = test::run_cli({"cache", "clear", "--config", cfg.string()});
    CHECK(cleared.exit_code == 0);
    test::reset_whois_questions();
    test::run_cli(lookup_args(cfg), input);
    CHECK(test::counted_questions() == asked);
}

TEST_CASE("two renraku processes share one cache file at once", "[cli][batch][cache][counting]") {
    fs::path cache_file;
    auto cfg = counting_config_with_cache(cache_file);
    std::string input = addresses_in_networks(25);
    test::reset_whois_questions();
    test::CliRun a;
    test::CliRun b;
    std::thread ta([&] { a = test::run_cli(lookup_args(cfg), input); });
    std::thread tb([&] { b = test::run_cli(lookup_args(cfg), input); });
    ta.join();
    tb.join();
    INFO(a.err << b.err);
    CHECK(jsonl(a.out).size() == 100);
    CHECK(jsonl(b.out).size() == 100);
    CHECK(first_to(jsonl(a.out)) == first_to(jsonl(b.out)));
    CHECK(test::counted_questions() <= 16); // at worst each asked for itself
    test::reset_whois_questions();
    test::run_cli(lookup_args(cfg), input);
    CHECK(test::counted_questions() == 0);
}

TEST_CASE("a run killed mid-batch leaves a cache the next run uses", "[cli][batch][cache][counting]") {
    fs::path cache_file;
    auto cfg = counting_config_with_cache(cache_file);
    std::string input = addresses_in_networks(250);
    pid_t pid = test::spawn_cli(lookup_args(cfg), input, "/dev/null");
    usleep(150 * 1000);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    auto again = test::run_cli(lookup_args(cfg), input);
    INFO(again.err);
    CHECK(again.exit_code <= 1);
    CHECK(jsonl(again.out).size() == 1000);
    CHECK(test::run_cli({"cache", "stats", "--config", cfg.string()}).exit_code == 0);
}

TEST_CASE("a batch goes on past bad lines, and special addresses are named, not sent",
          "[cli][batch]") {
    auto cfg = test::write_temp_config(test::world_config_text());
    {
        std::ifstream in(cfg);
        std::stringstream t;
        t << in.rdbuf();
        std::string body = t.str();
        auto pos = body.find("special_addresses = \"ask\"");
        REQUIRE(pos != std::string::npos);
        body.replace(pos, 25, "special_addresses = \"skip\"");
        std::ofstream(cfg) << body;
    }
    auto run = test::run_cli({"lookup", "--config", cfg.string(), "--format", "jsonl", "--ordered",
                              "--sources", "dns_soa", "-"},
                             "10.1.2.3\nnot an indicator\n[2001:db8::10]:443\n<hostmaster@example.test>\n");
    INFO(run.err);
    CHECK(run.exit_code == 1); // some got no `to`, and no source failed
    CHECK_THAT(run.err, Catch::Contains("renraku: line 2: not an indicator \"not an indicator\": "
                                        "contains white space"));
    CHECK_THAT(run.err, Catch::Contains("renraku: 4 indicators: "));
    CHECK_THAT(run.err, Catch::Contains("1 bad line"));
    auto lines = jsonl(run.out);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0]["contacts"].empty());
    CHECK_THAT(lines[0]["notes"][0]["message"].get<std::string>(),
               Catch::Contains("private-use (RFC 1918)"));
    CHECK(lines[1]["type"].is_null());
    CHECK(lines[1]["line"] == 2);
    CHECK(lines[1]["errors"][0]["source"] == "input");
    CHECK(lines[2]["normalized"] == "2001:db8::10");
    CHECK(lines[2]["port"] == 443);
    CHECK_THAT(lines[2]["notes"][0]["message"].get<std::string>(), Catch::Contains("RFC 3849"));
    CHECK(lines[3]["type"] == "email");
    CHECK(lines[3]["normalized"] == "hostmaster@example.test");
}

TEST_CASE("jsonl streams, so a slow indicator does not hold back later ones", "[cli][batch]") {
    auto config = std::string(RENRAKU_TEST_WORLD_CONFIG);
    auto unordered = test::run_cli({"lookup", "--config", config, "--format", "jsonl", "--sources",
                                    "dns_soa", "x.timeout.test", "192.0.2.130"});
    auto lines = jsonl(unordered.out);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]["indicator"] == "192.0.2.130");
    CHECK(unordered.exit_code == 3); // the slow one failed and got nothing
    auto ordered = test::run_cli({"lookup", "--config", config, "--format", "jsonl", "--ordered",
                                  "--sources", "dns_soa", "x.timeout.test", "192.0.2.130"});
    CHECK(jsonl(ordered.out)[0]["indicator"] == "x.timeout.test");
}

TEST_CASE("progress is off when stderr is not a terminal, on with --progress", "[cli][batch]") {
    auto config = std::string(RENRAKU_TEST_WORLD_CONFIG);
    auto quiet_run = test::run_cli({"lookup", "--config", config, "--format", "jsonl", "--sources",
                                    "dns_soa", "-"},
                                   "192.0.2.130\nexample.test\n");
    CHECK_THAT(quiet_run.err, !Catch::Contains("done"));
    CHECK_THAT(quiet_run.err, Catch::Contains("renraku: 2 indicators: 2 with a `to`, 0 without"));
    auto shown = test::run_cli({"lookup", "--config", config, "--format", "jsonl", "--sources",
                                "dns_soa", "--progress", "-"},
                               "192.0.2.130\nexample.test\n");
    CHECK_THAT(shown.err, Catch::Contains("renraku: 2/2 done"));
    auto silent = test::run_cli({"lookup", "--config", config, "--format", "jsonl", "--sources",
                                 "dns_soa", "--progress", "--quiet", "-"},
                                "192.0.2.130\nexample.test\n");
    CHECK(silent.err.empty());
}

TEST_CASE("grouping by recipient gives one entry per recipient, the rest apart", "[cli][batch]") {
    auto run = test::run_cli({"lookup", "--config", RENRAKU_TEST_WORLD_CONFIG, "--format", "json",
                              "--group-by", "recipient", "--sources",
                              "arin,ripe,apnic,lacnic,afrinic", "74.125.1.1", "74.125.2.2",
                              "1.1.1.1", "example.test"});
    INFO(run.err);
    auto plan = json::parse(run.out);
    REQUIRE(plan["recipients"].size() == 2);
    const auto& google = plan["recipients"][0]; // the most indicators first
    CHECK(google["to"] == "arin-contact@google.com");
    REQUIRE(google["indicators"].size() == 2);
    CHECK(google["indicators"][0]["indicator"] == "74.125.1.1");
    CHECK(google["indicators"][1]["indicator"] == "74.125.2.2");
    CHECK(google["sources"] == json::array({"arin"}));
    CHECK(plan["recipients"][1]["to"] == "helpdesk@apnic.net");
    REQUIRE(plan["without_to"].size() == 1);
    CHECK(plan["without_to"][0]["indicator"] == "example.test");
    CHECK(plan["without_to"][0]["reason"] == "no contact found");

    auto table = test::run_cli({"lookup", "--config", RENRAKU_TEST_WORLD_CONFIG, "--group-by",
                                "recipient", "--sources", "arin", "74.125.1.1", "74.125.2.2"});
    CHECK_THAT(table.out, Catch::StartsWith("To: arin-contact@google.com"));
    CHECK_THAT(table.out, Catch::Contains("2 indicators:"));
    auto refused = test::run_cli({"lookup", "--config", RENRAKU_TEST_WORLD_CONFIG, "--format",
                                  "jsonl", "--group-by", "recipient", "74.125.1.1"});
    CHECK(refused.exit_code == 2);
}

TEST_CASE("extract and lookup --extract read evidence as people paste it", "[cli][extract]") {
    auto log = test::write_temp_config(
        "Nov 25 03:14:09 gw sshd[1]: Failed password for root from 74.125.9.9 port 2 ssh2\n"
        "Nov 25 03:14:10 gw sshd[1]: Failed password for root from 74.125.9.9 port 3 ssh2\n"
        "Nov 25 03:14:11 gw sshd[1]: Accepted key for ops from 10.0.0.7 port 4 ssh2\n"
        "Received: from relay (relay [1.1.1.1]) by mx.example.net\n",
        "auth.log");
    auto ex = test::run_cli({"extract", log.string()});
    CHECK(ex.exit_code == 0);
    CHECK(ex.out == "74.125.9.9\tipv4\t" + log.string() + ":1,2\n1.1.1.1\tipv4\t" + log.string() +
                        ":4\nmx.example.net\tdomain\t" + log.string() + ":4\n");
    CHECK_THAT(ex.err, Catch::Contains("left out 1 special-purpose address(es)"));
    CHECK_THAT(ex.err, Catch::Contains("10.0.0.7 (private-use, RFC 1918)"));

    auto looked = test::run_cli({"lookup", "--config", RENRAKU_TEST_WORLD_CONFIG, "--extract",
                                 "--format", "jsonl", "--ordered", "--sources", "arin,apnic",
                                 log.string()});
    auto lines = jsonl(looked.out);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0]["indicator"] == "74.125.9.9");
    CHECK(lines[0]["line"] == 1);
    CHECK(lines[1]["line"] == 4);
}
