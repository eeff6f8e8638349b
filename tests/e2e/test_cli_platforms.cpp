// The party that can act, end to end: update-data fetching the clouds' and CDNs' range feeds
// and the platform rules from the test world, `sources -v` showing them, lookups that put the
// platform's desk first (a cloud's address, a CDN-fronted host, a URL under a platform's
// paths), and a form-only desk whose notice is a packet to submit by hand.

#include "cli_runner.hpp"
#include "harness.hpp"
#include "notice_world.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace renraku;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using Env = std::vector<std::pair<std::string, std::string>>;

// The `to` of a result: its e-mail address, or its form.
std::string to_of(const json& result) {
    for (const auto& c : result["contacts"])
        if (c.value("recommend", "") == "to")
            return c.contains("email") ? c["email"].get<std::string>()
                                       : c.value("url", std::string());
    return {};
}

const json* contact(const json& result, const std::string& key) {
    for (const auto& c : result["contacts"])
        if (c.value("email", "") == key || c.value("url", "") == key) return &c;
    return nullptr;
}

bool has_caveat(const json& c, const std::string& part) {
    for (const auto& v : c["caveats"])
        if (v.get<std::string>().find(part) != std::string::npos) return true;
    return false;
}

// A case of our CSIRT in `dir`: the incident file (our reporter and clock, then `events`: its
// events and policy) and the world's config with a ledger of its own.
void write_case(const fs::path& dir, const std::string& events) {
    std::ofstream(dir / "incident.toml")
        << "[reporter]\norganization = \"Example CSIRT\"\nname = \"Taro Yamada\"\n"
           "email = \"csirt@example.jp\"\ntracking_prefix = \"EXCSIRT\"\n"
           "[clock]\nzone = \"Asia/Tokyo\"\nerror = \"within 1 s of NTP\"\n"
        << events;
    std::ofstream(dir / "renraku.toml") << test::world_config_text() << "\n[notice]\nledger = \""
                                        << (dir / "ledger.sqlite").string() << "\"\n";
}

// `notice` for the case in `dir`, its drafts in `out`.
test::CliRun draft_notices(const fs::path& dir, const fs::path& out,
                           const std::vector<std::string>& more = {}) {
    std::vector<std::string> args{"notice",
                                  "--incident",
                                  (dir / "incident.toml").string(),
                                  "--config",
                                  (dir / "renraku.toml").string(),
                                  "--out",
                                  out.string()};
    args.insert(args.end(), more.begin(), more.end());
    return test::run_cli(args);
}

} // namespace

