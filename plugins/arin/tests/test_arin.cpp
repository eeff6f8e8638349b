#define CATCH_CONFIG_MAIN
#include "registry_expect.hpp"
#include "renraku/sdk/signals.hpp"

#include <algorithm>

using namespace renraku;
using test::Expected;
namespace sig = renraku::sdk::signals;

TEST_CASE("ARIN: Microsoft's 20.0.0.0/11 (goWhois recording)", "[arin]") {
    test::PluginHarness h(test::plugin_path("arin"));
    auto o = h.lookup("20.1.2.3");
    auto emails = test::emails_of(o);
    std::sort(emails.begin(), emails.end());
    CHECK(emails == std::vector<std::string>{"IOC@microsoft.com", "abuse@microsoft.com", "iphostmaster@microsoft.com"});
    test::expect_finding(o, {"abuse@microsoft.com", sdk::Role::abuse, {sig::registry_abuse_contact, sig::stale_record}},
                         "20.0.0.0/11", "whois.arin.net:43");
    test::expect_finding(o, {"IOC@microsoft.com", sdk::Role::tech, {sig::registry_contact}}, "20.0.0.0/11",
                         "whois.arin.net:43");
    CHECK(test::with_email(o, "abuse@microsoft.com")[0].contact.phone == "+1-425-882-8080");
    CHECK(test::with_email(o, "abuse@microsoft.com")[0].evidence.field == "OrgAbuseEmail");
}

TEST_CASE("ARIN: Google's IPv4 and IPv6 networks (ipwhois recordings)", "[arin]") {
    test::PluginHarness h(test::plugin_path("arin"));
    auto v4 = h.lookup("74.125.225.229");
    test::expect_finding(v4, {"arin-contact@google.com", sdk::Role::abuse, {sig::registry_abuse_contact}},
                         "74.125.0.0/16", "whois.arin.net:43");
    CHECK(test::with_email(v4, "arin-contact@google.com")[0].contact.country == "US");
    auto v6 = h.lookup("2001:4860:4860::8888");
    test::expect_finding(v6, {"arin-contact@google.com", sdk::Role::abuse, {sig::registry_abuse_contact}},
                         "2001:4860::/32", "whois.arin.net:43");
}

TEST_CASE("ARIN: an rwhois referral is not followed; the ARIN record answers", "[arin]") {
    test::PluginHarness h(test::plugin_path("arin"));
    auto o = h.lookup("69.65.1.1");
    test::expect_finding(o, {"abuse@gigenet.com", sdk::Role::abuse, {sig::registry_abuse_contact}}, "69.65.0.0/18",
                         "whois.arin.net:43");
    test::expect_finding(o, {"ip-admin@coloquest.com", sdk::Role::noc, {sig::registry_contact}}, "69.65.0.0/18",
                         "whois.arin.net:43");
}

TEST_CASE("ARIN: referrals to RIPE and APNIC are followed and said", "[arin]") {
    test::PluginHarness h(test::plugin_path("arin"));
    auto o = h.lookup("144.131.1.1");
    REQUIRE_FALSE(o.notes.empty());
    CHECK_THAT(o.notes.front(), Catch::Contains("whois.arin.net:43 -> whois.apnic.net:43"));
    auto r = h.lookup("130.66.1.1");
    CHECK_THAT(r.notes.front(), Catch::Contains("whois.ripe.net:43"));
}

TEST_CASE("ARIN: an address another registry holds is not asked about", "[arin]") {
    test::PluginHarness h(test::plugin_path("arin"));
    test::reset_whois_questions();
    auto o = h.lookup("62.239.237.1");
    CHECK(o.status == sdk::Outcome::Status::no_data);
    CHECK(test::whois_questions().count("whois.arin.net") == 0);
}

TEST_CASE("ARIN: faults become typed failures", "[arin]") {
    test::PluginHarness stall(test::plugin_path("arin"), "whois_server = \"whois.stall.test\"\n");
    auto a = stall.lookup("74.125.225.229", 2000);
    CHECK(a.status == sdk::Outcome::Status::transient);
    CHECK_THAT(a.message, Catch::Contains("timeout"));
    test::PluginHarness limited(test::plugin_path("arin"), "whois_server = \"whois.arin-ratelimit.test\"\n");
    auto b = limited.lookup("74.125.225.229");
    CHECK(b.status == sdk::Outcome::Status::transient);
    CHECK_THAT(b.message, Catch::Contains("Query rate limit exceeded"));
    test::PluginHarness huge(test::plugin_path("arin"), "whois_server = \"whois.huge.test\"\n");
    CHECK(huge.lookup("74.125.225.229").status == sdk::Outcome::Status::bad_answer);
    test::PluginHarness garbage(test::plugin_path("arin"), "whois_server = \"whois.garbage.test\"\n");
    auto g = garbage.lookup("74.125.225.229");
    CHECK(g.findings.empty());
}
