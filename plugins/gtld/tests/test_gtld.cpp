#include "registry_expect.hpp"
#include "renraku/sdk/signals.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

using namespace renraku;
namespace sig = renraku::sdk::signals;
namespace fs = std::filesystem;

TEST_CASE("gtld: .com through IANA's bootstrap, Verisign's RDAP, then the registrar's",
          "[gtld][counting]") {
    test::PluginHarness h(test::plugin_path("gtld"), "", test::counting_world_config());
    test::reset_whois_questions();
    auto o = h.lookup("www.google.com");
    REQUIRE(o.status == sdk::Outcome::Status::ok);
    auto abuse = test::with_email(o, "abusecomplaints@markmonitor.com");
    REQUIRE(abuse.size() == 2); // the registry's record and the registrar's both name it
    for (const auto& f : abuse) {
        CHECK(f.role == sdk::Role::abuse);
        CHECK(test::has_signal(f, sig::registrar_abuse_contact));
        CHECK(f.scope.value == "google.com");
    }
    CHECK(abuse[0].evidence.server == "rdap.verisign.com");
    CHECK(abuse[1].evidence.server == "rdap.markmonitor.com");
    CHECK_THAT(o.notes.at(0), Catch::Contains("registrable domain of www.google.com"));
    auto asked = test::whois_questions();
    CHECK(asked["rdap.verisign.com#count"] ==
          std::vector<std::string>{"/com/v1/domain/google.com"});
    CHECK(asked["rdap.markmonitor.com#count"] ==
          std::vector<std::string>{"/rdap/domain/GOOGLE.COM"});
    CHECK(asked.count("whois.iana.org#count") == 0);
}

TEST_CASE("gtld: the thin-registry whois path, IANA -> Verisign -> the registrar",
          "[gtld][counting]") {
    test::PluginHarness h(test::plugin_path("gtld"), "rdap = false\n",
                          test::counting_world_config());
    test::reset_whois_questions();
    auto o = h.lookup("google.com");
    REQUIRE(o.status == sdk::Outcome::Status::ok);
    test::expect_finding(
        o, {"abusecomplaints@markmonitor.com", sdk::Role::abuse, {sig::registrar_abuse_contact}},
        "google.com", "whois.verisign-grs.com");
    auto servers = std::set<std::string>{};
    for (const auto& f : o.findings)
        servers.insert(f.evidence.server);
    // Asked of the two whois servers; the registry operator's desk comes from shipped data.
    CHECK(servers ==
          std::set<std::string>{"whois.verisign-grs.com", "whois.markmonitor.com", "data"});
    // The registrar's notice text names its own desk: never a recipient.
    auto desk = test::with_email(o, "whoisrequest@markmonitor.com");
    REQUIRE(desk.size() == 1);
    CHECK(test::has_signal(desk[0], sig::placeholder));
    auto asked = test::whois_questions();
    CHECK(asked["whois.iana.org#count"] == std::vector<std::string>{"com"});
    CHECK(asked["whois.verisign-grs.com#count"] == std::vector<std::string>{"google.com"});
    CHECK(asked["whois.markmonitor.com#count"] == std::vector<std::string>{"google.com"});
}

TEST_CASE("gtld: RDAP failing falls back to whois and says so", "[gtld]") {
    test::PluginHarness h(test::plugin_path("gtld"), "",
                          test::world_config_redirecting("rdap.verisign.com:443:127.0.0.1:9"));
    auto o = h.lookup("google.com");
    REQUIRE(o.status == sdk::Outcome::Status::ok);
    CHECK_FALSE(test::with_email(o, "abusecomplaints@markmonitor.com").empty());
    bool said = false;
    for (const auto& n : o.notes)
        said = said || n.find("answered from whois") != std::string::npos;
    CHECK(said);
}

