#include "cli_runner.hpp"
#include "harness.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

using namespace renraku;
using nlohmann::json;

namespace {

std::string world_config() {
    return RENRAKU_TEST_WORLD_CONFIG;
}

std::string config_with(const std::string& extra) {
    return test::write_temp_config(test::world_config_with(extra)).string();
}

std::string config_with_test_plugins(const std::string& extra) {
    std::string body = test::world_config_with(extra);
    auto pos = body.find("dirs = [");
    body.insert(pos + 8, "\"" + std::string(RENRAKU_TEST_EXTRA_PLUGIN_DIR) + "\", ");
    return test::write_temp_config(body).string();
}

const json* contact(const json& result, const std::string& email) {
    for (const auto& c : result["contacts"])
        if (c.value("email", "") == email) return &c;
    return nullptr;
}

bool has_caveat(const json& c, const std::string& text) {
    for (const auto& cv : c["caveats"])
        if (cv.get<std::string>().find(text) != std::string::npos) return true;
    return false;
}

std::set<std::string> sources_of(const json& c) {
    std::set<std::string> out;
    for (const auto& e : c["evidence"])
        out.insert(e["source"].get<std::string>());
    return out;
}

} // namespace

TEST_CASE("lookup --format json: SOA forward and reverse, role mailboxes, merged and scored",
          "[cli]") {
    auto run = test::run_cli({"lookup", "--config", world_config(), "--format", "json",
                              "www.example.test", "192.0.2.10"});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    auto results = json::parse(run.out);
    REQUIRE(results.size() == 2);

    const auto& host = results[0];
    CHECK(host["indicator"] == "www.example.test");
    CHECK(host["type"] == "domain");
    CHECK(host["registrable_domain"] == "example.test");
    const json* hm = contact(host, "hostmaster@example.test");
    REQUIRE(hm);
    CHECK(sources_of(*hm) == std::set<std::string>{"dns_soa", "rfc2142"});
    CHECK((*hm)["recommend"] == "to");
    CHECK((*hm)["role"] == "hostmaster");
    CHECK(host["contacts"][0]["email"] == "hostmaster@example.test");
    for (const auto& e : (*hm)["evidence"]) {
        CHECK(e["server"] == "127.0.0.1:5353");
        CHECK(e.contains("retrieved_at"));
        CHECK(e.contains("scope"));
    }
    const json* abuse = contact(host, "abuse@example.test");
    REQUIRE(abuse);
    CHECK((*abuse)["role"] == "abuse");
    CHECK(has_caveat(*abuse, "not published by the site"));
    const json* root = contact(host, "Administrator@example.test");
    REQUIRE(root);
    CHECK(has_caveat(*root, "may not be read"));
    CHECK((*root)["score"].get<double>() < (*abuse)["score"].get<double>());
    const json* upstream = contact(host, "ipadmin@upstream-isp.test"); // via the host's address
    REQUIRE(upstream);
    CHECK(has_caveat(*upstream, "upstream provider"));
    double last = 2;
    for (const auto& c : host["contacts"]) {
        CHECK(c["score"].get<double>() <= last);
        last = c["score"].get<double>();
    }

    const auto& addr = results[1];
    CHECK(addr["type"] == "ipv4");
    const json* rev = contact(addr, "ipadmin@upstream-isp.test");
    REQUIRE(rev);
    CHECK((*rev)["role"] == "soa");
    CHECK((*rev)["evidence"][0]["scope"] == "2.0.192.in-addr.arpa");
    CHECK((*rev)["evidence"][0]["object"] == "2.0.192.in-addr.arpa SOA");
    CHECK(has_caveat(*rev, "often the upstream provider"));
    CHECK(addr["errors"].empty());
}

