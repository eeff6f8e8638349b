// Configuration without surprises: refusals with file:line, check-config with origins,
// sources -v, the command line's short forms, and update-data into the user's data folder.

#include "cli_runner.hpp"
#include "harness.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

using namespace renraku;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string config_with(const std::string& extra) {
    return test::write_temp_config(test::world_config_with(extra)).string();
}

// The line of the config file that holds `text` (1-based).
int line_of(const std::string& file, const std::string& text) {
    std::ifstream in(file);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n)
        if (line.find(text) != std::string::npos) return n;
    return 0;
}

} // namespace

TEST_CASE("a [sources.NAME] table for no plugin is refused, with the closest name", "[cli]") {
    auto cfg = config_with("[sources.dns_sao]\nenabled = false\n");
    auto run = test::run_cli({"lookup", "-c", cfg, "example.test"});
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK_THAT(run.err, Catch::StartsWith("renraku: " + cfg + ":" +
                                          std::to_string(line_of(cfg, "[sources.dns_sao]")) +
                                          ": [sources.dns_sao] names no plugin found (did you mean "
                                          "\"dns_soa\"?)"));
    auto src = test::run_cli({"sources", "-c", cfg});
    CHECK(src.exit_code == 2);
}

TEST_CASE("an unknown scoring signal or role is refused, never weighed as nothing", "[cli]") {
    auto cfg = config_with("[scoring.weights]\nsoa_rnam = 0.4\n");
    auto run = test::run_cli({"lookup", "-c", cfg, "example.test"});
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.err, Catch::Contains(cfg + ":" + std::to_string(line_of(cfg, "soa_rnam")) +
                                        ": [scoring.weights] unknown signal \"soa_rnam\" (did you "
                                        "mean \"soa_rname\"?)"));
    auto role =
        test::run_cli({"check-config", "-c", config_with("[scoring.roles]\nabuze = 0.3\n")});
    CHECK(role.exit_code == 2);
    CHECK_THAT(role.err, Catch::Contains("unknown role \"abuze\" (did you mean \"abuse\"?)"));
    // A known one is taken.
    CHECK(test::run_cli({"check-config", "-c", config_with("[scoring.weights]\nsoa_rname = 0.4\n")})
              .exit_code == 0);
}

TEST_CASE("a disabled or unknown source named in --sources is said to be so", "[cli]") {
    auto cfg = config_with("[sources.rfc2142]\nenabled = false\n");
    auto off = test::run_cli({"lookup", "-c", cfg, "-s", "rfc2142", "example.test"});
    CHECK(off.exit_code == 2);
    CHECK(off.err == "renraku: --sources: \"rfc2142\" will not run: disabled, enabled = false at " +
                         cfg + ":" + std::to_string(line_of(cfg, "[sources.rfc2142]")) + "\n");
    auto net = test::run_cli({"lookup", "-c", cfg, "--offline", "-s", "dns_soa", "example.test"});
    CHECK(net.exit_code == 2);
    CHECK_THAT(net.err, Catch::Contains("\"dns_soa\" will not run: disabled, needs the network"));
    auto typo = test::run_cli({"lookup", "-c", cfg, "-s", "rfc2124", "example.test"});
    CHECK(typo.exit_code == 2);
    CHECK_THAT(typo.err,
               Catch::Contains("no source named \"rfc2124\" (did you mean \"rfc2142\"?)"));
    // A space after the comma is fine.
    auto two = test::run_cli({"lookup", "-c", RENRAKU_TEST_WORLD_CONFIG, "-f", "json", "--sources",
                              "dns_soa, rfc2142", "example.test"});
    CHECK(two.exit_code == 0);
    std::set<std::string> seen;
    const json results = json::parse(two.out); // kept alive: the loop reads inside it
    for (const auto& c : results[0]["contacts"])
        for (const auto& e : c["evidence"])
            seen.insert(e["source"].get<std::string>());
    CHECK(seen == std::set<std::string>{"dns_soa", "rfc2142"});
}

TEST_CASE("an unknown command is named as such, and short options work", "[cli]") {
    auto run = test::run_cli({"lokup", "example.test"});
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.err, Catch::StartsWith("renraku: unknown command \"lokup\" (did you mean "
                                          "\"lookup\"?) (commands: lookup,"));
    auto short_form = test::run_cli({"lookup", "-c", RENRAKU_TEST_WORLD_CONFIG, "-f", "csv", "-s",
                                     "rfc2142", "-q", "example.test"});
    CHECK(short_form.exit_code == 0);
    CHECK(short_form.err.empty());
    CHECK_THAT(short_form.out, Catch::StartsWith("indicator,type,email"));
    CHECK_THAT(short_form.out, Catch::Contains("example.test,domain,abuse@example.test"));
}