TEST_CASE("update-data fetches the range feeds and platform rules, and lookups put the platform's "
          "desk first",
          "[cli][platform]") {
    fs::path home = test::temp_dir("platform-feeds") / "xdg";
    Env env = {{"XDG_DATA_HOME", home.string()}};
    fs::path user = home / "renraku" / "data";
    auto cfg = test::write_temp_config(test::with_network_timeout(
        test::world_config_with(
            "[data]\nplatform_rules_url = \"https://platform-rules.test/rules.json\"\n"),
        5000));

    auto run = test::run_cli({"update-data", "-c", cfg.string()}, "", env);
    INFO(run.out << run.err);
    REQUIRE(run.exit_code == 0);
    CHECK_THAT(run.out, Catch::Contains("updated the platform rules"));
    CHECK_THAT(run.out, Catch::Contains("feed aws: 4 prefixes"));
    CHECK_THAT(run.out, Catch::Contains("feed cloudflare: 2 prefixes")); // two addresses, one list
    // Azure's weekly file: the newest one its download page links (not last week's).
    CHECK_THAT(run.out,
               Catch::Contains("feed azure: 2 prefixes (https://download.microsoft.com/download/"
                               "7/1/D/71D86715-5596-4529-9B13-DA13A5DE5B63/"
                               "ServiceTags_Public_20261130.json)"));
    CHECK_THAT(run.out, !Catch::Contains("no fixed address"));
    auto fetched = json::parse(test::read_file(user / "platforms/ranges/fetched.json"));
    CHECK(fetched.size() == 11);
    // The feed as it was served, in its own format.
    CHECK_THAT(test::read_file(user / "platforms/ranges/aws.feed"),
               Catch::Contains("\"createDate\": \"2026-11-30-18-07-12\""));

    SECTION("sources -v: each rule and feed file, its layer, date and count") {
        auto s = test::run_cli({"sources", "-v", "-c", cfg.string()}, "", env);
        INFO(s.out);
        CHECK_THAT(s.out, Catch::Contains("platforms/rules.json  user, as of 2026-11-30"));
        CHECK_THAT(s.out, Catch::Contains("1 rules"));
        CHECK_THAT(s.out, Catch::Contains("platforms/ranges/aws.feed  user, 2026-11-30 (the "
                                          "feed's own date)"));
        CHECK_THAT(s.out, Catch::Contains("4 prefixes, Amazon Web Services (cloud)"));
        CHECK_THAT(s.out, Catch::Contains("platforms/ranges/vultr.feed  user, "));
        CHECK_THAT(s.out, Catch::Contains("(fetched)"));
        CHECK_THAT(s.out, Catch::Contains("platforms/ranges/azure.feed  user, "));
        CHECK_THAT(s.out, Catch::Contains("2 prefixes, Microsoft Azure (cloud)"));
    }

    SECTION("a cloud's address, IPv4 and IPv6: the cloud's desk is `to`") {
        auto out = test::run_cli({"lookup", "-c", cfg.string(), "-f", "json", "--explain",
                                  "198.51.100.10", "2001:db8:b0::25"},
                                 "", env);
        INFO(out.out << out.err);
        auto results = json::parse(out.out);
        CHECK(to_of(results[0]) == "abuse@amazonaws.com");
        const json* aws = contact(results[0], "abuse@amazonaws.com");
        REQUIRE(aws != nullptr);
        CHECK(has_caveat(*aws, "Amazon Web Services's published ranges"));
        // A form-only desk may be `to`: Google Cloud's.
        CHECK(to_of(results[1]) == "https://support.google.com/code/contact/cloud_platform_report");
        const json* google =
            contact(results[1], "https://support.google.com/code/contact/cloud_platform_report");
        REQUIRE(google != nullptr);
        CHECK((*google)["channel"] == "form");
    }

    SECTION("an address in Azure's newest service tags: Microsoft's desk") {
        auto out = test::run_cli(
            {"lookup", "-c", cfg.string(), "-f", "json", "192.0.2.161", "2001:db8:a2::7"}, "", env);
        INFO(out.out << out.err);
        auto results = json::parse(out.out);
        for (const auto& r : results)
            CHECK(to_of(r) == "https://msrc.microsoft.com/report/abuse");
    }

    SECTION("a download page that links no such file: the feed is named, its file stays") {
        // The user's own catalogue: Azure's entry pointed at a page that links nothing.
        auto catalogue = json::parse(test::read_file(fs::path(RENRAKU_TEST_SOURCE_DIR) /
                                                     "config/data/platforms/feeds.json"));
        for (auto& feed : catalogue["feeds"])
            if (feed["name"] == "azure")
                feed["discover"]["page"] = "https://platform-rules.test/rules.json";
        std::ofstream(user / "platforms/feeds.json") << catalogue.dump(1);
        auto before = test::read_file(user / "platforms/ranges/azure.feed");
        auto again = test::run_cli({"update-data", "-c", cfg.string()}, "", env);
        CHECK(again.exit_code == 1);
        CHECK_THAT(again.err, Catch::Contains("feed azure: cannot fetch "
                                              "https://platform-rules.test/rules.json: links no "
                                              "file https://download.microsoft.com/download/"));
        CHECK_THAT(again.err, Catch::Contains("its previous file stays"));
        CHECK(test::read_file(user / "platforms/ranges/azure.feed") == before);
        CHECK_THAT(again.out, Catch::Contains("feed aws: 4 prefixes"));
        fs::remove(user / "platforms/feeds.json");
    }

    SECTION("a host fronted by a CDN, by its address: the CDN's desk") {
        auto out = test::run_cli(
            {"lookup", "-c", cfg.string(), "-f", "json", "fronted.example.test"}, "", env);
        INFO(out.out << out.err);
        auto results = json::parse(out.out);
        CHECK(to_of(results[0]) == "abuse@cloudflare.com");
        const json* cf = contact(results[0], "abuse@cloudflare.com");
        REQUIRE(cf != nullptr);
        CHECK(has_caveat(*cf, "fronted.example.test is fronted by Cloudflare"));
    }

    SECTION("the fetched rules are the ones read") {
        auto out = test::run_cli({"lookup", "-c", cfg.string(), "-f", "json", "-s", "platform",
                                  "x.refreshed-pages.test"},
                                 "", env);
        CHECK(to_of(json::parse(out.out)[0]) == "abuse@refreshed-pages.test");
    }

    SECTION("a feed that cannot be fetched keeps its file; the others are updated") {
        std::string text = test::with_network_timeout(
            test::world_config_with(
                "[data]\nplatform_rules_url = \"https://platform-rules.test/rules.json\"\n"),
            5000);
        // api.fastly.com sent to a port nobody listens on (connect_to's first rule wins).
        auto at = text.find("connect_to = [");
        REQUIRE(at != std::string::npos);
        text.insert(at + 14, "\n\"api.fastly.com:443:127.0.0.1:9\",");
        auto broken = test::write_temp_config(text);
        fs::remove(user / "platforms/ranges/fastly.feed");
        auto again = test::run_cli({"update-data", "-c", broken.string()}, "", env);
        CHECK(again.exit_code == 1);
        CHECK_THAT(again.err, Catch::Contains("feed fastly: cannot fetch"));
        CHECK_THAT(again.err, Catch::Contains("its previous file stays"));
        CHECK_THAT(again.out, Catch::Contains("feed aws: 4 prefixes"));
        CHECK_FALSE(fs::exists(user / "platforms/ranges/fastly.feed"));
    }
}

