#include "registry_expect.hpp"
#include "renraku/sdk/signals.hpp"

using namespace renraku;
namespace sig = renraku::sdk::signals;

TEST_CASE("AFRINIC: a filtered record whose abuse address is in a remark", "[afrinic]") {
    test::PluginHarness h(test::plugin_path("afrinic"), "rdap = false\n");
    auto o = h.lookup("196.11.240.215");
    CHECK(test::emails_of(o) == std::vector<std::string>{"abuse@mtnbusiness.co.za"});
    test::expect_finding(o, {"abuse@mtnbusiness.co.za", sdk::Role::abuse, {sig::registry_contact}},
                         "196.11.239.0 - 196.11.246.255", "whois.afrinic.net:43");
    CHECK(test::with_email(o, "abuse@mtnbusiness.co.za")[0].contact.country == "ZA");
}

TEST_CASE("AFRINIC: filtered records with no address say so", "[afrinic]") {
    test::PluginHarness h(test::plugin_path("afrinic"), "rdap = false\n");
    for (const char* addr : {"2001:43f8:7b0::1", "105.158.1.1"}) {
        INFO(addr);
        auto o = h.lookup(addr);
        CHECK(o.findings.empty());
        CHECK(o.status == sdk::Outcome::Status::no_data);
        CHECK_THAT(o.notes.at(0), Catch::Contains("no contact in the record"));
    }
}

TEST_CASE("AFRINIC: a stalled or cut-off server is a failure, not a hang", "[afrinic]") {
    test::PluginHarness h(test::plugin_path("afrinic"),
                          "rdap = false\nwhois_server = \"whois.slow.test\"\n");
    auto o = h.lookup("196.11.240.215", 1500);
    CHECK(o.failed());
    test::PluginHarness cut(test::plugin_path("afrinic"),
                            "rdap = false\nwhois_server = \"whois.cutoff.test\"\n");
    auto c = cut.lookup("196.11.240.215");
    CHECK(c.findings.empty());
}

TEST_CASE("AFRINIC RDAP: records whose contacts are withheld say so", "[afrinic][rdap]") {
    test::PluginHarness h(test::plugin_path("afrinic"));
    for (const char* addr : {"196.216.2.20", "2001:43f8:7b0::1", "196.11.240.215"}) {
        INFO(addr);
        auto o = h.lookup(addr);
        CHECK(o.status != sdk::Outcome::Status::transient);
    }
    auto o = h.lookup("196.216.2.20");
    CHECK_THAT(o.notes.at(0), Catch::Contains("196.216.2.0 - 196.216.3.255"));
}

TEST_CASE("AFRINIC: RDAP withholds the contacts — whois is asked once for the network",
          "[afrinic][counting]") {
    test::PluginHarness h(test::plugin_path("afrinic"), "", test::counting_world_config());
    test::reset_whois_questions();
    for (const char* addr : {"196.11.240.215", "196.11.240.216", "196.11.245.1"}) {
        INFO(addr);
        auto o = h.lookup(addr);
        test::expect_finding(o,
                             {"abuse@mtnbusiness.co.za", sdk::Role::abuse, {sig::registry_contact}},
                             "196.11.239.0 - 196.11.246.255", "whois.afrinic.net:43");
        CHECK_THAT(o.notes.at(0),
                   Catch::Contains("the RDAP record has no contact; answered from whois"));
    }
    auto asked = test::whois_questions();
    CHECK(asked["rdap.afrinic.net#count"].size() == 1);
    CHECK(asked["whois.afrinic.net#count"] == std::vector<std::string>{"-B 196.11.239.0"});
}
