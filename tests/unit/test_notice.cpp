#include "harness.hpp"
#include "ledger/ledger.hpp"
#include "notice/compose.hpp"
#include "notice/feedback.hpp"
#include "notice/incident.hpp"
#include "notice/mime.hpp"
#include "notice/redact.hpp"
#include "notice/template.hpp"
#include "notice/times.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

using namespace renraku;
using namespace renraku::core::notice;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
    return test::read_file(p);
}

const char* const kIncident = R"([reporter]
organization = "Example CSIRT"
name = "Taro Yamada"
email = "csirt@example.jp"
phone = "+81-3-0000-0000"
pgp_fingerprint = "0123 4567 89AB CDEF 0123  4567 89AB CDEF 0123 4567"
tracking_prefix = "EXCSIRT"

[clock]
zone = "Asia/Tokyo"
error = "within 1 s of NTP"

[[event]]
time = "2026-11-25 03:14:07"
source = "198.51.100.23"
destination = "203.0.113.10"
protocol = "tcp"
port = 22
description = "SSH password attempts on gw.corp.example.jp"
log = "auth.log"
lines = "1-2"

[[event]]
time = "Tue, 25 Nov 2026 03:20:00 +0000"
source = "192.0.2.99"
destination = "203.0.113.11"
protocol = "tcp"
port = 443
description = "scans"
log = "auth.log"

[policy]
redact = ["203.0.113.0/24", "corp.example.jp"]
max_recipients = 2
)";

const char* const kLog =
    "Nov 25 03:14:07 gw sshd[1]: Failed password for root from 198.51.100.23 port 4 ssh2\n"
    "Nov 25 03:14:08 gw sshd[1]: Failed password for invalid user admin from 198.51.100.23 "
    "port 5 ssh2 (also seen: 192.0.2.99)\n"
    "Nov 25 03:20:00 fw: 192.0.2.99 -> 203.0.113.11:443 SYN, then 203.0.113.12 db1.corp.example.jp\n";

fs::path incident_file(const std::string& body = kIncident) {
    auto file = test::write_temp_config(body, "incident.toml");
    std::ofstream(file.parent_path() / "auth.log") << kLog;
    return file;
}

std::string error_of(const std::string& body) {
    try {
        read_incident(incident_file(body));
    } catch (const IncidentError& e) {
        return e.what();
    }
    return "no error";
}

} // namespace

TEST_CASE("event times read and written agree with the C library over many times and offsets",
          "[unit][notice]") {
    // The common ISO form is read and written by hand (for speed); gmtime and strftime say
    // what each must be.
    std::string why;
    std::uint64_t x = 88172645463325252ULL; // xorshift: the same times on every run
    for (int i = 0; i < 2000; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        auto unix = static_cast<std::time_t>(x % 253402300799ULL); // up to 9999-12-31
        int offset = static_cast<int>(x >> 40) % (14 * 60 + 1) * ((x & 1) != 0 ? -1 : 1);
        std::time_t local = unix + offset * 60;
        std::tm tm{};
        gmtime_r(&local, &tm);
        char text[64];
        std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
        char zone[16];
        std::snprintf(zone, sizeof zone, "%c%02d:%02d", offset < 0 ? '-' : '+', std::abs(offset) / 60,
                      std::abs(offset) % 60);
        std::string written = std::string(text) + zone;
        INFO(written);
        auto t = parse_event_time(written, "", 2026, why);
        if (tm.tm_year + 1900 < 1970) {
            CHECK_FALSE(t); // before the epoch is refused
            continue;
        }
        REQUIRE(t);
        CHECK(t->unix == unix);
        CHECK(t->iso_local() == written);
        std::tm utc{};
        auto u = static_cast<std::time_t>(unix);
        gmtime_r(&u, &utc);
        std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
        CHECK(t->iso_utc() == text);
    }
    // Spellings outside the fast path still read: one-digit fields, a lower-case separator.
    CHECK(parse_event_time("2026-1-5T3:04:05+09:00", "", 2026, why)->iso_local() ==
          "2026-01-05T03:04:05+09:00");
    CHECK(parse_event_time("2026-11-25t03:14:07.250-05:30", "", 2026, why)->iso_utc() ==
          "2026-11-25T08:44:07Z");
}

