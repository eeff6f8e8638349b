#define CATCH_CONFIG_MAIN
#include "registry_expect.hpp"
#include "renraku/sdk/signals.hpp"

using namespace renraku;
namespace sig = renraku::sdk::signals;

TEST_CASE("RIPE: BT's IPv4 network: the abuse comment and a remark", "[ripe]") {
    test::PluginHarness h(test::plugin_path("ripe"));
    auto o = h.lookup("62.239.237.1");
    CHECK(test::emails_of(o) == std::vector<std::string>{"protect@bt.com", "btcertcc@bt.com"});
    test::expect_finding(o, {"protect@bt.com", sdk::Role::abuse, {sig::registry_abuse_contact, sig::most_specific_object}},
                         "62.239.237.0 - 62.239.237.255", "whois.ripe.net:43");
    test::expect_finding(o, {"btcertcc@bt.com", sdk::Role::abuse, {sig::registry_contact}},
                         "62.239.237.0 - 62.239.237.255", "whois.ripe.net:43");
    auto f = test::with_email(o, "protect@bt.com")[0];
    CHECK(f.evidence.object == "BT-CORPORATE");
    CHECK(f.contact.country == "GB");
}

TEST_CASE("RIPE: BT's IPv6 network", "[ripe]") {
    test::PluginHarness h(test::plugin_path("ripe"));
    auto o = h.lookup("2a00:2381:ffff::1");
    test::expect_finding(o, {"protect@bt.com", sdk::Role::abuse, {sig::registry_abuse_contact}}, "2a00:2381:ffff::/64",
                         "whois.ripe.net:43");
    test::expect_finding(o, {"abuse@bt.net", sdk::Role::abuse, {sig::registry_contact}}, "2a00:2381:ffff::/64",
                         "whois.ripe.net:43");
}

TEST_CASE("RIPE: a record without any contact says so", "[ripe]") {
    test::PluginHarness h(test::plugin_path("ripe"));
    auto o = h.lookup("80.20.134.9");
    CHECK(o.findings.empty());
    CHECK_THAT(o.notes.at(0), Catch::Contains("no contact in the record of 80.20.134.0 - 80.20.134.255"));
}

TEST_CASE("RIPE: the real %ERROR:201 refusal is a transient failure", "[ripe]") {
    test::PluginHarness h(test::plugin_path("ripe"), "whois_server = \"whois.ripe-ratelimit.test\"\n");
    auto o = h.lookup("62.239.237.1");
    CHECK(o.status == sdk::Outcome::Status::transient);
    CHECK_THAT(o.message, Catch::Contains("%ERROR:201: access denied"));
}
