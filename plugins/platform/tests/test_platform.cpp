#include "harness.hpp"
#include "renraku/sdk/signals.hpp"

#include <catch2/catch.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <unistd.h>
#include <vector>

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
        CHECK_THAT(f.evidence.excerpt, Catch::Contains("data of 2026-12-05"));
        REQUIRE_FALSE(o.notes.empty());
        CHECK_THAT(o.notes[0], Catch::Contains("run by Netlify"));
    }
    SECTION("a form desk: Blogger for x.blogspot.com, the form as a url contact") {
        auto o = h.lookup("phish.blogspot.com");
        REQUIRE(o.findings.size() == 1);
        CHECK(o.findings[0].contact.email.empty());
        CHECK(o.findings[0].contact.url == "https://support.google.com/blogger/answer/76315");
        // The desk takes nothing else: the form may be `to` (a packet submitted by hand).
        CHECK(test::has_signal(o.findings[0], sig::form_only));
    }
    SECTION("a desk with both: the e-mail address is the contact, the form goes along") {
        auto o = h.lookup("d111111abcdef8.cloudfront.net");
        REQUIRE(o.findings.size() == 1);
        CHECK(o.findings[0].contact.email == "abuse@amazonaws.com");
        CHECK(o.findings[0].contact.url ==
              "https://support.aws.amazon.com/#/contacts/report-abuse");
        CHECK_FALSE(test::has_signal(o.findings[0], sig::form_only));
    }
    SECTION("the longest suffix wins; a host that is the suffix itself matches") {
        auto o = h.lookup("sites.google.com");
        REQUIRE(o.findings.size() == 1);
        CHECK(o.findings[0].contact.organization == "Google Sites and Docs");
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
    CHECK_THAT(o.findings[0].evidence.excerpt, Catch::Contains("data of 2026-12-01"));
    // A suffix the user's file does not name still comes from the shipped rules.
    CHECK(h.lookup("a.netlify.app").findings.at(0).contact.email == "fraud@netlify.com");

    // A file that is no rule file: the source says so, the others still answer.
    std::ofstream(file) << "[1, 2]";
    test::PluginHarness h2(test::plugin_path("platform"),
                           "rules_file = \"" + file.string() + "\"\n");
    auto bad = h2.lookup("phish.blogspot.com");
    CHECK(bad.status == sdk::Outcome::Status::bad_answer);
    CHECK_THAT(bad.message, Catch::Contains("is not a rule file"));
}

TEST_CASE("the commonly abused platform suffixes each have a desk", "[platform]") {
    test::PluginHarness h(test::plugin_path("platform"));
    // The fourteen the peers miss, and sixteen more that phishing reports name often.
    for (const char* host : {"victim.github.io",
                             "x.pages.dev",
                             "y.vercel.app",
                             "z.herokuapp.com",
                             "a.azurewebsites.net",
                             "bucket.s3.amazonaws.com",
                             "pub-1.r2.dev",
                             "random-words.trycloudflare.com",
                             "ipfs.io",
                             "user.gitlab.io",
                             "app.onrender.com",
                             "app.fly.dev",
                             "abc.ngrok.io",
                             "user.wixsite.com",
                             "x.netlify.app",
                             "x.workers.dev",
                             "x.blogspot.com",
                             "x.firebaseapp.com",
                             "x.web.app",
                             "x.glitch.me",
                             "x.000webhostapp.com",
                             "x.weebly.com",
                             "x.godaddysites.com",
                             "x.square.site",
                             "x.appspot.com",
                             "x.repl.co",
                             "x.yolasite.com",
                             "x.jimdosite.com",
                             "bit.ly",
                             "sites.google.com"}) {
        INFO(host);
        auto o = h.lookup(host);
        REQUIRE_FALSE(o.findings.empty());
        CHECK(test::has_signal(o.findings[0], sig::platform_desk));
        CHECK_FALSE(o.findings[0].evidence.excerpt.empty());
        // Anything beside the desk is its reporting API (Cloudflare's names).
        for (std::size_t i = 1; i < o.findings.size(); ++i)
            CHECK(test::has_signal(o.findings[i], sig::platform_api));
    }
}