TEST_CASE("event times in their zone, as ISO 8601 with the offset and in UTC", "[unit][notice]") {
    std::string why;
    auto tokyo = parse_event_time("2026-11-25 03:14:07", "Asia/Tokyo", 2026, why);
    REQUIRE(tokyo);
    CHECK(tokyo->iso_local() == "2026-11-25T03:14:07+09:00");
    CHECK(tokyo->iso_utc() == "2026-11-24T18:14:07Z");
    CHECK(tokyo->zone == "Asia/Tokyo");
    // Daylight saving time is the zone's at that moment.
    CHECK(parse_event_time("2026-07-01 12:00:00", "America/New_York", 2026, why)->iso_local() ==
          "2026-07-01T12:00:00-04:00");
    CHECK(parse_event_time("2026-12-01 12:00:00", "America/New_York", 2026, why)->iso_local() ==
          "2026-12-01T12:00:00-05:00");
    // An offset written with the time wins over the zone.
    CHECK(parse_event_time("2026-11-25T03:14:07Z", "Asia/Tokyo", 2026, why)->iso_utc() ==
          "2026-11-25T03:14:07Z");
    CHECK(parse_event_time("Tue, 25 Nov 2026 03:14:07 +0900", "", 2026, why)->iso_utc() ==
          "2026-11-24T18:14:07Z");
    CHECK(parse_event_time("25/Nov/2026:03:14:07 +0900", "", 2026, why)->iso_local() ==
          "2026-11-25T03:14:07+09:00");
    CHECK(parse_event_time("Nov 25 03:14:07", "UTC", 2026, why)->iso_utc() ==
          "2026-11-25T03:14:07Z");
    CHECK(parse_event_time("@1795543447", "", 2026, why)->iso_utc() == "2026-11-24T18:04:07Z");
    auto bare = parse_event_time("2026-11-25 03:14:07", "", 2026, why);
    REQUIRE(bare);
    CHECK_FALSE(bare->zone_known);
    CHECK_FALSE(parse_event_time("yesterday at noon", "UTC", 2026, why));
    CHECK_THAT(why, Catch::Contains("not a time renraku reads"));
    CHECK_FALSE(parse_event_time("2026-13-40 25:00:00", "UTC", 2026, why));
    CHECK(zone_exists("Asia/Tokyo"));
    CHECK_FALSE(zone_exists("Mars/Olympus"));
    CHECK_FALSE(zone_exists("../../etc/passwd"));
}

TEST_CASE("an incident file is read whole, its log lines with it", "[unit][notice]") {
    auto inc = read_incident(incident_file());
    CHECK(inc.reporter.tracking_prefix == "EXCSIRT");
    REQUIRE(inc.events.size() == 2);
    CHECK(inc.events[0].time.iso_local() == "2026-11-25T03:14:07+09:00");
    CHECK(inc.events[0].port == 22);
    REQUIRE(inc.events[0].lines.size() == 2);
    CHECK(inc.events[0].lines[1].number == 2);
    // Without line numbers, the lines naming the event's source.
    REQUIRE(inc.events[1].lines.size() == 2);
    CHECK(inc.events[1].lines[0].number == 2);
    CHECK(inc.policy.max_recipients == 2);
}

TEST_CASE("a bad incident file: one line naming file, line and field", "[unit][notice]") {
    std::string base = kIncident;
    auto with = [&](const std::string& from, const std::string& to) {
        std::string s = base;
        s.replace(s.find(from), from.size(), to);
        return s;
    };
    CHECK_THAT(error_of(with("port = 22", "port = 70000")),
               Catch::Matches(".*incident\\.toml:18: event\\[1\\]\\.port: must be 0 to 65535"));
    CHECK_THAT(error_of(with("time = \"2026-11-25 03:14:07\"", "time = \"soon\"")),
               Catch::Matches(".*incident\\.toml:14: event\\[1\\]\\.time: not a time .*"));
    CHECK_THAT(error_of(with("zone = \"Asia/Tokyo\"", "zone = \"Asia/Nowhere\"")),
               Catch::Contains("clock.zone: \"Asia/Nowhere\" is not a time zone"));
    CHECK_THAT(error_of(with("lines = \"1-2\"", "lines = \"2-1\"")),
               Catch::Contains("event[1].log: \"2-1\" is not line numbers"));
    CHECK_THAT(error_of(with("max_recipients = 2", "max_recipients = 2\nsurprise = 1")),
               Catch::Contains("policy.surprise: unknown key"));
    CHECK_THAT(error_of(with("email = \"csirt@example.jp\"", "email = \"nobody\"")),
               Catch::Contains("reporter.email: not an e-mail address"));
    CHECK_THAT(error_of("[reporter]\norganization = \"x\"\nemail = \"a@b.jp\"\n"),
               Catch::Contains("event: no [[event]]"));
    CHECK_THAT(error_of("[reporter\n"), Catch::Matches(".*incident\\.toml:1: .*"));
}