TEST_CASE("help COMMAND, COMMAND --help and help list the same commands from one table", "[cli]") {
    auto all = test::run_cli({"help"});
    CHECK(all.exit_code == 0);
    auto flag = test::run_cli({"--help"});
    CHECK(flag.exit_code == 0);
    CHECK(all.out == flag.out);
    for (const char* name : {"lookup", "notice", "ledger", "followup", "worker", "completion"}) {
        CHECK_THAT(all.out, Catch::Contains(std::string("\n  ") + name + " "));
        auto one = test::run_cli({"help", name});
        auto own = test::run_cli({name, "--help"});
        CHECK(one.exit_code == 0);
        CHECK(one.out == own.out);
        CHECK_THAT(one.out, Catch::Contains(std::string("Usage: renraku ") + name));
    }
    CHECK_THAT(test::run_cli({"help", "notice"}).out, Catch::Contains("--send DIR"));
    // --offline as it behaves: sources that need the network answer from the cache.
    CHECK_THAT(test::run_cli({"help", "lookup"}).out,
               Catch::Contains("answer from the cache only"));
    auto bad = test::run_cli({"help", "lokup"});
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.err, Catch::Contains("help: no command \"lokup\""));
}

TEST_CASE("check-config prints every effective value with where it came from", "[cli]") {
    auto cfg =
        config_with("[scoring]\nmax_cc = 2\n[sources.rfc2142]\ninclude_rarely_read = false\n");
    auto run = test::run_cli({"check-config", "-c", cfg}, "",
                             {{"XDG_CACHE_HOME", "/tmp/renraku-check-cache"}});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK_THAT(run.err, Catch::Contains("the configuration is valid"));
    auto row = [&](const std::string& key) {
        const std::string text = "\n" + run.out;
        auto at = text.find("\n" + key + " = ");
        if (at == std::string::npos) return std::string();
        return text.substr(at + 1, text.find('\n', at + 1) - at - 1);
    };
    CHECK_THAT(row("scoring.max_cc"), Catch::Matches("scoring\\.max_cc = 2 +# " + cfg + ":" +
                                                     std::to_string(line_of(cfg, "max_cc = 2"))));
    CHECK_THAT(row("engine.max_parallel"), Catch::Matches("engine\\.max_parallel = 16 +# default"));
    CHECK_THAT(
        row("cache.path"),
        Catch::Matches("cache\\.path = \"/tmp/renraku-check-cache/renraku/cache\\.sqlite\" +# "
                       "environment XDG_CACHE_HOME"));
    CHECK_THAT(row("sources.rfc2142.include_rarely_read"),
               Catch::Matches(".* = false +# " + cfg + ":\\d+"));
    CHECK_THAT(row("sources.rfc2142.mailboxes"), Catch::Matches(".*\\[\"abuse\", .*# default"));
    CHECK_THAT(run.out, Catch::StartsWith("config file = \"" + cfg + "\""));
    CHECK_THAT(row("config file"), Catch::EndsWith("# --config"));
    auto env = test::run_cli({"check-config"}, "", {{"RENRAKU_CONFIG", cfg}});
    CHECK_THAT(env.out, Catch::Contains("# environment RENRAKU_CONFIG"));

    auto bad = test::run_cli({"check-config", "-c", config_with("[scoring]\nmax_cc = 11\n")});
    CHECK(bad.exit_code == 2);
    CHECK(bad.out.empty());
    CHECK_THAT(bad.err, Catch::Contains("scoring.max_cc must be from 0 to 10"));
}

TEST_CASE("sources -v shows every key a source reads: type, default, help", "[cli]") {
    auto cfg = config_with("[sources.rfc2142]\ninclude_rarely_read = false\n");
    auto run = test::run_cli({"sources", "-v", "-c", cfg});
    REQUIRE(run.exit_code == 0);
    CHECK_THAT(run.out,
               Catch::Contains("    include_rarely_read (bool, default true) = false\n      "));
    CHECK_THAT(run.out, Catch::Contains("    mailboxes (string list, default [\"abuse\""));
    CHECK_THAT(run.out, Catch::Contains("bootstrap/ipv4.json  shipped, published 2019-06-07"));
    auto js = json::parse(test::run_cli({"sources", "-v", "-f", "json", "-c", cfg}).out);
    bool found = false;
    for (const auto& s : js) {
        if (s["name"] != "rfc2142") continue;
        for (const auto& k : s["keys"]) {
            if (k["name"] != "include_rarely_read") continue;
            found = true;
            CHECK(k["type"] == "bool");
            CHECK(k["default"] == "true");
            CHECK(k["value"] == "false");
            CHECK_FALSE(k["help"].get<std::string>().empty());
        }
    }
    CHECK(found);
}

