#include "registry_expect.hpp"
#include "renraku/sdk/signals.hpp"

using namespace renraku;
namespace sig = renraku::sdk::signals;

TEST_CASE("cctld: IANA names the registry's whois server, which is asked", "[cctld][counting]") {
    test::PluginHarness h(test::plugin_path("cctld"), "rdap = false\n",
                          test::counting_world_config());
    test::reset_whois_questions();
    auto fi = h.lookup("google.fi");
    REQUIRE(fi.status == sdk::Outcome::Status::ok);
    test::expect_finding(fi, {"ccops@markmonitor.com", sdk::Role::tech, {sig::registry_contact}},
                         "google.fi", "whois.fi");
    auto kr = h.lookup("dns.kr");
    REQUIRE(kr.status == sdk::Outcome::Status::ok);
    test::expect_finding(kr,
                         {"domain-manager@kisa.or.kr", sdk::Role::admin, {sig::registry_contact}},
                         "dns.kr", "whois.kr");
    auto cn = h.lookup("cnnic.cn");
    test::expect_finding(cn, {"servicei@cnnic.cn", sdk::Role::registrant, {sig::registry_contact}},
                         "cnnic.cn", "whois.cnnic.cn");
    auto asked = test::whois_questions();
    CHECK(asked["whois.iana.org#count"] == std::vector<std::string>{"fi", "kr", "cn"});
    CHECK(asked["whois.fi#count"] == std::vector<std::string>{"google.fi"});
}

TEST_CASE("cctld: RDAP where IANA's bootstrap lists it (.no)", "[cctld]") {
    test::PluginHarness h(test::plugin_path("cctld"), "");
    auto o = h.lookup("norway.no");
    REQUIRE(o.status == sdk::Outcome::Status::ok);
    test::expect_finding(o, {"hostmaster@domeneshop.no", sdk::Role::tech, {sig::registry_contact}},
                         "norway.no", "rdap.norid.no");
    test::expect_finding(
        o, {"kundeservice@domeneshop.no", sdk::Role::registrar, {sig::registry_contact}},
        "norway.no", "rdap.norid.no");
}

TEST_CASE("cctld: an RDAP service outside the world fails and whois answers", "[cctld]") {
    // rdap.fi is in IANA's bootstrap but not in the test world: its TLS name does not match.
    test::PluginHarness h(test::plugin_path("cctld"), "");
    auto o = h.lookup("google.fi");
    REQUIRE(o.status == sdk::Outcome::Status::ok);
    CHECK_FALSE(test::with_email(o, "ccops@markmonitor.com").empty());
    REQUIRE_FALSE(o.notes.empty());
    CHECK_THAT(o.notes.front(), Catch::Contains("rdap.fi"));
    CHECK_THAT(o.notes.front(), Catch::Contains("answered from whois"));
}

TEST_CASE("cctld: a TLD IANA names no whois server for says so", "[cctld]") {
    test::PluginHarness h(test::plugin_path("cctld"), "rdap = false\n");
    SECTION("IANA's record of the TLD has no whois: line") {
        auto o = h.lookup("example.xa");
        CHECK(o.status == sdk::Outcome::Status::no_data);
        REQUIRE_FALSE(o.notes.empty());
        CHECK(o.notes.back() == ".xa has no whois service (whois.iana.org lists none)");
    }
    SECTION("IANA has no record of the TLD (the test world's IANA knows few)") {
        auto o = h.lookup("msens.de");
        CHECK(o.status == sdk::Outcome::Status::no_data);
        REQUIRE_FALSE(o.notes.empty());
        CHECK(o.notes.back() == "whois.iana.org has no record of .de");
    }
}

TEST_CASE("cctld: a configured server overrides IANA, and .jp is left to jprs", "[cctld]") {
    test::PluginHarness h(test::plugin_path("cctld"),
                          "rdap = false\nservers = [\"de=whois.denic.de\"]\n");
    auto de = h.lookup("msens.de");
    REQUIRE(de.status == sdk::Outcome::Status::ok);
    test::expect_finding(de, {"info@guid-int.com", sdk::Role::tech, {sig::registry_contact}},
                         "msens.de", "whois.denic.de");
    CHECK(h.lookup("google.jp").findings.empty());
    CHECK(h.lookup("google.com").findings.empty());
}

TEST_CASE("cctld: a bad servers entry is refused", "[cctld]") {
    CHECK_THROWS_WITH(test::PluginHarness(test::plugin_path("cctld"), "servers = [\"dewhois\"]\n"),
                      Catch::Contains("dewhois"));
}