TEST_CASE("a platform's reporting API: a contact of its own beside the desk", "[platform]") {
    test::PluginHarness h(test::plugin_path("platform"));
    auto o = h.lookup("https://login-example.pages.dev/");
    REQUIRE(o.findings.size() == 2);
    const auto& desk = o.findings[0];
    const auto& api = o.findings[1];
    CHECK(desk.contact.email == "abuse@cloudflare.com");
    CHECK(desk.contact.api.empty());
    CHECK(test::has_signal(desk, sig::platform_desk));
    CHECK(api.contact.api ==
          "https://api.cloudflare.com/client/v4/accounts/{account_id}/abuse-reports/{report_type}");
    CHECK(api.contact.email.empty());
    CHECK(api.contact.url.empty());
    CHECK(api.contact.name == "Cloudflare (reporting API)");
    CHECK(api.contact.organization == "Cloudflare");
    CHECK(api.scope.value == "pages.dev");
    // Not the desk's signal: it scores as an alternative, never a mail header.
    CHECK(test::has_signal(api, sig::platform_api));
    CHECK_FALSE(test::has_signal(api, sig::platform_desk));
    CHECK_THAT(api.evidence.field, Catch::EndsWith(" api"));
    CHECK_THAT(api.evidence.excerpt, Catch::Contains("Submit an abuse report"));
    REQUIRE_FALSE(api.caveats.empty());
    CHECK_THAT(api.caveats[0], Catch::Contains("its API token are needed"));
    // A desk without one has none.
    CHECK(h.lookup("x.netlify.app").findings.size() == 1);

    SECTION("a form or API that is not https is no way in: dropped, and a rule left with none "
            "is no rule") {
        auto dir = std::filesystem::temp_directory_path() / "renraku-platform-api-test";
        std::filesystem::create_directories(dir);
        auto file = dir / "own-rules.json";
        std::ofstream(file) << R"json({"date": "2026-12-05", "rules": [
            {"platform": "Plain", "suffixes": ["plain.example"], "email": "abuse@plain.example",
             "form": "javascript:alert(1)", "api": "http://api.plain.example/report"},
            {"platform": "Header", "suffixes": ["header.example"], "email": "abuse@header.example",
             "api": "https://api.header.example/\r\nBcc: someone@else.example"},
            {"platform": "Only a bad form", "suffixes": ["pages.dev"],
             "form": "http://forms.example/report"}]})json";
        test::PluginHarness own(test::plugin_path("platform"),
                                "rules_file = \"" + file.string() + "\"\n");
        auto plain = own.lookup("x.plain.example");
        REQUIRE(plain.findings.size() == 1);
        CHECK(plain.findings[0].contact.email == "abuse@plain.example");
        CHECK(plain.findings[0].contact.url.empty());
        auto header = own.lookup("x.header.example");
        REQUIRE(header.findings.size() == 1);
        CHECK(header.findings[0].contact.api.empty());
        // The user's rule for pages.dev had no usable way in: the shipped rule answers.
        auto pages = own.lookup("x.pages.dev");
        REQUIRE_FALSE(pages.findings.empty());
        CHECK(pages.findings[0].contact.email == "abuse@cloudflare.com");
    }
}