TEST_CASE("explain shows each signal and weight", "[cli]") {
    auto run = test::run_cli(
        {"lookup", "--config", world_config(), "--format", "json", "--explain", "example.test"});
    auto r = json::parse(run.out)[0];
    const json* hm = contact(r, "hostmaster@example.test");
    REQUIRE(hm);
    std::map<std::string, double> weights;
    for (const auto& sw : (*hm)["explain"])
        weights[sw["signal"]] = sw["weight"];
    CHECK(weights.at("soa_rname") > 0);
    CHECK(weights.at("guessed_role_mailbox") > 0);
    CHECK(weights.count("corroboration") == 1);
    CHECK(weights.count("role:hostmaster") == 1);
    auto table = test::run_cli({"lookup", "--config", world_config(), "--explain", "example.test"});
    CHECK_THAT(table.out, Catch::Contains("soa_rname"));
    CHECK_THAT(table.out, Catch::Contains("+0.30"));
    CHECK_THAT(table.out, Catch::Contains("from dns_soa: 127.0.0.1:5353 example.test SOA RNAME"));
}

TEST_CASE("table output is aligned text with caveats and errors", "[cli]") {
    auto run =
        test::run_cli({"lookup", "--config", world_config(), "192.0.2.130", "x.timeout.test"});
    CHECK(run.exit_code == 3); // the timed-out name got no `to`, and a source failed for it
    CHECK_THAT(run.out, Catch::Contains("noc@customer.test"));
    CHECK_THAT(run.out, Catch::Contains("RFC 2317"));
    CHECK_THAT(run.out, Catch::Contains("no contact found"));
    CHECK_THAT(run.out, Catch::Contains("error (dns_soa, x.timeout.test): DNS timeout"));
    CHECK(run.out.find('\x1b') == std::string::npos); // not a terminal: no colour
}

TEST_CASE("a failing source is reported while the others answer", "[cli]") {
    auto run =
        test::run_cli({"lookup", "--config", world_config(), "--format", "json", "x.timeout.test"});
    CHECK(run.exit_code == 3); // "could not ask", told apart from "nothing found"
    auto r = json::parse(run.out)[0];
    std::set<std::string> failed;
    for (const auto& e : r["errors"])
        failed.insert(e["source"].get<std::string>());
    CHECK(failed == std::set<std::string>{"dns_soa", "rfc2142"});
}

TEST_CASE("jsonl, csv and stdin", "[cli]") {
    auto jl =
        test::run_cli({"lookup", "--config", world_config(), "--format", "jsonl", "--ordered", "-"},
                      "# a comment\n\nexample.test\n  192.0.2.130  \n");
    REQUIRE(jl.exit_code == 0);
    std::vector<json> lines;
    std::size_t start = 0;
    while (start < jl.out.size()) {
        auto nl = jl.out.find('\n', start);
        lines.push_back(json::parse(jl.out.substr(start, nl - start)));
        start = nl + 1;
    }
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]["indicator"] == "example.test");
    CHECK(lines[0]["line"] == 3); // where it was read
    CHECK(lines[1]["normalized"] == "192.0.2.130");
    CHECK(lines[1]["line"] == 4);

    auto csv =
        test::run_cli({"lookup", "--config", world_config(), "--format", "csv", "192.0.2.130"});
    CHECK(csv.out.rfind("indicator,type,email,phone,url,role,score,recommend,sources,caveats\n",
                        0) == 0);
    CHECK_THAT(csv.out, Catch::Contains("192.0.2.130,ipv4,noc@customer.test,,,soa,"));
}

TEST_CASE("bad indicators: exit 2 and one line each, naming the input", "[cli]") {
    auto run =
        test::run_cli({"lookup", "--config", world_config(), "1.2.3", "AS-1", "example.test"});
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK(run.err == "renraku: bad indicator \"1.2.3\": not an IPv4 address: 3 parts, need 4\n"
                     "renraku: bad indicator \"AS-1\": not an AS number (\"AS-\" names an as-set, "
                     "not an autonomous system)\n");
    // In a batch a bad line is reported (line number, one line) and counts as one without a
    // `to`; it never stops the run.
    auto ctl = test::run_cli({"lookup", "--config", world_config(), "-"}, "evil\x1b[31m.example\n");
    CHECK(ctl.exit_code == 1);
    CHECK(ctl.err.find('\x1b') == std::string::npos);
    CHECK_THAT(ctl.err,
               Catch::Contains("renraku: line 1: not an indicator \"evil\\x1b[31m.example\""));
}

