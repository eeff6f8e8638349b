#include "registry_expect.hpp"
#include "renraku/sdk/signals.hpp"

#include <algorithm>

using namespace renraku;
using test::Expected;
namespace sig = renraku::sdk::signals;

TEST_CASE("ARIN: Microsoft's 20.0.0.0/11 (goWhois recording)", "[arin]") {
    test::PluginHarness h(test::plugin_path("arin"), "rdap = false\n");
    auto o = h.lookup("20.1.2.3");
    auto emails = test::emails_of(o);
    std::sort(emails.begin(), emails.end());
    CHECK(emails == std::vector<std::string>{"IOC@microsoft.com", "abuse@microsoft.com",
                                             "iphostmaster@microsoft.com"});
    test::expect_finding(
        o,
        {"abuse@microsoft.com", sdk::Role::abuse, {sig::registry_abuse_contact, sig::stale_record}},
        "20.0.0.0/11", "whois.arin.net:43");
    test::expect_finding(o, {"IOC@microsoft.com", sdk::Role::tech, {sig::registry_contact}},
                         "20.0.0.0/11", "whois.arin.net:43");
    CHECK(test::with_email(o, "abuse@microsoft.com")[0].contact.phone == "+1-425-882-8080");
    CHECK(test::with_email(o, "abuse@microsoft.com")[0].evidence.field == "OrgAbuseEmail");
}

TEST_CASE("ARIN: Google's IPv4 and IPv6 networks (ipwhois recordings)", "[arin]") {
    test::PluginHarness h(test::plugin_path("arin"), "rdap = false\n");
    auto v4 = h.lookup("74.125.225.229");
    test::expect_finding(
        v4, {"arin-contact@google.com", sdk::Role::abuse, {sig::registry_abuse_contact}},
        "74.125.0.0/16", "whois.arin.net:43");
    CHECK(test::with_email(v4, "arin-contact@google.com")[0].contact.country == "US");
    auto v6 = h.lookup("2001:4860:4860::8888");
    test::expect_finding(
        v6, {"arin-contact@google.com", sdk::Role::abuse, {sig::registry_abuse_contact}},
        "2001:4860::/32", "whois.arin.net:43");
}

TEST_CASE("ARIN: an rwhois referral is not followed — the ARIN record answers", "[arin]") {
    test::PluginHarness h(test::plugin_path("arin"), "rdap = false\n");
    auto o = h.lookup("69.65.1.1");
    test::expect_finding(o, {"abuse@gigenet.com", sdk::Role::abuse, {sig::registry_abuse_contact}},
                         "69.65.0.0/18", "whois.arin.net:43");
    test::expect_finding(o, {"ip-admin@coloquest.com", sdk::Role::noc, {sig::registry_contact}},
                         "69.65.0.0/18", "whois.arin.net:43");
}

TEST_CASE("ARIN: referrals to RIPE and APNIC are followed and said", "[arin]") {
    test::PluginHarness h(test::plugin_path("arin"), "rdap = false\n");
    auto o = h.lookup("144.131.1.1");
    REQUIRE_FALSE(o.notes.empty());
    CHECK_THAT(o.notes.front(), Catch::Contains("whois.arin.net:43 -> whois.apnic.net:43"));
    auto r = h.lookup("130.66.1.1");
    CHECK_THAT(r.notes.front(), Catch::Contains("whois.ripe.net:43"));
}

TEST_CASE("ARIN: an address another registry holds is not asked about", "[arin][counting]") {
    test::PluginHarness h(test::plugin_path("arin"), "", test::counting_world_config());
    test::reset_whois_questions();
    auto o = h.lookup("62.239.237.1");
    CHECK(o.status == sdk::Outcome::Status::no_data);
    auto asked = test::whois_questions();
    CHECK(asked.count("whois.arin.net#count") == 0);
    CHECK(asked.count("rdap.arin.net#count") == 0);
}

TEST_CASE("ARIN: faults become typed failures", "[arin]") {
    test::PluginHarness stall(test::plugin_path("arin"),
                              "rdap = false\nwhois_server = \"whois.stall.test\"\n");
    auto a = stall.lookup("74.125.225.229", 2000);
    CHECK(a.status == sdk::Outcome::Status::transient);
    CHECK_THAT(a.message, Catch::Contains("timeout"));
    test::PluginHarness limited(test::plugin_path("arin"),
                                "rdap = false\nwhois_server = \"whois.arin-ratelimit.test\"\n");
    auto b = limited.lookup("74.125.225.229");
    CHECK(b.status == sdk::Outcome::Status::transient);
    CHECK_THAT(b.message, Catch::Contains("Query rate limit exceeded"));
    test::PluginHarness huge(test::plugin_path("arin"),
                             "rdap = false\nwhois_server = \"whois.huge.test\"\n");
    CHECK(huge.lookup("74.125.225.229").status == sdk::Outcome::Status::bad_answer);
    test::PluginHarness garbage(test::plugin_path("arin"),
                                "rdap = false\nwhois_server = \"whois.garbage.test\"\n");
    auto g = garbage.lookup("74.125.225.229");
    CHECK(g.findings.empty());
}