TEST_CASE("gtld: redacted registrant data is a caveat, its web form a url contact", "[gtld]") {
    // eNom's recorded answer for github.org, asked directly.
    test::PluginHarness h(test::plugin_path("gtld"), "rdap = false\nfollow_registrar = false\n"
                                                     "servers = [\"org=whois.enom.com\"]\n");
    auto o = h.lookup("github.org");
    REQUIRE(o.status == sdk::Outcome::Status::ok);
    auto abuse = test::with_email(o, "ABUSE@enom.com");
    REQUIRE(abuse.size() == 1);
    CHECK(test::has_signal(abuse[0], sig::registrar_abuse_contact));
    REQUIRE_FALSE(abuse[0].caveats.empty());
    CHECK_THAT(abuse[0].caveats.back(),
               Catch::Contains("registrant, admin and tech contact data withheld by "
                               "whois.enom.com (REDACTED FOR PRIVACY)"));
    bool form = false;
    for (const auto& f : o.findings)
        if (f.contact.url.rfind("https://tieredaccess.com/contact/", 0) == 0) {
            form = true;
            CHECK(f.role == sdk::Role::registrant);
            CHECK(test::has_signal(f, sig::privacy_proxy));
        }
    CHECK(form);
    for (const auto& f : o.findings)
        CHECK(f.contact.email.find("REDACTED") == std::string::npos);
}

TEST_CASE("gtld: a privacy service of the shipped list is named, never the holder's to", "[gtld]") {
    // Wild West Domains' recorded answer: "Registration Private", Domains By Proxy, LLC, with
    // forwarding addresses at domainsbyproxy.com.
    test::PluginHarness h(test::plugin_path("gtld"),
                          "rdap = false\nfollow_registrar = false\n"
                          "servers = [\"com=whois.wildwestdomains.com\"]\n");
    auto o = h.lookup("wildwestdomains.com");
    REQUIRE(o.status == sdk::Outcome::Status::ok);
    int proxies = 0;
    for (const auto& f : o.findings) {
        if (f.contact.email.find("@domainsbyproxy.com") == std::string::npos) continue;
        ++proxies;
        CHECK(test::has_signal(f, sig::privacy_proxy));
        bool named = false;
        for (const auto& cv : f.caveats)
            named = named || cv.find("Domains By Proxy, LLC") != std::string::npos;
        CHECK(named);
    }
    CHECK(proxies >= 3);
}

TEST_CASE("gtld: no such domain, and ccTLDs are not its", "[gtld][counting]") {
    test::PluginHarness h(test::plugin_path("gtld"), "rdap = false\n",
                          test::counting_world_config());
    test::reset_whois_questions();
    auto none = h.lookup("likexian-have-no-money-to-register.com");
    CHECK(none.status == sdk::Outcome::Status::no_data);
    REQUIRE_FALSE(none.notes.empty());
    CHECK_THAT(none.notes.back(), Catch::Contains("has no domain"));
    CHECK(h.lookup("google.fi").findings.empty());
    CHECK(h.lookup("google.jp").findings.empty());
    auto asked = test::whois_questions();
    CHECK(asked["whois.iana.org#count"] == std::vector<std::string>{"com"});
    CHECK(asked.count("whois.fi#count") == 0);
}

TEST_CASE("gtld: an unreachable registry is a transient error naming it", "[gtld]") {
    test::PluginHarness h(test::plugin_path("gtld"), "rdap = false\n",
                          test::world_config_redirecting("whois.verisign-grs.com:43:127.0.0.1:9"));
    auto o = h.lookup("google.com");
    CHECK(o.status == sdk::Outcome::Status::transient);
    CHECK_THAT(o.message, Catch::Contains("whois.verisign-grs.com"));
}