TEST_CASE("usage and config errors: exit 2 with one clear line", "[cli]") {
    auto fmt =
        test::run_cli({"lookup", "--config", world_config(), "--format", "xml", "example.test"});
    CHECK(fmt.exit_code == 2);
    CHECK_THAT(fmt.err, Catch::Contains("--format: \"xml\""));
    auto src =
        test::run_cli({"lookup", "--config", world_config(), "--sources", "nope", "example.test"});
    CHECK(src.exit_code == 2);
    CHECK_THAT(src.err, Catch::Contains("no source named \"nope\""));
    auto key = test::run_cli(
        {"lookup", "--config", config_with("[sources.dns_soa]\nrevrse = false\n"), "example.test"});
    CHECK(key.exit_code == 2);
    CHECK_THAT(key.err, Catch::Contains("[sources.dns_soa] unknown key \"revrse\""));
    CHECK_THAT(key.err, Catch::Matches(".*renraku\\.toml:\\d+: .*\n"));
    auto missing = test::run_cli({"lookup", "--config", "/nonexistent.toml", "example.test"});
    CHECK(missing.exit_code == 2);
    auto nothing = test::run_cli({"lookup"});
    CHECK(nothing.exit_code == 2);
    auto no_cmd = test::run_cli({});
    CHECK(no_cmd.exit_code == 2);
}

TEST_CASE("offline and sources options select sources, exit 1 when nothing is found", "[cli]") {
    auto off = test::run_cli({"lookup", "--config", world_config(), "--offline", "example.test"});
    CHECK(off.exit_code == 1);
    auto only = test::run_cli({"lookup", "--config", world_config(), "--format", "json",
                               "--sources", "rfc2142", "example.test"});
    CHECK(only.exit_code == 0);
    auto parsed = json::parse(only.out); // kept alive: the loop reads inside it
    for (const auto& c : parsed[0]["contacts"])
        CHECK(sources_of(c) == std::set<std::string>{"rfc2142"});
}

TEST_CASE("sources lists plugins with version and types, and refused ones with the reason",
          "[cli]") {
    auto cfg = config_with_test_plugins("");
    auto run = test::run_cli({"sources", "--config", cfg});
    REQUIRE(run.exit_code == 0);
    CHECK_THAT(run.out,
               Catch::Contains("dns_soa 1.1.0  [ipv4,ipv6,cidr,domain]  network  enabled"));
    CHECK_THAT(run.out, Catch::Contains("rfc2142 1.0.0  [domain]  network  enabled"));
    CHECK_THAT(run.out, Catch::Contains("abi_mismatch  REFUSED: ABI mismatch: expected"));
    CHECK_THAT(run.out, Catch::Contains("not_a_plugin  REFUSED: not a renraku plugin"));
    auto js = json::parse(test::run_cli({"sources", "--config", cfg, "--format", "json"}).out);
    bool refused = false;
    for (const auto& s : js) {
        if (s["name"] == "rfc2142") {
            CHECK(s["version"] == "1.0.0");
            CHECK(s["types"] == json::array({"domain"}));
            CHECK(s["enabled"] == true);
        }
        if (s["name"] == "abi_mismatch") {
            refused = true;
            CHECK(s["state"] == "refused");
            CHECK_THAT(s["reason"].get<std::string>(), Catch::Contains("found \"renraku-sdk/1"));
        }
    }
    CHECK(refused);
    auto disabled =
        test::run_cli({"sources", "--config", config_with("[sources.rfc2142]\nenabled = false\n")});
    CHECK_THAT(
        disabled.out,
        Catch::Contains("rfc2142 1.0.0  [domain]  network  disabled (enabled = false in config)"));
}

