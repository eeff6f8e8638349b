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
    // The holder's contact, which KRNIC mirrors: the holder's, with a caveat, never a placeholder.
    // It is both admin-c and tech-c: one finding, as tech.
    test::expect_finding(o,
                         {"ip-adm@skbroadband.com", sdk::Role::tech,
                          {sig::registry_contact, sig::nir_mirrored}},
                         "110.8.0.0 - 110.15.255.255", "whois.apnic.net:43");
    auto holder = test::with_email(o, "ip-adm@skbroadband.com");
    REQUIRE(holder.size() == 1);
    CHECK_FALSE(test::has_signal(holder[0], sig::placeholder));
    CHECK(test::has_signal(test::with_email(o, "irt@nic.or.kr").at(0), sig::mailbox_validated));
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

TEST_CASE("APNIC: an IRT's general e-mail is not its abuse mailbox (whois and RDAP)",
          "[apnic][rules]") {
    for (const char* rdap : {"rdap = false\n", ""}) {
        INFO(rdap);
        test::PluginHarness h(test::plugin_path("apnic"), rdap);
        auto o = h.lookup("203.10.10.77");
        auto abuse = test::with_email(o, "abuse@isp-a.example");
        REQUIRE(abuse.size() == 1);
        CHECK(abuse[0].role == sdk::Role::abuse);
        CHECK(test::has_signal(abuse[0], sig::registry_abuse_contact));
        CHECK(test::has_signal(abuse[0], sig::mailbox_validated));
        CHECK_THAT(abuse[0].evidence.excerpt, Catch::Contains("validated on 2025-06-01"));
        // The IRT's e-mail is also the tech and admin contact: one voice, not three.
        auto general = test::with_email(o, "irt@isp-a.example");
        REQUIRE(general.size() == 1);
        CHECK(general[0].role == sdk::Role::tech);
        CHECK_FALSE(test::has_signal(general[0], sig::registry_abuse_contact));
    }
}

TEST_CASE("APNIC: a TWNIC-maintained record keeps the holder's own abuse mailbox",
          "[apnic][rules]") {
    test::PluginHarness h(test::plugin_path("apnic"), "rdap = false\n");
    auto o = h.lookup("211.72.10.5");
    auto abuse = test::with_email(o, "abuse@holder-tw.example");
    REQUIRE(abuse.size() == 1);
    CHECK(abuse[0].role == sdk::Role::abuse);
    CHECK(test::has_signal(abuse[0], sig::nir_mirrored));
    CHECK_FALSE(test::has_signal(abuse[0], sig::placeholder));
    bool caveat = false;
    for (const auto& c : abuse[0].caveats)
        caveat |= c.find("whois.twnic.net.tw") != std::string::npos;
    CHECK(caveat);
    // TWNIC's own address on the record is TWNIC's.
    CHECK(test::has_signal(test::with_email(o, "hostmaster@twnic.net.tw").at(0), sig::placeholder));
}

TEST_CASE("APNIC RDAP: a JPNIC block marked by its remark, JPNIC's handle JPNIC's own",
          "[apnic][rdap][rules]") {
    test::PluginHarness h(test::plugin_path("apnic"));
    auto o = h.lookup("2001:240:10c:1::ca20:9d1d");
    auto jpnic = test::with_email(o, "hostmaster@nic.ad.jp");
    REQUIRE(jpnic.size() == 1);
    CHECK(test::has_signal(jpnic[0], sig::placeholder));
}