TEST_CASE("mailers' links and shorteners: the service that sent or shortened them", "[platform]") {
    test::PluginHarness h(test::plugin_path("platform"));
    struct Case {
        const char* host;
        const char* organization;
        const char* email;
    };
    for (const auto& c :
         {Case{"url1234.ct.sendgrid.net", "SendGrid (Twilio)", "abuse@sendgrid.com"},
          Case{"links.mandrillapp.com", "Mailchimp", "abuse@mailchimp.com"},
          Case{"x.createsend.com", "Campaign Monitor", "abuse@campaignmonitor.com"},
          Case{"trk.ac-tinker.com", "ActiveCampaign", "abuse@activecampaign.com"},
          Case{"click.mc.salesforce.com", "Salesforce Marketing Cloud", "abuse@salesforce.com"},
          Case{"buff.ly", "Buffer", "abuse@buffer.com"},
          Case{"shorturl.at", "ShortURL.at", "abuse@shorturl.at"}}) {
        INFO(c.host);
        auto o = h.lookup(c.host);
        REQUIRE(o.findings.size() == 1);
        CHECK(o.findings[0].contact.organization == c.organization);
        CHECK(o.findings[0].contact.email == c.email);
        CHECK_THAT(o.findings[0].evidence.excerpt,
                   Catch::Contains("nigelhorne/Email-Abuse-Investigator@4692e2e"));
    }
    // SendGrid asks for the message with its headers; the caveat carries it to the notice.
    auto sg = h.lookup("url1234.ct.sendgrid.net");
    bool asks = false;
    for (const auto& cv : sg.findings.at(0).caveats)
        asks = asks || cv.find("asks for: the message with its full headers") != std::string::npos;
    CHECK(asks);
    // salesforce.com itself is not the marketing cloud's: only its mc. names are.
    CHECK(h.lookup("www.salesforce.com").findings.empty());
}

TEST_CASE("a URL under a platform's paths: the platform's desk for that content", "[platform]") {
    test::PluginHarness h(test::plugin_path("platform"));
    auto form = h.lookup("https://docs.google.com/forms/d/e/1FAIpQLSd-example/viewform");
    REQUIRE(form.findings.size() == 1);
    CHECK(form.findings[0].contact.organization == "Google Sites and Docs");
    CHECK(form.findings[0].scope.kind == "url");
    CHECK(form.findings[0].scope.value == "docs.google.com/forms/");
    CHECK_THAT(form.notes.at(0), Catch::Contains("served by Google Sites and Docs"));
    // The longest pattern wins; the host's case, a port and a user do not matter.
    auto drop = h.lookup("https://user@WWW.Dropbox.com:443/scl/fi/abc/invoice.html?dl=0");
    REQUIRE(drop.findings.size() == 1);
    CHECK(drop.findings[0].contact.organization == "Dropbox");
    // A path no rule names, and a look-alike host, find nothing.
    CHECK(h.lookup("https://docs.google.com/").findings.empty());
    CHECK(h.lookup("https://docs.google.com.evil.test/forms/x").findings.empty());
}

