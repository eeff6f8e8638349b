#include "registry_expect.hpp"
#include "renraku/sdk/signals.hpp"

using namespace renraku;
namespace sig = renraku::sdk::signals;

TEST_CASE("JPNIC: APNIC's record leads to JPNIC, and JPNIC's to its contacts",
          "[jpnic][counting]") {
    test::PluginHarness h(test::plugin_path("jpnic"), "", test::counting_world_config());
    test::reset_whois_questions();
    auto o = h.lookup("133.1.2.5");
    REQUIRE(o.status == sdk::Outcome::Status::ok);
    test::expect_finding(
        o, {"synthetic-contact@example.jp", sdk::Role::admin, {sig::registry_contact}},
        "133.1.0.0/16", "whois.nic.ad.jp:43");
    auto f = test::with_email(o, "synthetic-contact@example.jp");
    CHECK(f.at(0).evidence.object == "MY22537JP");
    CHECK(f.at(0).contact.organization == "Synthetic Test Organization");
    CHECK_THAT(o.notes.at(0), Catch::Contains("133.1.0.0/16 (Osaka University)"));
    auto asked = test::whois_questions();
    // Whether JPNIC manages the block comes from APNIC's RDAP record, the same question the
    // apnic source asks; APNIC's whois is not asked.
    CHECK(asked["rdap.apnic.net#count"] == std::vector<std::string>{"/ip/133.1.2.5"});
    CHECK(asked.count("whois.apnic.net#count") == 0);
    CHECK(asked["whois.nic.ad.jp#count"] == std::vector<std::string>{"133.1.2.5/e", "MY22537JP/e"});
}

TEST_CASE("JPNIC: blocks APNIC does not say are JPNIC's are not asked about", "[jpnic][counting]") {
    test::PluginHarness h(test::plugin_path("jpnic"), "", test::counting_world_config());
    test::reset_whois_questions();
    CHECK(h.lookup("210.107.73.73").findings.empty()); // KRNIC's
    CHECK(h.lookup("62.239.237.1").findings.empty());  // not APNIC's at all
    CHECK(test::whois_questions().count("whois.nic.ad.jp#count") == 0);
}

TEST_CASE("JPNIC: the Japanese answer decodes and is read", "[jpnic]") {
    test::PluginHarness h(test::plugin_path("jpnic"), "language = \"ja\"\n");
    auto o = h.lookup("133.1.2.5");
    REQUIRE_FALSE(o.notes.empty());
    CHECK_THAT(o.notes.at(0), Catch::Contains("133.1.0.0/16 (大阪大学)"));
}
