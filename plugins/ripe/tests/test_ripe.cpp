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
    // BT's abuse entity lists three addresses and marks none as its abuse mailbox: whois's
    // abuse header names it.
    auto bt = h.lookup("62.239.237.1");
    test::expect_finding(bt,
                         {"protect@bt.com", sdk::Role::abuse,
                          {sig::registry_abuse_contact, sig::abuse_header}},
                         "62.239.237.0 - 62.239.237.255", "whois.ripe.net:43");
    CHECK(test::with_email(bt, "zzdnsr@bt.com").empty());
    CHECK_THAT(bt.notes.at(0), Catch::Contains("does not mark which address is the abuse mailbox"));
    auto ripn = h.lookup("194.85.61.205");
    test::expect_finding(ripn, {"ip-reg@ripn.net", sdk::Role::abuse, {sig::registry_abuse_contact}},
                         "194.85.61.0 - 194.85.61.255", "rdap.db.ripe.net");
    auto ovh = h.lookup("2001:41d0:2:193d::5");
    CHECK_FALSE(ovh.findings.empty());
    CHECK(ovh.findings.at(0).scope.value == "2001:41d0:: - 2001:41d0:f:ffff:ffff:ffff:ffff:ffff");
}

TEST_CASE("RIPE: an abuse-c role's e-mail is not its abuse mailbox (whois and RDAP)",
          "[ripe][rules]") {
    for (const char* rdap : {"rdap = false\n", ""}) {
        INFO(rdap);
        test::PluginHarness h(test::plugin_path("ripe"), rdap);
        auto o = h.lookup("195.20.30.7");
        auto abuse = test::with_email(o, "abuse@net-b.example");
        REQUIRE(abuse.size() == 1);
        CHECK(abuse[0].role == sdk::Role::abuse);
        CHECK(test::has_signal(abuse[0], sig::registry_abuse_contact));
        // noc@ is the role's general address, and also the tech and admin contact: one finding.
        auto noc = test::with_email(o, "noc@net-b.example");
        REQUIRE(noc.size() == 1);
        CHECK(noc[0].role == sdk::Role::tech);
        CHECK_FALSE(test::has_signal(noc[0], sig::registry_abuse_contact));
    }
}

TEST_CASE("RIPE: a failed abuse-mailbox validation is a signal and a caveat", "[ripe][rules]") {
    test::PluginHarness h(test::plugin_path("ripe"), "rdap = false\n");
    auto o = h.lookup("195.20.31.9");
    auto abuse = test::with_email(o, "abuse@net-c.example");
    REQUIRE(abuse.size() == 1);
    CHECK(test::has_signal(abuse[0], sig::mailbox_validation_failed));
    CHECK_FALSE(test::has_signal(abuse[0], sig::mailbox_validated));
    bool said = false;
    for (const auto& c : abuse[0].caveats)
        said |= c.find("Abuse-mailbox validation failed") != std::string::npos;
    CHECK(said);
    auto ops = test::with_email(o, "ops@net-c.example");
    REQUIRE(ops.size() == 1);
    CHECK_FALSE(test::has_signal(ops[0], sig::mailbox_validation_failed));
}