TEST_CASE("gtld: a name under a private suffix asks about the provider's registration",
          "[gtld][counting]") {
    // As the core reads "www.example.blogspot.com": registrable per the whole Public Suffix List
    // "example.blogspot.com", registered per its ICANN section "blogspot.com". The recorded
    // google.com stands in for such a provider's domain.
    sdk::Indicator ind;
    ind.type = sdk::IndicatorType::domain;
    ind.value = ind.host = ind.host_unicode = "www.pages.google.com";
    ind.registrable = "pages.google.com";
    ind.registered = "google.com";
    test::PluginHarness h(test::plugin_path("gtld"), "rdap = false\n",
                          test::counting_world_config());
    test::reset_whois_questions();
    auto o = h.lookup(ind);
    REQUIRE(o.status == sdk::Outcome::Status::ok);
    CHECK_FALSE(test::with_email(o, "abusecomplaints@markmonitor.com").empty());
    CHECK_THAT(o.notes.at(0), Catch::Contains("pages.google.com is a name the holder of "
                                              "google.com hands out"));
    CHECK(test::whois_questions()["whois.verisign-grs.com#count"] ==
          std::vector<std::string>{"google.com"});
}

TEST_CASE("gtld: a registrar whose record names no abuse address: its desk by IANA id", "[gtld]") {
    test::PluginHarness h(test::plugin_path("gtld"));
    // Verisign's record names registrar 146 (publicIds) and an abuse contact with a telephone
    // only; the shipped list of registrars' abuse contacts has 146 taking a web form only.
    auto o = h.lookup("formonly-registrar.com");
    REQUIRE(o.status == sdk::Outcome::Status::ok);
    const sdk::Finding* desk = nullptr;
    for (const auto& f : o.findings)
        if (f.evidence.field.rfind("IANA Registrar ID", 0) == 0) desk = &f;
    REQUIRE(desk != nullptr);
    CHECK(desk->contact.email.empty());
    CHECK_THAT(desk->contact.url, Catch::StartsWith("https://supportcenter.godaddy.com/"));
    CHECK(desk->contact.organization == "GoDaddy.com, LLC");
    CHECK(desk->role == sdk::Role::abuse);
    CHECK(desk->evidence.field == "IANA Registrar ID 146 form");
    CHECK_THAT(desk->evidence.excerpt, Catch::Contains("digging-dns-abuse-contacts"));
    CHECK(test::has_signal(*desk, sig::registrar_abuse_contact));
    CHECK(test::has_signal(*desk, sig::form_only));
    bool said = false;
    for (const auto& n : o.notes)
        said = said || n.find("through its web form only") != std::string::npos;
    CHECK(said);
}

TEST_CASE("gtld: a registrar the list marks as taking reports by API: its form, and the API as "
          "a way in of its own",
          "[gtld][world]") {
    test::PluginHarness h(test::plugin_path("gtld"));
    // Registrar 1861 (Porkbun): a web form and, the list says, CleanDNS's reporting API.
    auto o = h.lookup("api-registrar.com");
    REQUIRE(o.status == sdk::Outcome::Status::ok);
    const sdk::Finding* form = nullptr;
    const sdk::Finding* api = nullptr;
    for (const auto& f : o.findings) {
        if (f.evidence.field.rfind("IANA Registrar ID", 0) != 0) continue;
        (f.contact.api.empty() ? form : api) = &f;
    }
    REQUIRE(form != nullptr);
    REQUIRE(api != nullptr);
    CHECK(form->contact.url == "https://abuse.cleandns.space/porkbun");
    CHECK(api->contact.api == "https://www.cleandns.com");
    CHECK(api->contact.email.empty());
    CHECK(api->contact.url.empty());
    CHECK(api->contact.name == "CleanDNS (reporting API)");
    CHECK(api->contact.organization == "Porkbun LLC");
    CHECK(api->evidence.field == "IANA Registrar ID 1861 api");
    CHECK_FALSE(test::has_signal(*api, sig::form_only));
    bool caveat = false;
    for (const auto& c : api->caveats)
        caveat = caveat || c.find("CleanDNS's reporting API") != std::string::npos;
    CHECK(caveat);
    bool said = false;
    for (const auto& n : o.notes)
        said = said ||
               n.find("through its web form or a reporting API, not by mail") != std::string::npos;
    CHECK(said);
}