TEST_CASE("a CNAME into a CDN's edge, and a URL under a platform's paths, with the shipped "
          "rules",
          "[cli][platform]") {
    auto out =
        test::run_cli({"lookup", "-c", RENRAKU_TEST_WORLD_CONFIG, "-f", "json", "shop.example.test",
                       "https://docs.google.com/forms/d/e/1FAIpQLSd-x/viewform"});
    INFO(out.out << out.err);
    auto results = json::parse(out.out);
    CHECK(to_of(results[0]) == "abuse@fastly.com");
    CHECK(has_caveat(*contact(results[0], "abuse@fastly.com"), "is fronted by Fastly"));
    // The URL's own answer: the Docs desk, above the registrar of google.com.
    const auto& url = results[1];
    CHECK_THAT(to_of(url), Catch::StartsWith("https://support.google.com/docs/answer/2463296"));
    CHECK(url["contacts"][0].value("channel", "") == "form");

    // The table says the form is submitted by hand.
    auto table = test::run_cli({"lookup", "-c", RENRAKU_TEST_WORLD_CONFIG, "x.blogspot.com"});
    CHECK_THAT(table.out, Catch::Contains("To (web form, by hand): "
                                          "https://support.google.com/blogger/answer/76315"));
}

TEST_CASE("a form-only desk: the notice is a form packet, never mailed, marked submitted by "
          "hand",
          "[cli][platform][notice]") {
    fs::path dir = test::temp_dir("form-packet");
    std::ofstream(dir / "access.log")
        << "2026-11-30T09:12:44+09:00 proxy: GET https://victim-login.blogspot.com/signin "
           "from 10.1.2.3 (user hanako) blocked: credential phishing\n";
    std::ofstream(dir / "incident.toml")
        << "[reporter]\norganization = \"Example CSIRT\"\nname = \"Taro Yamada\"\n"
           "email = \"csirt@example.jp\"\nphone = \"+81-3-0000-0000\"\n"
           "pgp_fingerprint = \"0123 4567 89AB CDEF 0123  4567 89AB CDEF 0123 4567\"\n"
           "tracking_prefix = \"EXCSIRT\"\n"
           "[clock]\nzone = \"Asia/Tokyo\"\nerror = \"within 1 s of NTP\"\n"
           "[[event]]\ntime = \"2026-11-30 09:12:44\"\n"
           "source = \"10.1.2.3\"\ndestination = \"https://victim-login.blogspot.com/signin\"\n"
           "protocol = \"tcp\"\nport = 443\n"
           "description = \"a credential phishing page imitating our sign-in\"\n"
           "log = \"access.log\"\n"
           "[policy]\nnotify = \"destination\"\nredact = [\"10.0.0.0/8\"]\n";
    fs::path config = dir / "renraku.toml";
    std::ofstream(config) << test::world_config_text() << "\n[notice]\nledger = \""
                          << (dir / "ledger.sqlite").string() << "\"\n";
    fs::path out = dir / "out";
    auto r = test::run_cli({"notice", "--incident", (dir / "incident.toml").string(), "--config",
                            config.string(), "--out", out.string()});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("To: the web form https://support.google.com/blogger/"
                                      "answer/76315"));
    std::vector<fs::path> folders;
    for (const auto& e : fs::directory_iterator(out))
        folders.push_back(e.path());
    REQUIRE(folders.size() == 1);
    const fs::path f = folders[0];
    const std::string tracking = f.filename().string();
    CHECK_FALSE(fs::exists(f / "message.eml")); // nothing to mail
    auto meta = json::parse(test::read_file(f / "notice.json"));
    CHECK(meta["channel"] == "form");
    CHECK(meta["form"] == "https://support.google.com/blogger/answer/76315");
    const std::string form = test::read_file(f / "form.txt");
    CHECK_THAT(form, Catch::Contains("Submit at: https://support.google.com/blogger/answer/76315"));
    CHECK_THAT(form, Catch::Contains("Tracking number: " + tracking));
    CHECK_THAT(form, Catch::Contains("Your e-mail: csirt@example.jp"));
    CHECK_THAT(form, Catch::Contains("Your key fingerprint: 0123 4567"));
    CHECK_THAT(form, Catch::Contains("https://victim-login.blogspot.com/signin"));
    CHECK_THAT(form, Catch::Contains("renraku ledger --submitted " + tracking));
    // A page served at the URL: asked about as content on the service, not traffic from it.
    CHECK_THAT(form, Catch::Contains("Harmful content on your service"));
    CHECK_THAT(form, Catch::Contains("Where:       https://victim-login.blogspot.com/signin"));
    CHECK_THAT(form, !Catch::Contains("from your network"));
    // Nothing of ours in what is pasted: our own address and user are labels.
    CHECK(form.find("10.1.2.3") == std::string::npos);
    CHECK(form.find("hanako") == std::string::npos);
    auto packet = json::parse(test::read_file(f / "form.json"));
    CHECK(packet["kind"] == "form");
    CHECK(packet["tracking"] == tracking);
    CHECK(packet["submit_at"] == "https://support.google.com/blogger/answer/76315");
    CHECK(packet["events_csv"].get<std::string>().find("10.1.2.3") == std::string::npos);

    // The responder edits the text; --send mails nothing and makes the packet again from it.
    std::string text = test::read_file(f / "message.txt");
    std::ofstream(f / "message.txt") << text << "\nScreenshot available on request.\n";
    auto send =
        test::run_cli({"notice", "--send", out.string(), "--config", config.string(), "--yes"});
    INFO(send.out << send.err);
    CHECK(send.exit_code == 0);
    CHECK_THAT(send.err, Catch::Contains(tracking + " is a form packet, not mailed"));
    CHECK_THAT(send.err, Catch::Contains("0 messages sent"));
    CHECK_THAT(test::read_file(f / "form.txt"),
               Catch::Contains("Screenshot available on request."));
    // An edit that brings back what is ours is held back, as for a message.
    std::ofstream(f / "message.txt") << text << "\nOur host 10.1.2.3 saw it.\n";
    auto held =
        test::run_cli({"notice", "--send", out.string(), "--config", config.string(), "--yes"});
    CHECK(held.exit_code == 2);
    CHECK_THAT(held.err, Catch::Contains("10.1.2.3"));
    std::ofstream(f / "message.txt") << text;

    // The ledger: drafted until marked submitted by hand.
    auto before = test::run_cli({"ledger", "-c", config.string(), "--format", "json"});
    auto rows = json::parse(before.out);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["state"] == "drafted");
    auto mark = test::run_cli({"ledger", "-c", config.string(), "--submitted", tracking});
    CHECK(mark.exit_code == 0);
    CHECK_THAT(mark.out, Catch::Contains("marked submitted"));
    auto after =
        json::parse(test::run_cli({"ledger", "-c", config.string(), "--format", "json"}).out);
    CHECK(after[0]["state"] == "submitted");
}

