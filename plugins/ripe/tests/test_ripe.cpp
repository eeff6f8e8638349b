#include "registry_expect.hpp"
#include "renraku/sdk/signals.hpp"

using namespace renraku;
namespace sig = renraku::sdk::signals;

TEST_CASE("RIPE: BT's IPv4 network: the abuse comment and a remark", "[ripe]") {
    test::PluginHarness h(test::plugin_path("ripe"), "rdap = false\n");
    auto o = h.lookup("62.239.237.1");
    CHECK(test::emails_of(o) == std::vector<std::string>{"protect@bt.com", "btcertcc@bt.com"});
    test::expect_finding(o,
                         {"protect@bt.com",
                          sdk::Role::abuse,
                          {sig::registry_abuse_contact, sig::most_specific_object}},
                         "62.239.237.0 - 62.239.237.255", "whois.ripe.net:43");
    test::expect_finding(o, {"btcertcc@bt.com", sdk::Role::abuse, {sig::registry_contact}},
                         "62.239.237.0 - 62.239.237.255", "whois.ripe.net:43");
    auto f = test::with_email(o, "protect@bt.com")[0];
    CHECK(f.evidence.object == "BT-CORPORATE");
    CHECK(f.contact.country == "GB");
}

TEST_CASE("RIPE: BT's IPv6 network", "[ripe]") {
    test::PluginHarness h(test::plugin_path("ripe"), "rdap = false\n");
    auto o = h.lookup("2a00:2381:ffff::1");
    test::expect_finding(o, {"protect@bt.com", sdk::Role::abuse, {sig::registry_abuse_contact}},
                         "2a00:2381:ffff::/64", "whois.ripe.net:43");
    test::expect_finding(o, {"abuse@bt.net", sdk::Role::abuse, {sig::registry_contact}},
                         "2a00:2381:ffff::/64", "whois.ripe.net:43");
}

TEST_CASE("RIPE: a record without any contact says so", "[ripe]") {
    test::PluginHarness h(test::plugin_path("ripe"), "rdap = false\n");
    auto o = h.lookup("80.20.134.9");
    CHECK(o.findings.empty());
    CHECK_THAT(o.notes.at(0),
               Catch::Contains("no contact in the record of 80.20.134.0 - 80.20.134.255"));
}

TEST_CASE("RIPE: the real %ERROR:201 refusal is a transient failure", "[ripe]") {
    test::PluginHarness h(test::plugin_path("ripe"),
                          "rdap = false\nwhois_server = \"whois.ripe-ratelimit.test\"\n");
    auto o = h.lookup("62.239.237.1");
    CHECK(o.status == sdk::Outcome::Status::transient);
    CHECK_THAT(o.message, Catch::Contains("%ERROR:201: access denied"));
}

TEST_CASE("RIPE RDAP: abuse entities of IPv4 and IPv6 networks", "[ripe][rdap]") {
    test::PluginHarness h(test::plugin_path("ripe"));
    auto bt = h.lookup("62.239.237.1");
    for (const char* e : {"zzdnsr@bt.com", "steve.a.marshall@bt.com", "lee.bailey-hague@bt.com"})
        test::expect_finding(bt, {e, sdk::Role::abuse, {sig::registry_abuse_contact}},
                             "62.239.237.0 - 62.239.237.255", "rdap.db.ripe.net");
    auto ripn = h.lookup("194.85.61.205");
    test::expect_finding(ripn, {"ip-reg@ripn.net", sdk::Role::abuse, {sig::registry_abuse_contact}},
                         "194.85.61.0 - 194.85.61.255", "rdap.db.ripe.net");
    auto ovh = h.lookup("2001:41d0:2:193d::5");
    CHECK_FALSE(ovh.findings.empty());
    CHECK(ovh.findings.at(0).scope.value == "2001:41d0:: - 2001:41d0:f:ffff:ffff:ffff:ffff:ffff");
}