namespace {

// A data folder holding a feed catalogue whose files are the synthetic feeds, as update-data
// would fetch them, and the shipped rules; a config naming it as [data] dir.
std::filesystem::path ranges_world() {
    namespace fs = std::filesystem;
    fs::path dir =
        fs::temp_directory_path() / ("renraku-platform-ranges-" + std::to_string(::getpid()));
    fs::path feeds = fs::path(RENRAKU_TEST_SOURCE_DIR) / "tests/data/synthetic/feeds";
    fs::create_directories(dir / "platforms/ranges");
    fs::copy_file(fs::path(RENRAKU_TEST_SOURCE_DIR) / "config/data/platforms/rules.json",
                  dir / "platforms/rules.json", fs::copy_options::overwrite_existing);
    auto put = [&](const char* name, std::initializer_list<const char*> files) {
        std::string body;
        for (const char* f : files)
            body += test::read_file(feeds / f) + "\n";
        std::ofstream(dir / "platforms/ranges" / (std::string(name) + ".feed")) << body;
    };
    put("cloudflare", {"cloudflare-ips-v4.txt", "cloudflare-ips-v6.txt"});
    put("cloudfront", {"cloudfront-ips.json"});
    put("aws", {"aws-ip-ranges.json"});
    put("google", {"google-cloud.json"});
    put("github", {"github-meta.json"});
    put("digitalocean", {"digitalocean-geofeed.csv"});
    std::ofstream(dir / "platforms/ranges/broken.feed") << "{\"prefixes\": [";
    // A hostile feed claiming everything, and private space: none of it is any cloud's.
    std::ofstream(dir / "platforms/ranges/wide.feed")
        << "0.0.0.0/0\n::/0\n10.0.0.0/8\n192.0.2.0/7\n";
    std::ofstream(dir / "platforms/feeds.json") << R"({"feeds": [
      {"name": "cloudflare", "platform": "Cloudflare", "kind": "cdn",
       "file": "platforms/ranges/cloudflare.feed", "email": "abuse@cloudflare.com"},
      {"name": "cloudfront", "platform": "Amazon CloudFront", "kind": "cdn",
       "file": "platforms/ranges/cloudfront.feed", "email": "abuse@amazonaws.com"},
      {"name": "github", "platform": "GitHub", "kind": "hosting",
       "file": "platforms/ranges/github.feed", "form": "https://support.github.com/contact/report-abuse",
       "json_keys": ["hooks", "web", "pages"]},
      {"name": "aws", "platform": "Amazon Web Services", "kind": "cloud",
       "file": "platforms/ranges/aws.feed", "email": "abuse@amazonaws.com",
       "wants": "the address, the time with its time zone"},
      {"name": "google", "platform": "Google Cloud", "kind": "cloud",
       "file": "platforms/ranges/google.feed", "form": "https://support.google.com/code/contact/cloud_platform_report"},
      {"name": "digitalocean", "platform": "DigitalOcean", "kind": "cloud",
       "file": "platforms/ranges/digitalocean.feed", "email": "abuse@digitalocean.com",
       "snapshot_date": "2026-07-24"},
      {"name": "broken", "platform": "Broken", "kind": "cloud",
       "file": "platforms/ranges/broken.feed", "email": "abuse@broken.example"},
      {"name": "wide", "platform": "Wide", "kind": "cloud",
       "file": "platforms/ranges/wide.feed", "email": "abuse@wide.example"},
      {"name": "escape", "platform": "Escape", "kind": "cloud",
       "file": "../../etc/passwd", "email": "abuse@escape.example"}]})";
    std::string world = test::read_file(RENRAKU_TEST_WORLD_CONFIG);
    return test::write_temp_config(world + "\n[data]\ndir = \"" + dir.string() + "\"\n");
}

} // namespace

TEST_CASE("an address in a cloud's or CDN's published ranges: its desk", "[platform]") {
    test::PluginHarness h(test::plugin_path("platform"), "", ranges_world());
    SECTION("a cloud, IPv4: the feed's own date, the desk's wishes") {
        // GitHub's meta file lists this range under "actions" (runners in a cloud), a key the
        // catalogue does not read: the cloud's desk answers, not GitHub's.
        auto o = h.lookup("198.51.100.10");
        REQUIRE(o.findings.size() == 1);
        const auto& f = o.findings[0];
        CHECK(f.contact.organization == "Amazon Web Services");
        CHECK(f.contact.email == "abuse@amazonaws.com");
        CHECK(f.scope.kind == "network");
        CHECK(f.scope.value == "198.51.100.0/25");
        CHECK(test::has_signal(f, sig::platform_desk));
        CHECK_THAT(f.evidence.excerpt, Catch::Contains("data of 2026-11-30"));
        CHECK_THAT(f.caveats.at(0), Catch::Contains("published ranges: its desk acts on the "
                                                    "customer's instance"));
    }
    SECTION("a cloud, IPv6, and a prefix inside the range") {
        auto o = h.lookup("2001:db8:b0::25");
        REQUIRE(o.findings.size() == 1);
        CHECK(o.findings[0].contact.organization == "Google Cloud");
        CHECK(o.findings[0].scope.value == "2001:db8:b0::/48");
        CHECK(test::has_signal(o.findings[0], sig::form_only));
        auto net = h.lookup("2001:db8:a0:10::/64");
        REQUIRE(net.findings.size() == 1);
        CHECK(net.findings[0].contact.organization == "Amazon Web Services");
        // A prefix wider than the feed's is not all the cloud's.
        CHECK(h.lookup("2001:db8::/32").findings.empty());
    }
    SECTION("a CDN's longer prefix inside the cloud's: the CDN") {
        auto o = h.lookup("198.51.100.70");
        REQUIRE(o.findings.size() == 1);
        CHECK(o.findings[0].contact.organization == "Amazon CloudFront");
        CHECK_THAT(o.findings[0].caveats.at(0), Catch::Contains("hides its origin host"));
    }
    SECTION("a geofeed (RFC 8805 lines); a feed without a date of its own: the snapshot's") {
        auto o = h.lookup("192.0.2.241");
        REQUIRE(o.findings.size() == 1);
        CHECK(o.findings[0].contact.organization == "DigitalOcean");
        CHECK_THAT(o.findings[0].evidence.excerpt, Catch::Contains("data of 2026-07-24"));
        CHECK(h.lookup("2001:db8:c0::1").findings.at(0).contact.organization == "Cloudflare");
        CHECK(h.lookup("192.0.2.210").findings.at(0).contact.organization == "GitHub");
    }
    SECTION("an address in no feed: nothing, and the broken feed is named") {
        CHECK(h.lookup("10.1.2.3").findings.empty());
        auto o = h.lookup("192.0.2.10");
        CHECK(o.findings.empty());
        bool named = false;
        for (const auto& n : o.notes)
            named = named || n.find("broken.feed") != std::string::npos;
        CHECK(named);
    }
}

