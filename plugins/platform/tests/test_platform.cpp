#include "harness.hpp"
#include "renraku/sdk/signals.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

using namespace renraku;
namespace sig = renraku::sdk::signals;

TEST_CASE("a tenant's host under a platform's suffix: the platform's desk", "[platform]") {
    test::PluginHarness h(test::plugin_path("platform"));
    SECTION("an e-mail desk: Netlify for x.netlify.app, from a URL") {
        auto o = h.lookup("https://victim-login.netlify.app/signin");
        REQUIRE(o.status == sdk::Outcome::Status::ok);
        REQUIRE(o.findings.size() == 1);
        const auto& f = o.findings[0];
        CHECK(f.contact.email == "fraud@netlify.com");
        CHECK(f.contact.organization == "Netlify");
        CHECK(f.role == sdk::Role::abuse);
        CHECK(f.scope.value == "netlify.app");
        CHECK(test::has_signal(f, sig::platform_desk));
        CHECK_THAT(f.evidence.excerpt, Catch::Contains("ninoseki/abuse_whois"));
        CHECK_THAT(f.evidence.excerpt, Catch::Contains("rules of 2026-12-04"));
        REQUIRE_FALSE(o.notes.empty());
        CHECK_THAT(o.notes[0], Catch::Contains("run by Netlify"));
    }
    SECTION("a form desk: Blogger for x.blogspot.com, the form as a url contact") {
        auto o = h.lookup("phish.blogspot.com");
        REQUIRE(o.findings.size() == 1);
        CHECK(o.findings[0].contact.email.empty());
        CHECK(o.findings[0].contact.url == "https://support.google.com/blogger/answer/76315");
        CHECK_FALSE(o.findings[0].caveats.empty());
    }
    SECTION("the longest suffix wins; a host that is the suffix itself matches") {
        auto o = h.lookup("sites.google.com");
        REQUIRE(o.findings.size() == 1);
        CHECK(o.findings[0].contact.organization == "Google Sites");
        auto s = h.lookup("x.firebasestorage.googleapis.com");
        REQUIRE(s.findings.size() == 1);
        CHECK(s.findings[0].contact.organization ==
              "Firebase"); // not Google Cloud's googleapis.com
    }
    SECTION("nothing for a host under no platform, or a look-alike name") {
        CHECK(h.lookup("example.test").findings.empty());
        CHECK(h.lookup("evilnetlify.app").findings.empty());
    }
}

TEST_CASE("the user's own rules come before the shipped ones", "[platform]") {
    auto dir = std::filesystem::temp_directory_path() / "renraku-platform-test";
    std::filesystem::create_directories(dir);
    auto file = dir / "own-rules.json";
    std::ofstream(file) << R"({"date": "2026-12-01", "rules": [
        {"platform": "Our Blogger contact", "suffixes": ["blogspot.com"],
         "email": "blogger-abuse@contact.example", "source": "our agreement"},
        {"platform": "broken"}, null]})";
    test::PluginHarness h(test::plugin_path("platform"),
                          "rules_file = \"" + file.string() + "\"\n");
    auto o = h.lookup("phish.blogspot.com");
    REQUIRE(o.findings.size() == 1);
    CHECK(o.findings[0].contact.email == "blogger-abuse@contact.example");
    CHECK_THAT(o.findings[0].evidence.excerpt, Catch::Contains("rules of 2026-12-01"));
    // A suffix the user's file does not name still comes from the shipped rules.
    CHECK(h.lookup("a.netlify.app").findings.at(0).contact.email == "fraud@netlify.com");

    // A file that is no rule file: the source says so, the others still answer.
    std::ofstream(file) << "[1, 2]";
    auto bad = h.lookup("phish.blogspot.com");
    CHECK(bad.status == sdk::Outcome::Status::bad_answer);
    CHECK_THAT(bad.message, Catch::Contains("is not a rule file"));
}