TEST_CASE("ARIN RDAP: networks and AS numbers", "[arin][rdap]") {
    test::PluginHarness h(test::plugin_path("arin"));
    auto v4 = h.lookup("74.125.225.229");
    test::expect_finding(
        v4, {"arin-contact@google.com", sdk::Role::abuse, {sig::registry_abuse_contact}},
        "74.125.0.0 - 74.125.255.255", "rdap.arin.net");
    CHECK(test::with_email(v4, "arin-contact@google.com").at(0).evidence.object ==
          "NET-74-125-0-0-1");
    auto v6 = h.lookup("2606:4700:4700::1111");
    test::expect_finding(v6,
                         {"abuse@cloudflare.com", sdk::Role::abuse, {sig::registry_abuse_contact}},
                         "2606:4700::/32", "rdap.arin.net");
    test::expect_finding(v6, {"noc@cloudflare.com", sdk::Role::noc, {sig::registry_contact}},
                         "2606:4700::/32", "rdap.arin.net");
    auto as = h.lookup("AS13335");
    test::expect_finding(as,
                         {"abuse@cloudflare.com", sdk::Role::abuse, {sig::registry_abuse_contact}},
                         "AS13335", "rdap.arin.net");
    auto range = h.lookup("AS702");
    test::expect_finding(
        range, {"abuse-mail@verizonbusiness.com", sdk::Role::abuse, {sig::registry_abuse_contact}},
        "AS701 - AS705", "rdap.arin.net");
}

TEST_CASE("ARIN: when RDAP cannot be reached, whois answers and says so", "[arin][rdap]") {
    test::PluginHarness h(test::plugin_path("arin"), "",
                          test::world_config_redirecting("rdap.arin.net:443:127.0.0.1:9"));
    auto o = h.lookup("69.65.1.1");
    test::expect_finding(o, {"abuse@gigenet.com", sdk::Role::abuse, {sig::registry_abuse_contact}},
                         "69.65.0.0/18", "whois.arin.net:43");
    CHECK_THAT(o.notes.at(0), Catch::Contains("RDAP failed"));
    test::PluginHarness both(test::plugin_path("arin"), "whois_server = \"whois.stall.test\"\n",
                             test::world_config_redirecting("rdap.arin.net:443:127.0.0.1:9"));
    auto f = both.lookup("69.65.1.1", 2500);
    CHECK(f.status == sdk::Outcome::Status::transient);
    CHECK_THAT(f.message, Catch::Contains("RDAP: "));
    CHECK_THAT(f.message, Catch::Contains("whois: timeout"));
}

TEST_CASE("ARIN: a referral to a registry with no record keeps ARIN's record, never to",
          "[arin][rules]") {
    test::PluginHarness h(test::plugin_path("arin"), "rdap = false\n");
    auto o = h.lookup("128.80.1.1");
    REQUIRE_FALSE(o.findings.empty());
    for (const auto& f : o.findings) {
        INFO(f.contact.email);
        CHECK(test::has_signal(f, sig::referral_dead_end));
        CHECK(f.evidence.server == "whois.arin.net:43");
    }
    // The addresses are the RIPE NCC's own, not the holder's.
    CHECK(test::has_signal(test::with_email(o, "abuse@ripe.net").at(0), sig::placeholder));
    bool said = false;
    for (const auto& n : o.notes)
        said |= n.find("trail ended at whois.ripe.net:43") != std::string::npos;
    CHECK(said);
}

TEST_CASE("ARIN RDAP: validated and unvalidated points of contact", "[arin][rdap][rules]") {
    test::PluginHarness h(test::plugin_path("arin"));
    auto o = h.lookup("108.45.128.208");
    auto validated = test::with_email(o, "abuse@verizon.net");
    REQUIRE(validated.size() == 1);
    CHECK(test::has_signal(validated[0], sig::mailbox_validated));
    auto failed = test::with_email(o, "abuse-mail@verizonbusiness.com");
    REQUIRE(failed.size() == 1);
    CHECK(test::has_signal(failed[0], sig::mailbox_validation_failed));
}
