#include "registry_expect.hpp"
#include "renraku/sdk/signals.hpp"

using namespace renraku;
namespace sig = renraku::sdk::signals;

TEST_CASE("JPRS: the English form of a general-use .jp domain", "[jprs][counting]") {
    test::PluginHarness h(test::plugin_path("jprs"), "", test::counting_world_config());
    test::reset_whois_questions();
    auto o = h.lookup("www.google.jp");
    REQUIRE(o.status == sdk::Outcome::Status::ok);
    test::expect_finding(o,
                         {"dns-admin@google.com", sdk::Role::registrant, {sig::registry_contact}},
                         "google.jp", "whois.jprs.jp");
    CHECK(o.findings.at(0).contact.name == "Google Inc.");
    CHECK(test::whois_questions()["whois.jprs.jp#count"] ==
          std::vector<std::string>{"google.jp/e"});
}

TEST_CASE("JPRS: the Japanese form, in UTF-8 and in ISO-2022-JP", "[jprs]") {
    test::PluginHarness h(test::plugin_path("jprs"), "language = \"ja\"\n");
    SECTION("UTF-8 (since 2015)") {
        auto o = h.lookup("jprs.jp");
        REQUIRE(o.status == sdk::Outcome::Status::ok);
        test::expect_finding(o, {"dom-admin@jprs.co.jp", sdk::Role::registrant, {}}, "jprs.jp",
                             "whois.jprs.jp");
        CHECK(o.findings.at(0).contact.organization == "株式会社日本レジストリサービス");
        CHECK(o.findings.at(0).contact.name == "株式会社日本レジストリサービス");
    }
    SECTION("ISO-2022-JP (2014), decoded without being told") {
        auto o = h.lookup("dns.jp");
        REQUIRE(o.status == sdk::Outcome::Status::ok);
        test::expect_finding(o, {"dom-admin@jprs.co.jp", sdk::Role::registrant, {}}, "dns.jp",
                             "whois.jprs.jp");
        CHECK(o.findings.at(0).contact.organization == "株式会社日本レジストリサービス");
        CHECK(o.findings.at(0).contact.phone == "03-5215-8451");
        CHECK_THAT(o.notes.at(0), Catch::Contains("Active"));
    }
    SECTION("the charset named in the config is used") {
        test::PluginHarness forced(test::plugin_path("jprs"),
                                   "language = \"ja\"\ncharset = \"iso-2022-jp\"\n");
        auto o = forced.lookup("dns.jp");
        REQUIRE(o.status == sdk::Outcome::Status::ok);
        CHECK(o.findings.at(0).contact.organization == "株式会社日本レジストリサービス");
    }
}

TEST_CASE("JPRS: a co.jp record names contact handles, which are asked for", "[jprs][counting]") {
    test::PluginHarness h(test::plugin_path("jprs"), "", test::counting_world_config());
    test::reset_whois_questions();
    auto o = h.lookup("www.google.co.jp");
    CHECK(o.findings.empty());
    CHECK(test::whois_questions()["whois.jprs.jp#count"] ==
          std::vector<std::string>{"google.co.jp/e", "YN47525JP/e", "SH36113JP/e"});
    bool noted = false;
    for (const auto& n : o.notes)
        noted = noted || n.find("no details of contact YN47525JP") != std::string::npos;
    CHECK(noted);
}

TEST_CASE("JPRS: no such domain, other TLDs, and a bad language", "[jprs]") {
    test::PluginHarness h(test::plugin_path("jprs"), "");
    auto none = h.lookup("likexian-have-no-money-to-register.jp");
    CHECK(none.status == sdk::Outcome::Status::no_data);
    CHECK_THAT(none.notes.at(0), Catch::Contains("has no domain"));
    CHECK(h.lookup("google.com").notes.empty());
    CHECK_THROWS_WITH(test::PluginHarness(test::plugin_path("jprs"), "language = \"de\"\n"),
                      Catch::Contains("language"));
}

TEST_CASE("JPRS: a Japanese answer in EUC-JP or Shift_JIS, with the charset named", "[jprs]") {
    for (const auto& [charset, domain] :
         {std::pair<std::string, std::string>{"euc-jp", "eucjp-test.jp"},
          {"shift_jis", "sjis-test.jp"}}) {
        INFO(charset);
        test::PluginHarness h(test::plugin_path("jprs"),
                              "language = \"ja\"\ncharset = \"" + charset + "\"\n");
        auto o = h.lookup(domain);
        REQUIRE(o.status == sdk::Outcome::Status::ok);
        CHECK(o.findings.at(0).contact.email == "dom-admin@jprs.co.jp");
        CHECK(o.findings.at(0).contact.organization == "株式会社日本レジストリサービス");
    }
}

TEST_CASE("JPRS: ac.jp, go.jp and ne.jp records, every contact handle asked once",
          "[jprs][counting]") {
    test::PluginHarness h(test::plugin_path("jprs"), "", test::counting_world_config());
    test::reset_whois_questions();
    auto ac = h.lookup("www.titech.ac.jp");
    auto go = h.lookup("mod.go.jp");
    auto ne = h.lookup("search.goo.ne.jp");
    CHECK_THAT(go.notes.at(0), Catch::Contains("name servers ns1.mod.go.jp ns2.mod.go.jp"));
    auto asked = test::whois_questions()["whois.jprs.jp#count"];
    CHECK(asked == std::vector<std::string>{"titech.ac.jp/e", "YS12912JP/e", "MT47768JP/e",
                                            "NM23856JP/e", "mod.go.jp/e", "HM15693JP/e",
                                            "goo.ne.jp/e", "MS57072JP/e", "TH53991JP/e"});
}