TEST_CASE("a host whose CNAME chain leads under a platform's names", "[platform]") {
    test::PluginHarness h(test::plugin_path("platform"));
    SECTION("an alias of a CDN's edge name: the CDN, which relays to the hidden origin") {
        auto o = h.lookup("shop.example.test");
        REQUIRE(o.findings.size() == 1);
        const auto& f = o.findings[0];
        CHECK(f.contact.organization == "Fastly");
        CHECK(f.scope.value == "shop.example.test");
        CHECK_THAT(f.caveats.at(0), Catch::Contains("shop.example.test is fronted by Fastly"));
        CHECK_THAT(f.evidence.field,
                   Catch::Contains("shop.example.test -> shop-example.global.ssl.fastly.net"));
    }
    SECTION("an alias of a tenant's name on a platform: the platform hosts it") {
        auto o = h.lookup("docs.example.test");
        REQUIRE(o.findings.size() == 1);
        CHECK(o.findings[0].contact.organization == "GitHub");
        CHECK_THAT(o.findings[0].caveats.at(0), Catch::Contains("the site lives on GitHub"));
    }
    SECTION("a tracking host that is an alias of a mailer's own name: the mailer") {
        auto o = h.lookup("track.example.test");
        REQUIRE(o.findings.size() == 1);
        CHECK(o.findings[0].contact.organization == "Mailgun");
        CHECK(o.findings[0].contact.email == "abuse@mailgun.com");
        CHECK(o.findings[0].scope.value == "track.example.test");
        CHECK_THAT(o.findings[0].evidence.field,
                   Catch::Contains("track.example.test -> mailgun.org"));
    }
    SECTION("no alias: nothing; a name that does not answer: a note, not a failure") {
        CHECK(h.lookup("www.example.test").findings.empty());
        auto slow = h.lookup("www.timeout.test", 1500);
        CHECK(slow.status == sdk::Outcome::Status::no_data);
        CHECK(slow.findings.empty());
    }
}

TEST_CASE("an address the core found for a host, inside a CDN's ranges: the host is fronted",
          "[platform]") {
    test::PluginHarness h(test::plugin_path("platform"), "", ranges_world());
    auto ind = test::indicator("203.0.113.130");
    ind.parent = "fronted.example.test";
    auto o = h.lookup(ind);
    REQUIRE(o.findings.size() == 1);
    CHECK(o.findings[0].contact.organization == "Cloudflare");
    CHECK_THAT(o.findings[0].caveats.at(0),
               Catch::Contains("fronted.example.test is fronted by Cloudflare (203.0.113.130 is "
                               "in its published ranges)"));
}