TEST_CASE("update-data writes the user's data folder, which overlays the shipped data", "[cli]") {
    auto home = test::write_temp_config("", "placeholder").parent_path() / "xdg-data";
    std::vector<std::pair<std::string, std::string>> env = {{"XDG_DATA_HOME", home.string()}};
    const fs::path shipped = fs::path(RENRAKU_TEST_SOURCE_DIR) / "config/data/bootstrap/asn.json";
    const std::string shipped_before = test::read_file(shipped);

    auto before = test::run_cli({"version", "-c", RENRAKU_TEST_WORLD_CONFIG}, "", env);
    CHECK_THAT(before.out, Catch::Contains("bootstrap/asn.json  shipped, published 2024-04-10"));
    auto run = test::run_cli({"update-data", "-c", RENRAKU_TEST_WORLD_CONFIG}, "", env);
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    fs::path user = home / "renraku" / "data";
    CHECK_THAT(run.out, Catch::Contains("in " + (user / "bootstrap").string()));
    CHECK(fs::is_regular_file(user / "bootstrap" / "asn.json"));
    CHECK(fs::is_regular_file(user / "csirts" / "first-teams.json"));
    CHECK(test::read_file(shipped) == shipped_before); // the source tree is never written

    auto after = test::run_cli({"version", "-c", RENRAKU_TEST_WORLD_CONFIG}, "", env);
    CHECK_THAT(after.out, Catch::Contains("bootstrap/asn.json  user, "));
    CHECK_THAT(after.out, Catch::Contains("csirts/first-teams.json  user, "));
    CHECK_THAT(after.out, Catch::Contains("csirts/teams.json  shipped, "));

    // The refreshed file is the one a lookup reads: an empty AS table in the user's layer means
    // no registry for an AS number, which the shipped table has.
    std::ofstream(user / "bootstrap" / "asn.json") << "{\"services\": []}";
    auto as = test::run_cli(
        {"lookup", "-c", RENRAKU_TEST_WORLD_CONFIG, "-f", "json", "-s", "arin", "AS13335"}, "",
        env);
    CHECK(as.exit_code == 1);
    CHECK(json::parse(as.out)[0]["contacts"].empty());
    fs::remove(user / "bootstrap" / "asn.json");
    auto back = test::run_cli(
        {"lookup", "-c", RENRAKU_TEST_WORLD_CONFIG, "-f", "json", "-s", "arin", "AS13335"}, "",
        env);
    CHECK(back.exit_code == 0);
    CHECK(json::parse(back.out)[0]["contacts"][0]["email"] == "abuse@cloudflare.com");
}

TEST_CASE("update-data fetches the list of privacy services where [data] points", "[cli]") {
    auto home = test::write_temp_config("", "placeholder").parent_path() / "xdg-privacy";
    std::vector<std::pair<std::string, std::string>> env = {{"XDG_DATA_HOME", home.string()}};
    fs::path user = home / "renraku" / "data";
    // Not configured: the shipped list stays, and the run says so.
    auto plain = test::run_cli({"update-data", "-c", RENRAKU_TEST_WORLD_CONFIG}, "", env);
    REQUIRE(plain.exit_code == 0);
    CHECK_THAT(plain.out, Catch::Contains("the list of privacy and proxy services is the shipped"));
    CHECK_FALSE(fs::exists(user / "registries" / "privacy-services.json"));

    auto cfg = config_with(
        "[data]\nprivacy_services_url = \"https://privacy-list.test/privacy-services.json\"\n");
    auto run = test::run_cli({"update-data", "-c", cfg}, "", env);
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK_THAT(run.out, Catch::Contains("updated the list of privacy and proxy services"));
    CHECK_THAT(test::read_file(user / "registries" / "privacy-services.json"),
               Catch::Contains("Example Forwarding Service"));
    auto version = test::run_cli({"version", "-c", cfg}, "", env);
    CHECK_THAT(version.out,
               Catch::Contains("registries/privacy-services.json  user, as of 2026-11-30"));

    // A URL that is not https is refused with the file and line.
    auto bad = config_with("[data]\nprivacy_services_url = \"http://privacy-list.test/x\"\n");
    auto refused = test::run_cli({"update-data", "-c", bad}, "", env);
    CHECK(refused.exit_code == 2);
    CHECK_THAT(refused.err, Catch::Contains("data.privacy_services_url must be an https:// URL"));
}
