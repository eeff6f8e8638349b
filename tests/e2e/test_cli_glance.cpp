// Read at a glance: --offline from the persistent cache, the -v question trail, a CSV row for
// every indicator, and network ranges written one way.

#include "cli_runner.hpp"
#include "harness.hpp"
#include "world_control.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <fstream>
#include <sstream>

using namespace renraku;
using nlohmann::json;

namespace {

// The test world with a persistent cache of its own.
std::string config_with_cache() {
    std::string body = test::world_config_text();
    auto dir = test::write_temp_config("", "placeholder").parent_path();
    const std::string none = "backend = \"none\"";
    body.replace(body.find(none), none.size(),
                 "backend = \"sqlite\"\npath = \"" + (dir / "cache.sqlite").string() + "\"");
    return test::write_temp_config(body).string();
}

// The counting world (every question counted at the servers) with a cache of its own.
std::string counting_config_with_cache() {
    auto cfg = test::counting_world_config();
    std::string body = test::read_file(cfg);
    const std::string none = "backend = \"none\"";
    body.replace(body.find(none), none.size(),
                 "backend = \"sqlite\"\npath = \"" + (cfg.parent_path() / "cache.sqlite").string() +
                     "\"");
    std::ofstream(cfg) << body;
    return cfg.string();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

} // namespace

TEST_CASE("an offline lookup answers from the persistent cache and names what it skipped",
          "[cli][counting]") {
    auto cfg = counting_config_with_cache();
    test::reset_whois_questions();
    // Nothing cached yet: every network source is skipped, none is said to have failed.
    auto cold = test::run_cli({"lookup", "-c", cfg, "--offline", "-f", "json", "-s", "arin,first",
                               "74.125.1.1"});
    CHECK(cold.exit_code == 1);
    auto cold_result = json::parse(cold.out);
    CHECK(cold_result[0]["contacts"].empty());
    CHECK(cold_result[0]["errors"].empty());
    CHECK_THAT(cold.err, Catch::Contains("renraku: --offline: nothing asked of the network; "
                                         "skipped: arin (1 not in the cache)"));
    CHECK(test::counted_questions() == 0);

    auto online = test::run_cli({"lookup", "-c", cfg, "-f", "json", "-s", "arin,first", "74.125.1.1"});
    CHECK(online.exit_code == 0);
    const auto asked = test::counted_questions();
    CHECK(asked > 0);

    auto warm = test::run_cli({"lookup", "-c", cfg, "--offline", "-f", "json", "-s", "arin,first",
                               "74.125.1.1"});
    INFO(warm.err);
    CHECK(warm.exit_code == 0);
    // The same result, but for when each piece of evidence was read.
    auto without_times = [](json j) {
        for (auto& r : j)
            for (auto& c : r["contacts"])
                for (auto& e : c["evidence"])
                    e.erase("retrieved_at");
        return j;
    };
    CHECK(without_times(json::parse(warm.out)) == without_times(json::parse(online.out)));
    CHECK_THAT(warm.err, !Catch::Contains("skipped"));
    CHECK(test::counted_questions() == asked); // nothing asked

    // Without any cache, the network sources cannot run at all, and that is said.
    auto none = test::run_cli({"lookup", "-c", cfg, "--offline", "--no-cache", "-s", "arin",
                               "74.125.1.1"});
    CHECK(none.exit_code == 2);
    CHECK_THAT(none.err, Catch::Contains("\"arin\" will not run: disabled, needs the network "
                                         "(--offline, and no cache to answer from)"));
}

TEST_CASE("a verbose lookup prints every question: server, question, outcome, channel, time, "
          "cache",
          "[cli]") {
    auto cfg = config_with_cache();
    auto first = test::run_cli({"lookup", "-c", cfg, "-v", "-s", "arin", "74.125.1.1"});
    CHECK(first.exit_code == 0);
    auto trail = lines_of(first.err);
    REQUIRE_FALSE(trail.empty());
    CHECK_THAT(trail[0], Catch::Matches("renraku: \\[arin 74\\.125\\.1\\.1\\] https rdap\\.arin\\.net "
                                        "\"GET https://rdap\\.arin\\.net/registry/ip/74\\.125\\.1\\.1\" "
                                        "-> ok 200, TLS verified \\(CN = renraku test world\\), "
                                        "\\d+ ms"));
    auto again = test::run_cli({"lookup", "-c", cfg, "-v", "-s", "arin", "74.125.1.1"});
    CHECK_THAT(again.err, Catch::Contains("\"GET https://rdap.arin.net/registry/ip/74.125.1.1\" -> "
                                          "ok 200, TLS verified (CN = renraku test world) "
                                          "(cache), "));
    // DNS and whois too, with whatever the server answered.
    auto dns = test::run_cli({"lookup", "-c", RENRAKU_TEST_WORLD_CONFIG, "-v", "-s", "dns_soa",
                              "www.example.test"});
    CHECK_THAT(dns.err, Catch::Contains("renraku: [dns_soa www.example.test] dns 127.0.0.1:5353 "
                                        "\"SOA www.example.test\" -> "));
    CHECK_THAT(dns.err, Catch::Contains("\"SOA www.example.test\" -> nodata, DNSSEC secure, "));
    auto whois = test::run_cli({"lookup", "-c", RENRAKU_TEST_WORLD_CONFIG, "-v", "-s", "jprs",
                                "example.jp"});
    CHECK_THAT(whois.err, Catch::Matches("(.|\n)*renraku: \\[jprs example\\.jp\\] whois "
                                         "whois\\.jprs\\.jp(:43)? \"example\\.jp/e\" -> ok, clear text, "
                                         "\\d+ ms(.|\n)*"));
    // Not without -v, and never with -q.
    auto quiet = test::run_cli({"lookup", "-c", cfg, "-v", "-q", "-s", "arin", "74.125.1.1"});
    CHECK(quiet.err.empty());
}

TEST_CASE("csv has a row for every indicator, with the reason when it has no contact", "[cli]") {
    auto run = test::run_cli({"lookup", "-c", RENRAKU_TEST_WORLD_CONFIG, "-f", "csv", "-s", "arin",
                              "-"},
                             "74.125.1.1\nnot an indicator!\nexample.test\n203.0.113.77\n");
    auto rows = lines_of(run.out);
    REQUIRE(rows.size() >= 5);
    CHECK(rows[0] == "indicator,type,email,phone,url,role,score,recommend,sources,caveats");
    auto row_of = [&](const std::string& indicator) {
        for (const auto& r : rows)
            if (r.rfind(indicator + ",", 0) == 0) return r;
        return std::string();
    };
    CHECK_THAT(row_of("74.125.1.1"), Catch::StartsWith("74.125.1.1,ipv4,arin-contact@google.com,"));
    CHECK_THAT(row_of("not an indicator!"), Catch::Contains(",,,,,,,,not an indicator"));
    // A domain: arin does not answer for it; the row says so rather than leaving it out.
    CHECK_THAT(row_of("example.test"), Catch::StartsWith("example.test,domain,,,,,,,,no contact found"));
    CHECK_FALSE(row_of("203.0.113.77").empty());
}

TEST_CASE("network ranges read the same whichever registry format they came in", "[cli]") {
    auto run = test::run_cli({"lookup", "-c", RENRAKU_TEST_WORLD_CONFIG, "-f", "json", "-s",
                              "apnic", "-v", "2001:240::1"});
    const json results = json::parse(run.out);
    bool seen = false;
    for (const auto& c : results[0]["contacts"])
        for (const auto& e : c["evidence"])
            if (e["source"] == "apnic") {
                seen = true;
                CHECK(e["scope"] == "2001:240::/32");
            }
    CHECK(seen);
}