TEST_CASE("a form-only registrar (by IANA id): its web form is the `to` of the domain",
          "[cli][platform]") {
    auto out = test::run_cli({"lookup", "-c", RENRAKU_TEST_WORLD_CONFIG, "-f", "json", "-s",
                              "gtld,platform", "formonly-registrar.com"});
    INFO(out.out << out.err);
    auto results = json::parse(out.out);
    CHECK_THAT(to_of(results[0]), Catch::StartsWith("https://supportcenter.godaddy.com/"));
    CHECK(results[0]["contacts"][0].value("channel", "") == "form");
}

TEST_CASE("a registrar that takes reports by API: the API is a contact of channel `api`, never a "
          "mail header",
          "[cli][platform]") {
    auto out = test::run_cli({"lookup", "-c", RENRAKU_TEST_WORLD_CONFIG, "-f", "json", "-s",
                              "gtld,platform", "api-registrar.com"});
    INFO(out.out << out.err);
    auto results = json::parse(out.out);
    const json* api = nullptr;
    for (const auto& c : results[0]["contacts"])
        if (c.value("channel", "") == "api") api = &c;
    REQUIRE(api != nullptr);
    CHECK((*api)["api"] == "https://www.cleandns.com");
    CHECK((*api)["recommend"] == "alt");
    CHECK_FALSE(api->contains("email"));
    // The registrar's form stays the `to`.
    CHECK(to_of(results[0]) == "https://abuse.cleandns.space/porkbun");
    auto text = test::run_cli(
        {"lookup", "-c", RENRAKU_TEST_WORLD_CONFIG, "-s", "gtld,platform", "api-registrar.com"});
    CHECK_THAT(text.out, Catch::Contains("api: https://www.cleandns.com"));
}