namespace {
std::vector<const sdk::Finding*> operator_desks(const sdk::Outcome& o) {
    std::vector<const sdk::Finding*> out;
    for (const auto& f : o.findings)
        if (test::has_signal(f, sig::registry_operator_desk)) out.push_back(&f);
    return out;
}
} // namespace

TEST_CASE("gtld: the registry operator's desk, above the registrar, from the shipped list",
          "[gtld][world]") {
    test::PluginHarness h(test::plugin_path("gtld"));
    SECTION("RDAP: .com's operator takes a web form only") {
        auto o = h.lookup("www.google.com");
        REQUIRE(o.status == sdk::Outcome::Status::ok);
        auto desks = operator_desks(o);
        REQUIRE(desks.size() == 1);
        const auto& d = *desks[0];
        CHECK(d.contact.organization == "VeriSign, Inc.");
        CHECK(d.contact.url == "https://verisign.my.site.com/DNSAbuse/");
        CHECK(d.contact.email.empty());
        CHECK(test::has_signal(d, sig::form_only));
        CHECK_FALSE(test::has_signal(d, sig::registrar_abuse_contact));
        CHECK(d.evidence.server == "data");
        CHECK(d.evidence.field == "TLD .com form");
        CHECK(d.scope.value == "google.com");
        REQUIRE_FALSE(d.caveats.empty());
        CHECK_THAT(d.caveats[0], Catch::Contains("write to the registrar first"));
        // The registrar's own desk is still there, and first.
        CHECK_FALSE(test::with_email(o, "abusecomplaints@markmonitor.com").empty());
    }
    SECTION("whois: the same desk on the thin-registry path") {
        test::PluginHarness w(test::plugin_path("gtld"), "rdap = false\n");
        auto o = w.lookup("google.com");
        REQUIRE(o.status == sdk::Outcome::Status::ok);
        auto desks = operator_desks(o);
        REQUIRE(desks.size() == 1);
        CHECK(desks[0]->contact.url == "https://verisign.my.site.com/DNSAbuse/");
    }
    SECTION("an operator the list says takes reports by API: a contact of channel api too") {
        // The user's data folder, over the shipped list (as update-data or a site would).
        fs::path dir = fs::path(std::getenv("XDG_DATA_HOME")) / "renraku" / "data" / "registries";
        fs::create_directories(dir);
        std::ofstream(dir / "registry-channels.json")
            << R"({"source": "a site's own list", "registries": [
                 {"tld": "com", "name": "Operator With API", "email": "abuse@operator.example",
                  "form": "http://operator.example/plain-http-form",
                  "api": "https://www.cleandns.com", "api_by": "CleanDNS", "as_of": "2026-12-01"},
                 {"tld": "../x", "name": "never read", "email": "abuse@operator.example"}]})";
        auto o = h.lookup("www.google.com");
        fs::remove(dir / "registry-channels.json");
        auto desks = operator_desks(o);
        REQUIRE(desks.size() == 2);
        CHECK(desks[0]->contact.email == "abuse@operator.example");
        CHECK(desks[0]->contact.url.empty()); // a form over plain HTTP is not taken
        CHECK_FALSE(test::has_signal(*desks[0], sig::form_only));
        CHECK(desks[1]->contact.api == "https://www.cleandns.com");
        CHECK(desks[1]->contact.name == "CleanDNS (reporting API)");
        CHECK(desks[1]->evidence.field == "TLD .com api");
        CHECK_THAT(desks[1]->evidence.excerpt,
                   Catch::Contains("a site's own list; as of 2026-12-01"));
    }
    SECTION("a TLD the list does not have: nothing added") {
        auto o = h.lookup("example.test");
        CHECK(operator_desks(o).empty());
    }
}