namespace {
// The Public Suffix List's private section: each suffix with the title of the block that lists
// it (the operator who asked for it, as "GMO Pepabo, Inc. : https://pepabo.com/").
std::map<std::string, std::string> psl_private_operators() {
    std::ifstream in("/usr/share/publicsuffix/public_suffix_list.dat");
    REQUIRE(in); // the publicsuffix package, installed with libpsl
    std::map<std::string, std::string> out;
    std::string line, title;
    bool in_private = false;
    while (std::getline(in, line)) {
        if (line.find("===BEGIN PRIVATE DOMAINS===") != std::string::npos) in_private = true;
        if (!in_private) continue;
        if (line.empty()) {
            title.clear();
        } else if (line.rfind("// ", 0) == 0) {
            if (title.empty() && line.rfind("// Submitted", 0) != 0) title = line.substr(3);
        } else {
            auto name = line;
            if (name.rfind("*.", 0) == 0) name = name.substr(2);
            if (name.rfind('!', 0) == 0) name = name.substr(1);
            out[name] = title;
        }
    }
    return out;
}

std::string lower(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}
} // namespace

TEST_CASE("every shipped suffix belongs to its rule's operator as the Public Suffix List files it",
          "[platform]") {
    // A suffix filed under the wrong operator sends a tenant's report to a stranger (dynv6.net
    // under Dynu, Now-DNS's names under No-IP were such). A rule's operator is the first word of
    // its platform, or the `psl_operators` it names where the List files it otherwise.
    auto psl = psl_private_operators();
    REQUIRE(psl.size() > 1000);
    std::ifstream in(std::string(RENRAKU_TEST_SOURCE_DIR) + "/config/data/platforms/rules.json");
    auto rules = nlohmann::json::parse(in);
    std::map<std::string, std::string> owner_of;
    std::size_t checked = 0;
    for (const auto& r : rules["rules"]) {
        auto platform = r["platform"].get<std::string>();
        std::vector<std::string> operators;
        if (r.contains("psl_operators"))
            for (const auto& o : r["psl_operators"])
                operators.push_back(lower(o));
        else {
            std::string first;
            for (char c : platform) {
                if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') break;
                first += c;
            }
            operators.push_back(lower(first));
        }
        if (!r.contains("suffixes")) continue;
        for (const auto& s : r["suffixes"]) {
            auto suffix = s.get<std::string>();
            INFO(platform << ": " << suffix);
            auto [at, fresh] = owner_of.emplace(suffix, platform);
            CHECK((fresh || at->second == platform)); // one rule per suffix
            auto listed = psl.find(suffix);
            if (listed == psl.end()) continue;
            ++checked;
            INFO("the List files it under \"" << listed->second << "\"");
            auto title = lower(listed->second);
            bool ours = false;
            for (const auto& o : operators)
                ours = ours || title.rfind(o, 0) == 0;
            CHECK(ours);
        }
    }
    CHECK(checked > 300); // the dynamic DNS services and Pepabo's names are on the List
}

TEST_CASE("Japanese hosting and newer platforms: their own desks", "[platform]") {
    test::PluginHarness h(test::plugin_path("platform"));
    auto sakura = h.lookup("www1234.sakura.ne.jp");
    REQUIRE(sakura.findings.size() == 1);
    CHECK(sakura.findings[0].contact.url == "https://abuse.sakura.ad.jp/");
    auto pepabo = h.lookup("https://shop.babymilk.jp/login");
    REQUIRE(pepabo.findings.size() == 1);
    CHECK(pepabo.findings[0].contact.organization == "GMO Pepabo (Lolipop!)");
    auto lovable = h.lookup("wallet-verify.lovable.app");
    REQUIRE(lovable.findings.size() == 1);
    CHECK(lovable.findings[0].contact.email == "abuse@lovable.dev");
    // Names the List files under another operator than the one they once sat with.
    auto dyn = h.lookup("x.servebbs.com");
    REQUIRE(dyn.findings.size() == 1);
    CHECK(dyn.findings[0].contact.organization == "DynDNS (Oracle Dyn)");
    CHECK(h.lookup("x.dynv6.net").findings.empty());
    CHECK(h.lookup("x.serveo.net").findings.empty());
}
