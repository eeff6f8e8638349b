#include "config/config.hpp"
#include "harness.hpp"
#include "plugin/source_config.hpp"

#include <catch2/catch.hpp>
#include <fstream>

using namespace renraku;
using namespace renraku::core;

namespace {

std::string error_of(const std::string& body) {
    try {
        load_config(test::write_temp_config(body));
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("a full config loads", "[config]") {
    auto file = test::write_temp_config(R"(
[network]
timeout_ms = 2500
dns_servers = ["127.0.0.1:5353", "[::1]:53"]
tls_ca_file = "ca.pem"
connect_to = ["whois.arin.net:43:127.0.0.1:4301"]
[plugins]
dirs = ["plugins", "/usr/lib"]
[engine]
max_parallel = 4
[scoring]
to_threshold = 0.2
[scoring.weights]
soa_rname = 0.4
[sources.dns_soa]
enabled = false
)");
    std::filesystem::create_directories(file.parent_path() / "plugins");
    std::ofstream(file.parent_path() / "ca.pem") << "not checked here\n";
    auto cfg = load_config(file);
    CHECK(cfg.network.timeout_ms == 2500);
    CHECK(cfg.network.dns_servers.size() == 2);
    CHECK(cfg.network.tls_ca_file == (file.parent_path() / "ca.pem").string());
    CHECK(cfg.plugin_dirs.front() == file.parent_path() / "plugins");
    CHECK(cfg.plugin_dirs.at(1) == "/usr/lib");
    CHECK(cfg.engine.max_parallel == 4);
    CHECK(cfg.source_timeout_ms() == 7500);
    CHECK(cfg.scoring.weights.at("soa_rname") == 0.4);
    CHECK(cfg.sources.count("dns_soa") == 1);
}

TEST_CASE("config mistakes name the file and line", "[config]") {
    auto e = error_of("[network]\ntimeout_ms = 5000\ntimeout = 3\n");
    CHECK_THAT(e, Catch::Contains(":3: unknown key \"timeout\" in [network]"));
    CHECK_THAT(error_of("[network]\ntimeout_ms = \"fast\"\n"),
               Catch::Contains(":2: network.timeout_ms must be an integer"));
    // A float where an integer belongs, even one past the integer range (found by the config
    // fuzz target: converting it was undefined behaviour).
    CHECK_THAT(error_of("[network]\ntimeout_ms = 1.5\n"),
               Catch::Contains(":2: network.timeout_ms must be an integer"));
    CHECK_THAT(error_of("#e.\n[network]\ntimeout_ms = "
                        "109999999999999999999999999999999999999999999999.0\n"),
               Catch::Contains(":3: network.timeout_ms must be an integer"));
    CHECK_THAT(error_of("[network]\ntimeout_ms = -inf\n"),
               Catch::Contains(":2: network.timeout_ms must be an integer"));
    CHECK_THAT(error_of("[netwrok]\n"), Catch::Contains(":1: unknown key \"netwrok\""));
    CHECK_THAT(error_of("[network\n"), Catch::Contains(":1:"));
    CHECK_THAT(error_of("[scoring.weights]\nsoa_rname = 7\n"), Catch::Contains("from -1 to 1"));
    CHECK_THAT(error_of("[network]\nconnect_to = [\"nonsense\"]\n"),
               Catch::Contains("HOST:PORT:HOST:PORT"));
}

TEST_CASE("a source's table is checked against the keys it declares", "[config]") {
    sdk::SourceInfo info;
    info.name = "demo";
    info.keys = {{"limit", sdk::ValueType::integer, std::int64_t{3}, "how many"},
                 {"names", sdk::ValueType::string_list, std::vector<std::string>{"a"}, "names"}};
    auto file = test::write_temp_config("[sources.demo]\nlimit = 5\nnames = [\"x\", \"y\"]\n");
    auto cfg = load_config(file);
    auto checked = check_source_config(info, &cfg.sources.at("demo"), file);
    CHECK(checked.enabled);
    CHECK(checked.values.get_int("limit") == 5);
    CHECK(checked.values.get_strings("names").size() == 2);

    auto defaults = check_source_config(info, nullptr, file);
    CHECK(defaults.values.get_int("limit") == 3);

    auto bad = test::write_temp_config("[sources.demo]\nenabled = true\n\nlimt = 5\n");
    auto bad_cfg = load_config(bad);
    try {
        check_source_config(info, &bad_cfg.sources.at("demo"), bad);
        FAIL("accepted an unknown key");
    } catch (const ConfigError& e) {
        CHECK_THAT(e.what(), Catch::Contains(":4: [sources.demo] unknown key \"limt\""));
        CHECK_THAT(e.what(), Catch::Contains("known: enabled, limit, names"));
    }
    auto wrong = test::write_temp_config("[sources.demo]\nlimit = \"five\"\n");
    auto wrong_cfg = load_config(wrong);
    CHECK_THROWS_WITH(check_source_config(info, &wrong_cfg.sources.at("demo"), wrong),
                      Catch::Contains(":2: [sources.demo] limit must be an integer"));
}

TEST_CASE("an explicitly named config that does not exist is an error", "[config]") {
    CHECK_THROWS_AS(find_config_file("/nonexistent/renraku.toml"), ConfigError);
}

TEST_CASE("values that pass every comparison are refused: NaN, infinities, absurd rates, ports",
          "[config]") {
    CHECK_THAT(error_of("[scoring.weights]\nsoa_rname = nan\n"),
               Catch::Matches(".*renraku\\.toml:2: scoring\\.weights\\.soa_rname must be from -1 to 1"));
    CHECK_THAT(error_of("[scoring]\nto_threshold = inf\n"),
               Catch::Contains("scoring.to_threshold must be from -1 to 1"));
    CHECK_THAT(error_of("[network.limits.default]\nper_minute = nan\n"),
               Catch::Contains("per_minute must be from 0.0007 (one a day) to 100000"));
    CHECK_THAT(error_of("[network.limits.\"a.example\"]\nper_minute = 1e-300\n"),
               Catch::Contains("renraku.toml:2: network.limits.a.example.per_minute must be from"));
    CHECK_THAT(error_of("[network]\ndns_servers = [\"127.0.0.1:70000\"]\n"),
               Catch::Contains("\"127.0.0.1:70000\" is not HOST[:PORT] with a port from 1 to 65535"));
    CHECK_THAT(error_of("[network]\ndns_servers = [\"[::1]:0\"]\n"),
               Catch::Contains("is not HOST[:PORT]"));
    CHECK(error_of("[network]\ndns_servers = [\"[::1]:53\", \"::1\", \"ns.example\"]\n").empty());
    CHECK_THAT(error_of("[network]\nconnect_to = [\"a.example:43:127.0.0.1:99999\"]\n"),
               Catch::Contains("with ports from 1 to 65535"));
}

TEST_CASE("a config is bounded before it is parsed, and must be a regular file", "[config]") {
    std::string deep = "x = " + std::string(1000, '[') + std::string(1000, ']') + "\n";
    CHECK_THAT(error_of(deep), Catch::Matches(".*renraku\\.toml:1: nested more than 32 deep"));
    std::string header = "[a";
    for (int i = 0; i < 35000; ++i)
        header += ".a";
    CHECK_THAT(error_of(header + "]\n"), Catch::Contains("renraku.toml:1: a key of more than 16 parts"));
    CHECK_THAT(error_of(std::string(300 << 10, '#')), Catch::Contains("renraku.toml: larger than 256 KiB"));
    CHECK(error_of("# a comment. with. many. dots. . . . . . . . . . . . . . . . . . . .\n"
                   "[notice]\nsmtp_user = \"a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s\"\n")
              .empty());
    for (const char* not_a_file : {"/tmp", "/dev/zero"}) {
        try {
            load_config(std::filesystem::path(not_a_file));
            FAIL(not_a_file);
        } catch (const ConfigError& e) {
            CHECK_THAT(e.what(), Catch::Contains("not a regular file"));
        }
    }
}

TEST_CASE("a config naming what is not there is refused with file:line", "[config]") {
    CHECK_THAT(error_of("[plugins]\ndirs = [\"/nonexistent/renraku/plugins\"]\n"),
               Catch::Matches(".*renraku\\.toml:2: plugins\\.dirs: \"/nonexistent/renraku/plugins\" "
                              "is not a folder"));
    CHECK_THAT(error_of("[network]\n\ntls_ca_file = \"/nonexistent/ca.pem\"\n"),
               Catch::Matches(".*renraku\\.toml:3: network\\.tls_ca_file: \"/nonexistent/ca\\.pem\" "
                              "cannot be read"));
    // A folder is not a CA file either.
    CHECK_THAT(error_of("[network]\ntls_ca_file = \"/tmp\"\n"), Catch::Contains("cannot be read"));
    CHECK_THAT(error_of("[network]\ntimeout = 3\n"),
               Catch::Contains("unknown key \"timeout\" in [network] (did you mean \"timeout_ms\"?)"));
}