TEST_CASE("content on a platform is asked about as hosted content, and a form carries no Cc",
          "[cli][platform][notice]") {
    fs::path dir = test::temp_dir("content-notice");
    std::ofstream(dir / "proxy.log")
        << "2026-12-05T09:12:44+09:00 proxy: GET https://shop.babymilk.jp/login blocked: "
           "phishing\n"
           "2026-12-05T09:13:02+09:00 proxy: GET https://wallet-verify.lovable.app/connect "
           "blocked: wallet drainer\n";
    write_case(
        dir,
        "[[event]]\ntime = \"2026-12-05T09:12:44+09:00\"\n"
        "source = \"https://shop.babymilk.jp/login\"\ntype = \"phishing\"\n"
        "description = \"a page imitating a bank's login\"\nlog = \"proxy.log\"\nlines = \"1\"\n"
        "[[event]]\ntime = \"2026-12-05T09:13:02+09:00\"\n"
        "source = \"https://wallet-verify.lovable.app/connect\"\n"
        "description = \"a page asking for a wallet's recovery phrase\"\n"
        "log = \"proxy.log\"\nlines = \"2\"\n"
        "[policy]\ncc_csirt = true\nlanguages = [\"en\", \"ja\"]\n");
    fs::path out = dir / "out";
    auto r = draft_notices(dir, out);
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    // Lolipop's desk takes a form: no Cc (the packet is submitted by hand, nobody is copied).
    CHECK_THAT(r.out, Catch::Contains("To: the web form https://pepabo.com/faq/report/"));
    CHECK_THAT(r.out, Catch::Contains("To: abuse@lovable.dev"));
    CHECK_THAT(r.out, !Catch::Contains("Cc:"));
    CHECK_THAT(r.err, !Catch::Contains("no protocol"));
    CHECK_THAT(r.err, !Catch::Contains("no port"));
    // What each desk asks for, shown to the responder before anything is sent.
    CHECK_THAT(r.out, Catch::Contains("about the recipient: Lovable's desk asks for: subject "
                                      "\"Malicious site report\""));
    std::size_t forms = 0, mails = 0;
    for (const auto& e : fs::directory_iterator(out)) {
        std::string text = test::read_file(e.path() / "message.txt");
        INFO(text);
        CHECK_THAT(text, !Catch::Contains("from your network"));
        CHECK_THAT(text, !Catch::Contains("A copy of this message goes to"));
        CHECK_THAT(text, !Catch::Contains("    From:"));
        // The URL states how it is reached: no checklist gap for it.
        CHECK_THAT(text, Catch::Contains("Protocol:    https  Port: 443"));
        if (fs::exists(e.path() / "form.txt")) {
            ++forms;
            CHECK_THAT(text, Catch::Contains("Where:       https://shop.babymilk.jp/login"));
        } else {
            ++mails;
            std::string eml = test::read_file(e.path() / "message.eml");
            // Shown to us, never sent.
            CHECK_THAT(eml, !Catch::Contains("asks for"));
            auto meta = json::parse(test::read_file(e.path() / "notice.json"));
            CHECK_THAT(meta["recipient_caveats"].dump(), Catch::Contains("Malicious site report"));
            CHECK_THAT(eml, Catch::Contains("Harmful content on your service"));
            CHECK_THAT(eml, !Catch::Contains("Cc:"));
        }
    }
    CHECK(forms == 1);
    CHECK(mails == 1);
}

