#include "registry_expect.hpp"
#include "renraku/sdk/signals.hpp"

using namespace renraku;
namespace sig = renraku::sdk::signals;

namespace {

bool any_caveat(const sdk::Outcome& o, const std::string& text) {
    for (const auto& f : o.findings)
        for (const auto& c : f.caveats)
            if (c.find(text) != std::string::npos) return true;
    return false;
}

bool any_note(const sdk::Outcome& o, const std::string& text) {
    for (const auto& n : o.notes)
        if (n.find(text) != std::string::npos) return true;
    return false;
}

const std::string kKeyring = std::string("openpgp_keyring = \"") + RENRAKU_TEST_SOURCE_DIR +
                             "/tests/data/synthetic/security.txt/signer.gpg\"\n";

} // namespace

TEST_CASE("security.txt: every Contact of a valid file, role security", "[security_txt]") {
    test::PluginHarness h(test::plugin_path("security_txt"), "");
    auto o = h.lookup("sectxt-valid.test");
    REQUIRE(o.status == sdk::Outcome::Status::ok);
    REQUIRE(o.findings.size() == 3);
    CHECK(o.findings[0].contact.email == "security@sectxt-valid.test");
    CHECK(o.findings[1].contact.url == "https://sectxt-valid.test/report-a-vulnerability");
    CHECK(o.findings[2].contact.phone == "+81-3-0000-0000");
    for (const auto& f : o.findings) {
        CHECK(f.role == sdk::Role::security);
        CHECK(test::has_signal(f, sig::site_published));
        CHECK_FALSE(test::has_signal(f, sig::expired_publication));
        CHECK(f.evidence.object == "https://sectxt-valid.test/.well-known/security.txt");
        CHECK(f.caveats.size() == 1); // only: security.txt is for vulnerabilities
    }
    CHECK(any_note(o, "preferred languages: en, ja"));
    CHECK(any_note(o, "policy: https://sectxt-valid.test/security-policy"));
    CHECK(any_note(o, "encryption key: https://sectxt-valid.test/pgp-key.txt"));
}

TEST_CASE("security.txt: each caveat", "[security_txt]") {
    test::PluginHarness h(test::plugin_path("security_txt"), "");
    SECTION("expired") {
        auto o = h.lookup("sectxt-expired.test");
        REQUIRE(o.findings.size() == 1);
        CHECK(test::has_signal(o.findings[0], sig::expired_publication));
        CHECK(any_caveat(o, "expired on 2021-01-01T00:00:00Z"));
    }
    SECTION("only at the legacy location") {
        auto o = h.lookup("sectxt-legacy.test");
        REQUIRE(o.findings.size() == 1);
        CHECK(o.findings[0].contact.email == "security@sectxt-legacy.test");
        CHECK(any_caveat(
            o, "found only at the legacy location https://sectxt-legacy.test/security.txt"));
    }
    SECTION("a Canonical that is elsewhere") {
        auto o = h.lookup("sectxt-canonical.test");
        REQUIRE(o.findings.size() == 1);
        CHECK(any_caveat(o,
                         "its Canonical URL (https://www.other-site.test/.well-known/security.txt) "
                         "is not where it was found"));
    }
    SECTION("no Expires; field names and schemes in any case") {
        auto o = h.lookup("sectxt-noexpires.test");
        REQUIRE(o.findings.size() == 1);
        CHECK(o.findings[0].contact.email == "Security@sectxt-noexpires.test");
        CHECK(any_caveat(o, "has no Expires field"));
    }
    SECTION("signed, with no keyring: recognised, not checked") {
        auto o = h.lookup("sectxt-signed.test");
        REQUIRE(o.findings.size() == 1);
        CHECK(o.findings[0].contact.email == "security@sectxt-signed.test");
        CHECK(o.findings[0].contact.pgp_fingerprint == "F2C33569A871BF1B8B45EDDB6940536E3EB97919");
        CHECK(any_caveat(o, "signed with OpenPGP; the signature was not checked"));
    }
}

TEST_CASE("security.txt: a signature is checked when a keyring is given", "[security_txt]") {
    test::PluginHarness h(test::plugin_path("security_txt"), kKeyring);
    auto good = h.lookup("sectxt-signed.test");
    REQUIRE(good.findings.size() == 1);
    CHECK(test::has_signal(good.findings[0], sig::signature_verified));
    CHECK(any_note(good, "OpenPGP signature good, key F2C33569A871BF1B8B45EDDB6940536E3EB97919 "
                         "(the key its Encryption field names)"));
    auto bad = h.lookup("sectxt-tampered.test");
    REQUIRE(bad.findings.size() == 1);
    CHECK(bad.findings[0].contact.email == "attacker@evil.test");
    CHECK(test::has_signal(bad.findings[0], sig::signature_bad));
    CHECK_FALSE(test::has_signal(bad.findings[0], sig::signature_verified));
}

TEST_CASE("security.txt: hostile or missing files", "[security_txt]") {
    test::PluginHarness h(test::plugin_path("security_txt"), "");
    SECTION("garbage: escapes and odd schemes are not contacts") {
        auto o = h.lookup("sectxt-garbage.test");
        CHECK(o.findings.empty());
        CHECK(any_note(o, "ignored a Contact with control characters"));
        CHECK(any_note(o, "ignored Contact \"javascript:alert(1)\""));
        for (const auto& n : o.notes)
            CHECK(n.find('\x1b') == std::string::npos);
    }
    SECTION("an HTML page with status 200 is not a security.txt") {
        auto o = h.lookup("sectxt-html.test");
        CHECK(o.findings.empty());
        CHECK(any_note(o, "not text/plain"));
    }
    SECTION("oversized") {
        auto o = h.lookup("sectxt-huge.test");
        CHECK(o.findings.empty());
        CHECK(any_note(o, "is larger than 32768 bytes"));
    }
    SECTION("a redirect loop ends, as an error naming the URL") {
        auto o = h.lookup("sectxt-loop.test");
        CHECK(o.status == sdk::Outcome::Status::transient);
        CHECK_THAT(o.message, Catch::Contains("sectxt-loop.test"));
    }
    SECTION("none at either location") {
        auto o = h.lookup("sectxt-none.test");
        CHECK(o.status == sdk::Outcome::Status::no_data);
        CHECK(any_note(o, "no security.txt at https://sectxt-none.test/.well-known/security.txt"));
    }
}

TEST_CASE("security.txt: the registrable domain's file when the host has none", "[security_txt]") {
    test::PluginHarness h(test::plugin_path("security_txt"), "");
    auto o = h.lookup("www.sectxt-valid.test");
    // www.sectxt-valid.test is not in the test world (no HTTPS service): the registrable
    // domain answers.
    REQUIRE_FALSE(o.findings.empty());
    CHECK(o.findings[0].evidence.server == "sectxt-valid.test");
}

TEST_CASE("security.txt: a site with no HTTPS service is a note, not an error", "[security_txt]") {
    test::PluginHarness h(test::plugin_path("security_txt"), "registrable_domain_too = false\n");
    auto o = h.lookup("www.sectxt-valid.test");
    CHECK(o.status == sdk::Outcome::Status::no_data);
    CHECK(any_note(o, "no HTTPS service at www.sectxt-valid.test"));
}
