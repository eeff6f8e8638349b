#include "registry_expect.hpp"
#include "renraku/sdk/signals.hpp"

using namespace renraku;
namespace sig = renraku::sdk::signals;

TEST_CASE("LACNIC: abuse-c of a reallocated /29 (abbreviated inetnum)", "[lacnic]") {
    test::PluginHarness h(test::plugin_path("lacnic"), "rdap = false\n");
    auto o = h.lookup("200.68.34.58");
    test::expect_finding(o, {"oper@isp.tie.cl", sdk::Role::abuse, {sig::registry_abuse_contact}},
                         "200.68.34.56/29", "whois.lacnic.net:43");
    CHECK(test::with_email(o, "oper@isp.tie.cl")[0].contact.country == "CL");
}

TEST_CASE("LACNIC: abuse-c of an allocation, domain lower-cased", "[lacnic]") {
    test::PluginHarness h(test::plugin_path("lacnic"), "rdap = false\n");
    auto o = h.lookup("200.57.141.161");
    test::expect_finding(
        o, {"operacion.redes@triara.com", sdk::Role::abuse, {sig::registry_abuse_contact}},
        "200.57.128/19", "whois.lacnic.net:43");
}

TEST_CASE("LACNIC: an IPv6 assignment", "[lacnic]") {
    test::PluginHarness h(test::plugin_path("lacnic"), "rdap = false\n");
    auto o = h.lookup("2801:10:c000::1");
    test::expect_finding(
        o, {"sistemas.red@uco.edu.co", sdk::Role::abuse, {sig::registry_abuse_contact}},
        "2801:10:c000::/48", "whois.lacnic.net:43");
}

TEST_CASE("LACNIC: 1,000 addresses from its networks cost one question per network",
          "[lacnic][counting]") {
    test::PluginHarness h(test::plugin_path("lacnic"), "rdap = false\n",
                          test::counting_world_config());
    test::reset_whois_questions();
    for (int i = 0; i < 1000; ++i) {
        std::string addr = i % 2 == 0 ? "200.57." + std::to_string(128 + (i / 2) % 32) + "." +
                                            std::to_string(i % 256)
                                      : "200.68.34." + std::to_string(56 + i % 8);
        auto o = h.lookup(addr);
        REQUIRE_FALSE(o.findings.empty());
    }
    CHECK(test::whois_questions()["whois.lacnic.net#count"].size() == 2);
}

TEST_CASE("LACNIC RDAP: contacts of an allocation, and a record without any", "[lacnic][rdap]") {
    test::PluginHarness h(test::plugin_path("lacnic"));
    auto o = h.lookup("200.57.141.161");
    test::expect_finding(
        o, {"operacion.redes@triara.com", sdk::Role::abuse, {sig::registry_abuse_contact}},
        "200.57.141.161 - 200.57.141.161", "rdap.lacnic.net");
    auto none = h.lookup("201.127.0.1");
    CHECK(none.findings.empty());
    CHECK_THAT(none.notes.at(0),
               Catch::Contains("no contact in the RDAP record of 201.127.0.0 - 201.127.255.255"));
    auto v6 = h.lookup("2801:10:c000::");
    CHECK_FALSE(v6.findings.empty());
}