TEST_CASE("a platform's reporting API beside its desk and a mailer behind a tracking host",
          "[cli][platform]") {
    const std::string endpoint =
        "https://api.cloudflare.com/client/v4/accounts/{account_id}/abuse-reports/{report_type}";
    auto out = test::run_cli({"lookup", "-c", RENRAKU_TEST_WORLD_CONFIG, "-f", "json",
                              "https://login-example.pages.dev/signin", "track.example.test"});
    INFO(out.out << out.err);
    auto results = json::parse(out.out);
    REQUIRE(results.size() == 2);
    // Cloudflare's desk is the `to`; its API is there for a user with an account, as `alt`.
    CHECK(to_of(results[0]) == "abuse@cloudflare.com");
    const json* api = nullptr;
    for (const auto& c : results[0]["contacts"])
        if (c.value("channel", "") == "api") api = &c;
    REQUIRE(api != nullptr);
    CHECK(api->value("api", "") == endpoint);
    CHECK(api->value("recommend", "") == "alt");
    CHECK(api->value("name", "") == "Cloudflare (reporting API)");
    CHECK_FALSE(api->contains("email"));
    CHECK(has_caveat(*api, "its API token are needed"));
    // A customer's tracking host, an alias of its mailer's name: the mailer's desk first.
    CHECK(to_of(results[1]) == "abuse@mailgun.com");

    auto table = test::run_cli({"lookup", "-c", RENRAKU_TEST_WORLD_CONFIG, "x.pages.dev"});
    CHECK_THAT(table.out, Catch::Contains("api: " + endpoint));

    SECTION("the notice goes to the desk; the API is ours to use, never in the message") {
        fs::path dir = test::temp_dir("platform-api-notice");
        write_case(dir, "[[event]]\ntime = \"2026-12-05T10:02:11+09:00\"\n"
                        "source = \"https://login-example.pages.dev/signin\"\n"
                        "type = \"phishing\"\n"
                        "description = \"a page imitating our webmail's login\"\n");
        fs::path notices = dir / "out";
        auto r = draft_notices(dir, notices);
        INFO(r.out << r.err);
        REQUIRE(r.exit_code == 0);
        CHECK_THAT(r.out, Catch::Contains("To: abuse@cloudflare.com"));
        std::size_t mails = 0;
        for (const auto& e : fs::directory_iterator(notices)) {
            ++mails;
            std::string eml = test::read_file(e.path() / "message.eml");
            CHECK_THAT(eml, Catch::Contains("login-example.pages.dev"));
            CHECK_THAT(eml, !Catch::Contains("api.cloudflare.com"));
            CHECK_THAT(eml, !Catch::Contains("reporting API"));
        }
        CHECK(mails == 1);
    }
}

TEST_CASE("content at a registrar's domain: asked about as a domain registered through it",
          "[cli][notice]") {
    fs::path dir = test::temp_dir("sponsored-content");
    write_case(dir, "[[event]]\ntime = \"2026-12-05T10:02:11+09:00\"\n"
                    "source = \"https://accounts-verify.google.com/signin\"\n"
                    "type = \"phishing\"\n"
                    "description = \"a page imitating our webmail's login\"\n"
                    "[policy]\nlanguages = [\"en\", \"ja\"]\n");
    fs::path out = dir / "out";
    auto r = draft_notices(dir, out);
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("To: abusecomplaints@markmonitor.com"));
    std::size_t drafts = 0;
    for (const auto& e : fs::directory_iterator(out)) {
        ++drafts;
        std::string text = test::read_file(e.path() / "message.txt");
        INFO(text);
        // Not a host: the registrar sponsors the domain.
        CHECK_THAT(text, Catch::Contains("Harmful content at a domain registered through you"));
        CHECK_THAT(text, Catch::Contains("suspending the domain"));
        CHECK_THAT(text, !Catch::Contains("on your service"));
        CHECK_THAT(text, Catch::Contains("Where:       https://accounts-verify.google.com/signin"));
    }
    CHECK(drafts == 1);

    // In Japanese too.
    fs::path ja = dir / "ja";
    auto rj = draft_notices(dir, ja, {"--lang", "ja"});
    REQUIRE(rj.exit_code == 0);
    for (const auto& e : fs::directory_iterator(ja)) {
        std::string text = test::read_file(e.path() / "message.txt");
        INFO(text);
        CHECK_THAT(text, Catch::Contains("貴社を通じて登録されたドメイン上の有害なコンテンツ"));
        CHECK_THAT(text, Catch::Contains("ドメインの\n停止"));
        CHECK_THAT(text, !Catch::Contains("貴サービス上"));
    }
}