TEST_CASE("registry text never puts escape sequences on the terminal", "[cli]") {
    auto cfg = config_with_test_plugins("[sources.misbehaving]\nmode = \"hostile\"\n");
    for (const char* format : {"table", "json", "jsonl", "csv"}) {
        INFO(format);
        auto run = test::run_cli({"lookup", "--config", cfg, "--format", format, "--explain",
                                  "--sources", "misbehaving", "example.test"});
        CHECK(run.exit_code == 0);
        CHECK_THAT(run.out, Catch::Contains("evil"));
        for (unsigned char c : run.out) {
            bool ok = c >= 0x20 || c == '\n';
            CHECK(ok);
            if (!ok) break;
        }
        CHECK(run.out.find("\xc2\x9b") == std::string::npos);
        CHECK(run.out.find("\xe2\x80\xae") == std::string::npos);
    }
}

TEST_CASE("a source that throws or stalls does not take the run down", "[cli]") {
    auto thrower = config_with_test_plugins("[sources.misbehaving]\nmode = \"throw\"\n");
    auto t = test::run_cli({"lookup", "--config", thrower, "--format", "json", "192.0.2.10"});
    CHECK(t.exit_code == 0);
    auto r = json::parse(t.out)[0];
    CHECK_FALSE(r["contacts"].empty());
    CHECK_THAT(r["errors"][0]["message"].get<std::string>(), Catch::Contains("deliberate failure"));

    auto sleeper =
        config_with_test_plugins("[sources.misbehaving]\nmode = \"sleep\"\nsleep_ms = 20000\n");
    auto body = test::world_config_with("");
    auto start = std::chrono::steady_clock::now();
    auto s = test::run_cli({"lookup", "--config", sleeper, "--format", "json", "192.0.2.10"});
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(15)); // not 20 s
    auto sr = json::parse(s.out)[0];
    CHECK_FALSE(sr["contacts"].empty());
    CHECK_THAT(sr["errors"][0]["message"].get<std::string>(),
               Catch::Contains("timeout after 4000 ms"));
}

TEST_CASE("version", "[cli]") {
    auto run = test::run_cli({"version"});
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.out, Catch::StartsWith("renraku "));
}

namespace {
std::string data_copy() {
    auto dir = test::write_temp_config("", "placeholder").parent_path() / "data";
    std::filesystem::create_directories(dir / "bootstrap");
    for (const char* f : {"ipv4.json", "ipv6.json", "asn.json", "dns.json"})
        std::filesystem::copy_file(std::filesystem::path(RENRAKU_TEST_SOURCE_DIR) /
                                       "config/data/bootstrap" / f,
                                   dir / "bootstrap" / f);
    return dir.string();
}
std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
} // namespace

