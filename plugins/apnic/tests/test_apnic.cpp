#include "registry_expect.hpp"
#include "renraku/sdk/signals.hpp"

using namespace renraku;
namespace sig = renraku::sdk::signals;

TEST_CASE("APNIC: a KRNIC-managed block: the NIR's IRT is a placeholder", "[apnic]") {
    test::PluginHarness h(test::plugin_path("apnic"), "rdap = false\n");
    auto o = h.lookup("110.9.1.1");
    test::expect_finding(
        o, {"irt@nic.or.kr", sdk::Role::abuse, {sig::registry_abuse_contact, sig::placeholder}},
        "110.8.0.0 - 110.15.255.255", "whois.apnic.net:43");
    test::expect_finding(o, {"ip-adm@skbroadband.com", sdk::Role::admin, {sig::registry_contact}},
                         "110.8.0.0 - 110.15.255.255", "whois.apnic.net:43");
    bool says_nir = false;
    auto irt = test::with_email(o, "irt@nic.or.kr");
    for (const auto& c : irt.at(0).caveats)
        says_nir |= c.find("ask KRNIC") != std::string::npos;
    CHECK(says_nir);
}

TEST_CASE("APNIC: the IRT object of a network", "[apnic]") {
    test::PluginHarness h(test::plugin_path("apnic"), "rdap = false\n");
    auto o = h.lookup("210.107.73.73");
    test::expect_finding(o,
                         {"hostmaster@nic.or.kr", sdk::Role::abuse, {sig::registry_abuse_contact}},
                         "210.107.0.0 - 210.107.127.255", "whois.apnic.net:43");
    test::expect_finding(o, {"hm-changed@apnic.net", sdk::Role::notify, {sig::notify_address}},
                         "210.107.0.0 - 210.107.127.255", "whois.apnic.net:43");
    CHECK(test::with_email(o, "hostmaster@nic.or.kr")[0].evidence.field == "mnt-irt IRT-KRNIC-KR");
}

TEST_CASE("APNIC: an IPv6 record with only a changed address", "[apnic]") {
    test::PluginHarness h(test::plugin_path("apnic"), "rdap = false\n");
    auto o = h.lookup("2001:240:10c:1::ca20:9d1d");
    CHECK(test::emails_of(o) == std::vector<std::string>{"apnic-ftp@nic.ad.jp"});
    test::expect_finding(o, {"apnic-ftp@nic.ad.jp", sdk::Role::notify, {sig::notify_address}},
                         "2001:0240:010c::/48", "whois.apnic.net:43");
}

TEST_CASE("APNIC: a JPNIC-managed block points to JPNIC", "[apnic]") {
    test::PluginHarness h(test::plugin_path("apnic"), "rdap = false\n");
    auto o = h.lookup("133.1.2.5");
    test::expect_finding(o, {"hostmaster@nic.ad.jp", sdk::Role::abuse, {sig::placeholder}},
                         "133.0.0.0 - 133.255.255.255", "whois.apnic.net:43");
}

TEST_CASE("APNIC RDAP: IRT abuse contacts — an NIR's IRT is a placeholder", "[apnic][rdap]") {
    test::PluginHarness h(test::plugin_path("apnic"));
    auto one = h.lookup("1.1.1.1");
    test::expect_finding(one,
                         {"helpdesk@apnic.net", sdk::Role::abuse, {sig::registry_abuse_contact}},
                         "1.1.1.0/24", "rdap.apnic.net");
    auto cu = h.lookup("61.181.2.38");
    test::expect_finding(
        cu, {"hqs-ipabuse@chinaunicom.cn", sdk::Role::abuse, {sig::registry_abuse_contact}},
        "61.181.0.0 - 61.181.255.255", "rdap.apnic.net");
    auto kr = h.lookup("210.107.73.73");
    REQUIRE_FALSE(kr.findings.empty());
    bool flagged = false;
    for (const auto& f : kr.findings)
        flagged |= test::has_signal(f, sig::placeholder);
    CHECK(flagged);
}