TEST_CASE("the same structure as JSON is accepted", "[unit][notice]") {
    auto file = test::write_temp_config(
        R"({"reporter": {"organization": "X", "email": "a@example.jp"},
            "event": [{"time": "2026-11-25T03:14:07+09:00", "source": "198.51.100.1",
                       "port": "22"}]})",
        "incident.json");
    try {
        read_incident(file);
        FAIL("a port as a string was accepted");
    } catch (const IncidentError& e) {
        CHECK_THAT(e.what(), Catch::Contains("incident.json: event[1].port: must be 0 to 65535"));
    }
}

TEST_CASE("redaction: ours, user names and other recipients' data become labels",
          "[unit][notice]") {
    Redactor r({"203.0.113.0/24", "corp.example.jp"}, {"192.0.2.99"}, true);
    std::string line = r.apply("Failed password for invalid user admin from 198.51.100.23 port 5 "
                               "ssh2 (also seen: 192.0.2.99) to 203.0.113.10:22 on "
                               "db1.corp.example.jp, mail ops@corp.example.jp; for 3 seconds");
    CHECK(line == "Failed password for invalid user [user] from 198.51.100.23 port 5 ssh2 (also "
                  "seen: [another party]) to [our address 1]:22 on [our host 1], mail "
                  "[our mailbox]; for 3 seconds");
    // The same thing gets the same label throughout.
    CHECK(r.apply("203.0.113.10 and 203.0.113.11 and 203.0.113.10") ==
          "[our address 1] and [our address 2] and [our address 1]");
    CHECK(r.replaced().at("203.0.113.10") == "[our address 1]");
    CHECK(is_ours({"203.0.113.0/24"}, "203.0.113.200"));
    CHECK_FALSE(is_ours({"203.0.113.0/24"}, "203.0.114.1"));
    CHECK(is_ours({"corp.example.jp"}, "WWW.Corp.Example.JP"));
    CHECK_FALSE(is_ours({"corp.example.jp"}, "notcorp.example.jp"));
}

TEST_CASE("templates: values, lists and sections", "[unit][notice]") {
    TemplateContext ctx;
    ctx.values = {{"name", "X"}, {"empty", ""}, {"flag", "yes"}};
    ctx.lists["items"] = {{{{"v", "1"}}, {}}, {{{"v", "2"}}, {}}};
    CHECK(render("{{name}}:{{#items}}[{{v}}{{name}}]{{/items}}{{#empty}}no{{/empty}}"
                 "{{#flag}}ok{{/flag}}{{missing}}",
                 ctx) == "X:[1X][2X]ok");
    CHECK(render("{{#items}}unclosed", ctx) == "unclosed");
    fs::path shipped = fs::path(RENRAKU_TEST_SOURCE_DIR) / "config" / "data" / "templates";
    for (const char* kind : {"notice", "relay"})
        for (const char* lang : {"en", "ja"}) {
            auto t = load_template(kind, lang, {}, shipped);
            CHECK_THAT(t.subject, Catch::Contains("{{tracking}}"));
            CHECK_THAT(t.body, Catch::Contains("{{reporter_fingerprint}}"));
        }
}