TEST_CASE("update-data refreshes the bootstrap files — offline it fails and changes nothing",
          "[cli]") {
    auto dir = data_copy();
    std::string before = read_file(dir + "/bootstrap/ipv4.json");
    std::ofstream(dir + "/bootstrap/asn.json") << "{\"services\": []}"; // stale on purpose
    auto ok =
        test::run_cli({"update-data", "--config", config_with("[data]\ndir = \"" + dir + "\"\n")});
    INFO(ok.err);
    CHECK(ok.exit_code == 0);
    CHECK_THAT(ok.out, Catch::Contains("updated 4 IANA bootstrap files"));
    CHECK_THAT(read_file(dir + "/csirts/first-teams.json"), Catch::Contains("EXAMPLE-FIRST"));
    CHECK(read_file(dir + "/bootstrap/asn.json") ==
          read_file(std::string(RENRAKU_TEST_SOURCE_DIR) + "/config/data/bootstrap/asn.json"));

    std::ofstream(dir + "/bootstrap/asn.json") << "{\"services\": []}";
    auto offline_cfg = test::world_config_redirecting("data.iana.org:443:127.0.0.1:9").string();
    auto body = read_file(offline_cfg) + "\n[data]\ndir = \"" + dir + "\"\n";
    std::ofstream(offline_cfg) << body;
    auto off = test::run_cli({"update-data", "--config", offline_cfg});
    CHECK(off.exit_code == 1);
    CHECK_THAT(off.err, Catch::Contains("cannot fetch https://data.iana.org/rdap/ipv4.json"));
    CHECK_THAT(off.err, Catch::Contains("is unchanged"));
    CHECK(read_file(dir + "/bootstrap/ipv4.json") == before);
    CHECK(read_file(dir + "/bootstrap/asn.json") == "{\"services\": []}");

    // FIRST's directory out of reach: nothing is replaced, the IANA files neither.
    std::ofstream(dir + "/csirts/first-teams.json") << "[]";
    auto no_first = test::world_config_redirecting("api.first.org:443:127.0.0.1:9").string();
    std::ofstream(no_first, std::ios::app) << "\n[data]\ndir = \"" + dir + "\"\n";
    auto off2 = test::run_cli({"update-data", "--config", no_first});
    CHECK(off2.exit_code == 1);
    CHECK_THAT(off2.err, Catch::Contains("cannot fetch https://api.first.org/data/v1/teams"));
    CHECK_THAT(off2.err, Catch::Contains("is unchanged"));
    CHECK(read_file(dir + "/csirts/first-teams.json") == "[]");
    CHECK(read_file(dir + "/bootstrap/asn.json") == "{\"services\": []}");
}

TEST_CASE("each contact says how its desk takes reports: e-mail, form or phone", "[cli]") {
    // The site's security.txt names an address, a web form and a telephone number.
    auto run = test::run_cli({"lookup", "--config", world_config(), "-f", "json", "-s",
                              "security_txt", "sectxt-valid.test"});
    REQUIRE(run.exit_code == 0);
    const json results = json::parse(run.out);
    std::map<std::string, std::string> channel;
    for (const auto& c : results[0]["contacts"]) {
        const char* kind = c.contains("email") ? "email" : c.contains("url") ? "url" : "phone";
        channel[c[kind].get<std::string>()] = c["channel"].get<std::string>();
    }
    CHECK(channel["security@sectxt-valid.test"] == "email");
    CHECK(channel["https://sectxt-valid.test/report-a-vulnerability"] == "form");
    CHECK(channel["+81-3-0000-0000"] == "phone");
}

TEST_CASE("a platform's desk for a tenant's host comes before the platform's own SOA and "
          "mailboxes",
          "[cli]") {
    // A rule of the user's own naming example.test a platform: www.example.test is a tenant.
    auto dir = test::write_temp_config("", "placeholder").parent_path();
    auto rules = dir / "platform-rules.json";
    std::ofstream(rules) << R"({"date": "2026-12-04", "rules": [{"platform": "Example Pages",
        "suffixes": ["example.test"], "email": "takedown@pages-desk.test",
        "source": "the test world"}]})";
    auto cfg = config_with("[sources.platform]\nrules_file = \"" + rules.string() + "\"\n");
    auto run = test::run_cli({"lookup", "-c", cfg, "-f", "json", "--explain", "www.example.test"});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const json results = json::parse(run.out);
    const auto& contacts = results[0]["contacts"];
    REQUIRE_FALSE(contacts.empty());
    CHECK(contacts[0]["email"] == "takedown@pages-desk.test");
    CHECK(contacts[0]["recommend"] == "to");
    bool soa_not_to = false;
    for (const auto& c : contacts)
        if (c.value("email", "") == "hostmaster@example.test") soa_not_to = c["recommend"] != "to";
    CHECK(soa_not_to);
    bool explained = false;
    for (const auto& e : contacts[0]["explain"])
        explained = explained || e["signal"] == "platform_desk";
    CHECK(explained);
}
