#include "registry_expect.hpp"
#include "renraku/sdk/signals.hpp"

using namespace renraku;
namespace sig = renraku::sdk::signals;

namespace {

// The small fixed team data of the tests, never the shipped snapshot.
std::string test_teams() {
    return std::string("shipped = false\nteams_files = [\"") + RENRAKU_TEST_SOURCE_DIR +
           "/tests/data/csirts/teams.json\"]\n";
}

} // namespace

TEST_CASE("first: an address the registry says is in JP gets JPCERT/CC", "[first]") {
    test::PluginHarness h(test::plugin_path("first"), test_teams());
    auto o = h.lookup("2001:240:10c:1::ca20:9d1d");
    REQUIRE(o.status == sdk::Outcome::Status::ok);
    REQUIRE(o.findings.size() == 1);
    const auto& f = o.findings[0];
    CHECK(f.contact.email == "info@jpcert.or.jp");
    CHECK(f.contact.name == "JPCERT/CC");
    CHECK(f.role == sdk::Role::csirt);
    CHECK(test::has_signal(f, sig::national_csirt));
    CHECK(test::has_signal(f, sig::csirt_team));
    CHECK(f.contact.pgp_fingerprint.empty()); // the data has none: none is invented
    CHECK_THAT(o.notes.back(), Catch::Contains("country JP (from the registry's record)"));
}

TEST_CASE("first: another country's national CSIRT, with its fingerprint where known", "[first]") {
    test::PluginHarness h(test::plugin_path("first"), test_teams());
    auto au = h.lookup("1.1.1.1");
    REQUIRE(au.findings.size() == 1);
    CHECK(au.findings[0].contact.email == "asd.assist@defence.gov.au");
    auto cz = h.lookup("foo.cz");
    REQUIRE(cz.findings.size() == 1); // GovCERT.CZ is not the national CSIRT
    CHECK(cz.findings[0].contact.email == "abuse@csirt.cz");
    CHECK(cz.findings[0].contact.pgp_fingerprint == "70718BB40939AB7D4E394EFD63A1D6346622A373");
    auto za = h.lookup("example.co.za"); // no e-mail in the data: its report form
    REQUIRE(za.findings.size() == 1);
    CHECK(za.findings[0].contact.email.empty());
    CHECK_FALSE(za.findings[0].contact.url.empty());
}

TEST_CASE("first: a country with no entry says so, a gTLD has no country", "[first]") {
    test::PluginHarness h(test::plugin_path("first"), test_teams());
    auto ke = h.lookup("2001:43f8:7b0::1");
    CHECK(ke.findings.empty());
    CHECK_THAT(ke.notes.back(), Catch::Contains("no national CSIRT for country KE"));
    auto com = h.lookup("google.com");
    CHECK(com.findings.empty());
    CHECK_THAT(com.notes.back(), Catch::Contains("generic TLD"));
}

TEST_CASE("first: a team whose constituency holds the domain or AS number", "[first]") {
    test::PluginHarness h(test::plugin_path("first"), test_teams());
    auto d = h.lookup("www.example.test");
    REQUIRE_FALSE(d.findings.empty());
    CHECK(d.findings[0].contact.email == "csirt@example.test");
    CHECK_FALSE(test::has_signal(d.findings[0], sig::national_csirt));
    auto as = h.lookup("AS64496");
    REQUIRE_FALSE(as.findings.empty());
    CHECK(as.findings[0].contact.email == "csirt@example.test");
}

TEST_CASE("first: the shipped data has JPCERT/CC for .jp", "[first]") {
    test::PluginHarness h(test::plugin_path("first"), "");
    auto o = h.lookup("example.jp");
    REQUIRE_FALSE(o.findings.empty());
    CHECK(o.findings[0].contact.name == "JPCERT/CC");
}

TEST_CASE("first: Trusted Introducer-style teams match by range, AS number and domain", "[first]") {
    test::PluginHarness h(test::plugin_path("first"),
                          std::string("shipped = false\nteams_files = [\"") +
                              RENRAKU_TEST_SOURCE_DIR + "/tests/data/csirts/ti-teams.json\"]\n");
    for (const char* indicator :
         {"198.51.100.7", "2001:db8:100::1", "AS64500", "www.lab.ac.example"}) {
        INFO(indicator);
        auto o = h.lookup(indicator);
        REQUIRE_FALSE(o.findings.empty());
        const auto& f = o.findings[0];
        CHECK(f.contact.email == "incident@cert.ac.example"); // the incident address, not info@
        CHECK(f.contact.name == "SYNTH-RN-CERT");
        CHECK(f.contact.pgp_fingerprint == "AAAABBBBCCCCDDDDEEEEFFFF0000111122223333"); // unexpired
        CHECK(test::has_signal(f, sig::csirt_team));
        CHECK_FALSE(test::has_signal(f, sig::national_csirt));
    }
    CHECK(h.lookup("198.51.101.7").findings.empty());
    CHECK(h.lookup("AS64501").findings.empty());
    CHECK(h.lookup("ac.example.org").findings.empty());
}

TEST_CASE("first: a team file that is not team data fails naming it", "[first]") {
    auto bad = test::write_temp_config("{\"not\": \"teams\"}");
    test::PluginHarness h(test::plugin_path("first"),
                          "shipped = false\nteams_files = [\"" + bad.string() + "\"]\n");
    auto o = h.lookup("example.jp");
    CHECK(o.failed());
    CHECK_THAT(o.message, Catch::Contains(bad.filename().string()));
}

TEST_CASE("first: a later file updates a team field by field, keeping what it does not say",
          "[first]") {
    const std::string dir = std::string(RENRAKU_TEST_SOURCE_DIR) + "/tests/data/csirts/";
    test::PluginHarness h(test::plugin_path("first"), "shipped = false\nteams_files = [\"" + dir +
                                                          "teams.json\", \"" + dir +
                                                          "first-api-teams.json\"]\n");
    auto o = h.lookup("example.jp");
    REQUIRE(o.findings.size() == 1);
    const auto& f = o.findings[0];
    CHECK(f.contact.email == "first-listed@jpcert.test");
    CHECK(f.contact.pgp_fingerprint == "123456789ABCDEF0123456789ABCDEF012345678");
    CHECK(test::has_signal(f, sig::national_csirt)); // FIRST's directory does not say; kept
}