TEST_CASE("MIME: 7-bit, CRLF, encoded words, attachments", "[unit][notice]") {
    std::string entity =
        mime_entity("日本語の本文\nline two", {{"logs.txt", "text/plain; charset=UTF-8", "a\nb"}},
                    "seed");
    MailHeaders h;
    h.from = "Example CSIRT <csirt@example.jp>";
    h.to = "abuse@example.net";
    h.cc = {"team@example.org"};
    h.subject = "[EX#00000001] 不審なアクセス";
    h.date = rfc5322_date(1795543447);
    h.message_id = "x@example.jp";
    std::string m = message(h, entity);
    for (unsigned char c : m)
        CHECK(c < 0x80);
    for (std::size_t i = m.find('\n'); i != std::string::npos; i = m.find('\n', i + 1))
        CHECK(m[i - 1] == '\r');
    CHECK_THAT(m, Catch::Contains("Subject: =?UTF-8?B?"));
    CHECK_THAT(m, Catch::Contains("Date: Tue, 24 Nov 2026 18:04:07 +0000"));
    CHECK_THAT(m, Catch::Contains("Content-Disposition: attachment; filename=\"logs.txt\""));
    CHECK(base64("any carnal pleas", false) == "YW55IGNhcm5hbCBwbGVhcw==");
}

TEST_CASE("feedback: a delivery report marks a bounce, a reply an answer, if the number is ours",
          "[unit][notice]") {
    fs::path dir = test::write_temp_config("", "x").parent_path();
    core::Ledger ledger(dir / "ledger.sqlite");
    std::string t1 = ledger.next_tracking("EXCSIRT");
    std::string t2 = ledger.next_tracking("EXCSIRT");
    CHECK(t1 == "EXCSIRT#00000001");
    CHECK(t2 == "EXCSIRT#00000002");
    ledger.record_notice(t1, "arin-contact@google.com", {"74.125.1.1"}, 1000);
    ledger.record_notice(t2, "helpdesk@apnic.net", {"1.1.1.1"}, 1000);
    fs::path data = fs::path(RENRAKU_TEST_SOURCE_DIR) / "tests" / "data" / "notice";
    auto with = [&](const char* file, const std::string& tracking) {
        std::string m = read(data / file);
        for (auto p = m.find("TRACKING"); p != std::string::npos; p = m.find("TRACKING"))
            m.replace(p, 8, tracking);
        return m;
    };
    auto bounce = read_returned(with("dsn-bounce.eml", t1), ledger, 0);
    REQUIRE(bounce.feedback.size() == 1); // the delivered Cc is not a bounce
    CHECK(bounce.feedback[0].address == "arin-contact@google.com");
    CHECK(bounce.feedback[0].kind == "bounced");
    CHECK(bounce.feedback[0].tracking == t1);
    CHECK_THAT(bounce.feedback[0].detail, Catch::Contains("status 5.1.1"));
    auto reply = read_returned(with("reply.eml", t2), ledger, 0);
    REQUIRE(reply.feedback.size() == 1);
    CHECK(reply.feedback[0].address == "helpdesk@apnic.net"); // the mailbox we wrote to
    CHECK(reply.feedback[0].kind == "answered");
    auto stranger = read_returned(read(data / "not-feedback.eml"), ledger, 0);
    CHECK(stranger.feedback.empty());
    ledger.record_feedback(bounce.feedback[0]);
    CHECK(ledger.feedback_for("Arin-Contact@Google.com")->kind == "bounced");
    CHECK_FALSE(ledger.last_sent("arin-contact@google.com", "74.125.1.1"));
    ledger.record_sent(t1, 2000);
    CHECK(*ledger.last_sent("arin-contact@google.com", "74.125.1.1") == 2000);
}

TEST_CASE("the language of a notice: asked for, the site's own, then the policy's",
          "[unit][notice]") {
    Incident inc;
    inc.policy.languages = {"en", "ja"};
    Draft d;
    CHECK(language_for(inc, d, "") == "en");
    CHECK(language_for(inc, d, "ja") == "ja");
    d.to.country = "JP";
    CHECK(language_for(inc, d, "") == "ja");
    d.to.preferred_languages = "en, ja";
    CHECK(language_for(inc, d, "") == "en"); // the site said so, in its order
    d.to.preferred_languages = "fr, ja-JP";
    CHECK(language_for(inc, d, "") == "ja");
    inc.policy.languages = {"en"};
    CHECK(language_for(inc, d, "") == "en"); // never a language the policy does not allow
}
