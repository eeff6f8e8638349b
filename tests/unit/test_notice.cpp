#include "harness.hpp"
#include "ledger/ledger.hpp"
#include "notice/compose.hpp"
#include "notice/delivery_status.hpp"
#include "notice/event_facts.hpp"
#include "notice/feedback.hpp"
#include "notice/incident.hpp"
#include "notice/leak_scan.hpp"
#include "notice/log_lines.hpp"
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
#include <set>
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
    "Nov 25 03:20:00 fw: 192.0.2.99 -> 203.0.113.11:443 SYN, then 203.0.113.12 "
    "db1.corp.example.jp\n";

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
        std::snprintf(zone, sizeof zone, "%c%02d:%02d", offset < 0 ? '-' : '+',
                      std::abs(offset) / 60, std::abs(offset) % 60);
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
               Catch::Contains("event[1].lines: \"2-1\" is not line numbers"));
    CHECK_THAT(error_of(with("max_recipients = 2", "max_recipients = 2\nsurprise = 1")),
               Catch::Contains("policy.surprise: unknown key"));
    CHECK_THAT(error_of(with("email = \"csirt@example.jp\"", "email = \"nobody\"")),
               Catch::Contains("reporter.email: not a mailbox: no @"));
    CHECK_THAT(error_of(with("email = \"csirt@example.jp\"",
                             "email = \"csirt@example.jp\\r\\nRCPT TO:<spy@evil.test>\"")),
               Catch::Contains("reporter.email: not a mailbox: line break"));
    CHECK_THAT(error_of("[reporter]\norganization = \"x\"\nemail = \"a@b.jp\"\n"),
               Catch::Contains("event: no [[event]]"));
    CHECK_THAT(error_of("[reporter\n"), Catch::Matches(".*incident\\.toml:1: .*"));
}

TEST_CASE("an incident file attaches only log files in its own folder", "[unit][notice]") {
    std::string base = kIncident;
    auto with_log = [&](const std::string& log) {
        std::string s = base;
        s.replace(s.find("log = \"auth.log\""), 16, "log = \"" + log + "\"");
        return s;
    };
    // The incident file's line of the `log` key is named, with why.
    auto file = incident_file(with_log("../../../etc/passwd"));
    std::string err;
    try {
        read_incident(file);
    } catch (const IncidentError& e) {
        err = e.what();
    }
    CHECK_THAT(err, Catch::Matches(".*incident\\.toml:20: event\\[1\\]\\.log: log file "
                                   "\\.\\./\\.\\./\\.\\./etc/passwd is /etc/passwd, outside the "
                                   "incident file's folder .* \\(--allow-outside to attach it\\)"));
    CHECK_THAT(error_of(with_log("/etc/passwd")),
               Catch::Contains("outside the incident file's folder"));
    CHECK_THAT(error_of(with_log("/proc/self/environ")),
               Catch::Contains("under /proc: never attached"));
    CHECK_THAT(error_of(with_log("/dev/zero")), Catch::Contains("under /dev: never attached"));
    // A symbolic link inside the folder is followed, and judged by where it leads.
    fs::path linked = incident_file(with_log("innocent.log"));
    fs::create_symlink("/etc/passwd", linked.parent_path() / "innocent.log");
    try {
        read_incident(linked);
        FAIL("a link to /etc/passwd was attached");
    } catch (const IncidentError& e) {
        CHECK_THAT(e.what(), Catch::Contains("innocent.log is /etc/passwd, outside"));
    }
    fs::path to_proc = incident_file(with_log("env.log"));
    fs::create_symlink("/proc/self/environ", to_proc.parent_path() / "env.log");
    try {
        read_incident(to_proc, IncidentOptions{true}); // not even when outside is allowed
        FAIL("a link to /proc was attached");
    } catch (const IncidentError& e) {
        CHECK_THAT(e.what(), Catch::Contains("under /proc: never attached"));
    }
    // A folder is not a log.
    fs::path dir = incident_file(with_log("sub"));
    fs::create_directory(dir.parent_path() / "sub");
    try {
        read_incident(dir);
        FAIL("a folder was attached");
    } catch (const IncidentError& e) {
        CHECK_THAT(e.what(), Catch::Contains("is not a regular file"));
    }
    // Outside, when the user allows it; and an absolute path inside the folder is fine.
    fs::path outside = incident_file(with_log("/etc/hostname"));
    if (fs::is_regular_file("/etc/hostname")) {
        auto inc = read_incident(outside, IncidentOptions{true});
        CHECK(inc.events[0].log_path == fs::canonical("/etc/hostname"));
    }
    fs::path absolute = incident_file();
    std::string abs_body = with_log((absolute.parent_path() / "auth.log").string());
    std::ofstream(absolute) << abs_body;
    CHECK(read_incident(absolute).events[0].lines.size() == 2);
}

TEST_CASE("a 64 MiB single-line log: read in a stream, one line kept to 4 KiB with a mark",
          "[unit][notice]") {
    std::string body = kIncident;
    body.replace(body.find("log = \"auth.log\"\nlines = \"1-2\""), 30,
                 "log = \"huge.log\"\nlines = \"1\"");
    auto file = test::write_temp_config(body, "incident.toml");
    std::ofstream(file.parent_path() / "auth.log") << kLog;
    {
        std::ofstream huge(file.parent_path() / "huge.log", std::ios::binary);
        std::string chunk(1 << 20, 'x');
        for (int i = 0; i < 64; ++i)
            huge << chunk;
    }
    auto inc = read_incident(file);
    REQUIRE(inc.events[0].lines.size() == 1);
    const auto& line = inc.events[0].lines[0].text;
    CHECK(line.size() < kMaxLogLineBytes + 64);
    CHECK_THAT(line, Catch::EndsWith("[... line cut at 4096 bytes]"));
    // Without `lines`, the same file is refused: too large to search.
    std::string search = kIncident;
    search.replace(search.find("log = \"auth.log\"\nlines = \"1-2\""), 30, "log = \"huge.log\"");
    std::ofstream(file) << search;
    try {
        read_incident(file);
        FAIL("a 64 MiB log was searched");
    } catch (const IncidentError& e) {
        CHECK_THAT(e.what(), Catch::Contains("larger than 16 MiB; name the lines"));
    }
}

TEST_CASE("log lines: long lines cut with a mark, the needle found past the cut, a bound per "
          "event",
          "[unit][notice]") {
    fs::path dir = test::write_temp_config("", "x").parent_path();
    fs::path log = dir / "long.log";
    {
        std::ofstream out(log, std::ios::binary);
        out << std::string(10000, 'a') << " 198.51.100.23\n"; // needle past 4 KiB
        out << "short 198.51.100.23\r\n";
        for (int i = 0; i < 300; ++i)
            out << "again 198.51.100.23 " << i << "\n";
        out << "last without newline 198.51.100.23";
    }
    std::size_t budget = kMaxLogBytesRead;
    std::string why;
    auto found = read_log_lines(log, {}, "198.51.100.23", budget, why);
    CHECK(why.empty());
    REQUIRE(found.lines.size() == kMaxLinesPerEvent);
    CHECK(found.lines[0].number == 1);
    CHECK(found.lines[0].text.size() < kMaxLogLineBytes + 80);
    CHECK_THAT(found.lines[0].text,
               Catch::EndsWith("[... 5918 more bytes of this line not included]"));
    CHECK(found.lines[1].text == "short 198.51.100.23");
    CHECK(found.more == 303 - kMaxLinesPerEvent);
    auto numbered = read_log_lines(log, {{2, 3}, {303, 400}}, "", budget, why);
    REQUIRE(numbered.lines.size() == 3);
    CHECK(numbered.lines[2].number == 303);
    CHECK(numbered.lines[2].text == "last without newline 198.51.100.23");
    // The incident's reading budget is a bound of its own.
    std::size_t tiny = 100;
    read_log_lines(log, {}, "198.51.100.23", tiny, why);
    CHECK_THAT(why, Catch::Contains("MiB of log files read"));
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
    Redactor r(core::Ours({"203.0.113.0/24", "corp.example.jp"}, {"bastion"}), {"192.0.2.99"},
               true);
    std::string line = r.apply("Failed password for invalid user admin from 198.51.100.23 port 5 "
                               "ssh2 (also seen: 192.0.2.99) to 203.0.113.10:22 on "
                               "db1.corp.example.jp, mail ops@corp.example.jp; for 3 seconds");
    CHECK(line == "Failed password for invalid user [user 1] from 198.51.100.23 port 5 ssh2 (also "
                  "seen: [another party]) to [our address 1]:22 on [our host 1], mail "
                  "[our mailbox 1]; for 3 seconds");
    // The same thing gets the same label throughout.
    CHECK(r.apply("203.0.113.10 and 203.0.113.11 and 203.0.113.10") ==
          "[our address 1] and [our address 2] and [our address 1]");
    CHECK(r.replaced().at("203.0.113.10") == "[our address 1]");
    CHECK(is_ours({"203.0.113.0/24"}, "203.0.113.200"));
    CHECK_FALSE(is_ours({"203.0.113.0/24"}, "203.0.114.1"));
    CHECK(is_ours({"corp.example.jp"}, "WWW.Corp.Example.JP"));
    CHECK_FALSE(is_ours({"corp.example.jp"}, "notcorp.example.jp"));
    CHECK(is_ours({"corp.example.jp"}, "https://shop.corp.example.jp/login"));
    CHECK(is_ours({"203.0.113.0/24"}, "taro@[203.0.113.5]")); // a mailbox: its host decides
}

TEST_CASE("redaction: a private network's address is our inside, documentation space is not",
          "[unit][notice]") {
    Redactor r(core::Ours({}, {}), {}, false);
    CHECK(r.apply("10.20.1.44 TCP_DENIED/403 GET https://x.pages.dev/ from 192.168.10.5:51000") ==
          "[internal address 1] TCP_DENIED/403 GET https://x.pages.dev/ from "
          "[internal address 2]:51000");
    CHECK(r.apply("nat 100.64.3.2, lo 127.0.0.1, ll 169.254.9.9, ula fd12:3456::1, 10.20.1.44") ==
          "nat [internal address 3], lo [internal address 4], ll [internal address 5], ula "
          "[internal address 6], [internal address 1]");
    // The internet in examples, and global space, stay as they are.
    CHECK(r.apply("192.0.2.10 198.51.100.7 203.0.113.5 2001:db8::1 8.8.8.8") ==
          "192.0.2.10 198.51.100.7 203.0.113.5 2001:db8::1 8.8.8.8");
    CHECK(r.replaced().at("10.20.1.44") == "[internal address 1]");
    // Our own prefix still says ours, not internal.
    Redactor ours(core::Ours({"10.0.0.0/8"}, {}), {}, false);
    CHECK(ours.apply("10.1.2.3") == "[our address 1]");
}

TEST_CASE("an event at a URL states its protocol and port, unless the incident gives them",
          "[unit][notice]") {
    auto dir = std::filesystem::temp_directory_path() / "renraku-url-port-test";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "incident.toml")
        << "[reporter]\norganization = \"Example CSIRT\"\nemail = \"csirt@example.jp\"\n"
           "[[event]]\ntime = \"2026-12-05T09:41:02+09:00\"\n"
           "source = \"https://login.example.com/signin\"\n"
           "[[event]]\ntime = \"2026-12-05T09:41:02+09:00\"\n"
           "source = \"http://[2001:db8::5]:8080/x.exe\"\n"
           "[[event]]\ntime = \"2026-12-05T09:41:02+09:00\"\n"
           "source = \"https://login.example.com/\"\nprotocol = \"tcp\"\nport = 8443\n"
           "[[event]]\ntime = \"2026-12-05T09:41:02+09:00\"\n"
           "source = \"http://bad.example.com:99999/\"\n"
           "[[event]]\ntime = \"2026-12-05T09:41:02+09:00\"\nsource = \"198.51.100.7\"\n";
    auto inc = read_incident(dir / "incident.toml");
    REQUIRE(inc.events.size() == 5);
    auto f0 = event_facts(inc, inc.events[0]);
    CHECK(f0.protocol == "https");
    CHECK(f0.port == 443);
    auto f1 = event_facts(inc, inc.events[1]);
    CHECK(f1.protocol == "http");
    CHECK(f1.port == 8080);
    auto f2 = event_facts(inc, inc.events[2]);
    CHECK(f2.protocol == "tcp");
    CHECK(f2.port == 8443);
    auto f3 = event_facts(inc, inc.events[3]); // no such port: nothing guessed
    CHECK(f3.protocol.empty());
    CHECK(f3.port == -1);
    auto f4 = event_facts(inc, inc.events[4]); // an address says nothing of either
    CHECK(f4.protocol.empty());
    CHECK(f4.port == -1);
}

TEST_CASE("redaction: user names in the common log forms, and our syslog host field",
          "[unit][notice]") {
    Redactor r(core::Ours({"203.0.113.0/24"}, {"bastion", "mx1"}), {}, true);
    struct Case {
        const char* line;
        const char* redacted;
    };
    const Case cases[] = {
        {"Nov 25 03:14:07 bastion sshd[101]: Failed password for taro.yamada from "
         "74.125.225.229 port 33164 ssh2",
         "Nov 25 03:14:07 [our host 1] sshd[101]: Failed password for [user 1] from "
         "74.125.225.229 port 33164 ssh2"},
        {"Nov 25 03:14:08 bastion sshd[101]: Invalid user oracle from 74.125.225.229 port 33165",
         "Nov 25 03:14:08 [our host 1] sshd[101]: Invalid user [user 2] from 74.125.225.229 port "
         "33165"},
        {"Nov 25 03:14:09 mx1 sshd[9]: Accepted publickey for hanako from 203.0.113.7 port 22",
         "Nov 25 03:14:09 [our host 2] sshd[9]: Accepted publickey for [user 3] from "
         "[our address 1] port 22"},
        {"2026-11-25T03:15:00+09:00 bastion sshd[7]: pam_unix(sshd:auth): authentication "
         "failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=74.125.225.229  user=Taro.Yamada",
         "2026-11-25T03:15:00+09:00 [our host 1] sshd[7]: pam_unix(sshd:auth): authentication "
         "failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=74.125.225.229  user=[user 1]"},
        {"Nov 25 03:16:00 bastion su[4]: FAILED SU (to root) jiro on pts/1",
         "Nov 25 03:16:00 [our host 1] su[4]: FAILED SU (to [user 4]) [user 5] on pts/1"},
        {"Nov 25 03:17:00 bastion sudo:   saburo : TTY=pts/0 ; PWD=/home/saburo ; USER=root ; "
         "COMMAND=/bin/ls",
         "Nov 25 03:17:00 [our host 1] sudo:   [user 6] : TTY=pts/0 ; PWD=/home/[user 6] ; "
         "USER=[user 4] ; COMMAND=/bin/ls"},
        {"Nov 25 03:18:00 mx1 postfix/smtpd[33]: warning: unknown[74.125.225.229]: SASL LOGIN "
         "authentication failed: sasl_username=shiro@corp.example.jp",
         "Nov 25 03:18:00 [our host 2] postfix/smtpd[33]: warning: unknown[74.125.225.229]: "
         "SASL LOGIN authentication failed: sasl_username=[user 7]"},
        {"74.125.225.229 - goro [25/Nov/2026:03:19:00 +0900] \"GET /admin HTTP/1.1\" 401 12",
         "74.125.225.229 - [user 8] [25/Nov/2026:03:19:00 +0900] \"GET /admin HTTP/1.1\" 401 12"},
        {"Nov 25 03:20:00 bastion sshd[8]: pam_unix(sshd:session): session opened for user "
         "taro.yamada by (uid=0)",
         "Nov 25 03:20:00 [our host 1] sshd[8]: pam_unix(sshd:session): session opened for user "
         "[user 1] by (uid=0)"},
    };
    for (const auto& c : cases) {
        INFO(c.line);
        CHECK(r.apply_log_line(c.line) == c.redacted);
    }
    // What each label hides is kept, for our own record.
    CHECK(r.replaced().at("taro.yamada") == "[user 1]");
    CHECK(r.replaced().at("bastion") == "[our host 1]");
    // Prose is not a user name: "for 3 seconds", "for [our address 1] from".
    CHECK(r.apply("waited for 3 seconds; for [user 1] from x") ==
          "waited for 3 seconds; for [user 1] from x");
    // Kept as they are when the site says so.
    Redactor keep(core::Ours({}, {}), {}, false);
    CHECK(
        keep.apply_log_line("Nov 25 03:14:07 gw sshd[1]: Failed password for taro from 1.2.3.4") ==
        "Nov 25 03:14:07 [our host 1] sshd[1]: Failed password for taro from 1.2.3.4");
}

TEST_CASE("redaction reads escaped queries: what they hide of ours becomes a label",
          "[unit][notice]") {
    Redactor r(core::Ours({"203.0.113.0/24", "corp.example.jp"}, {"bastion"}), {}, true);
    CHECK(r.apply("GET /r?next=https%3A%2F%2Fportal.corp.example.jp%2Fhome&u=a%40corp.example.jp "
                  "HTTP/1.1") ==
          "GET /r?next=https://[our host 1]/home&u=[our mailbox 1] HTTP/1.1");
    // Twice escaped, and an address of ours.
    CHECK(r.apply("x=http%253A%252F%252F203.0.113.9%252F") == "x=http://[our address 1]/");
    // Nothing of ours inside: left as written, escapes and all.
    CHECK(r.apply("q=http%3A%2F%2Fevil.example%2Fgate") == "q=http%3A%2F%2Fevil.example%2Fgate");
    // A decoded line break does not start a line of its own.
    CHECK(r.apply("q=a.example%0Abastion") == "q=a.example [our host 2]");
}

TEST_CASE("what is ours for certain is left out of lookups, a short host name only alone",
          "[unit][notice]") {
    core::Ours ours({"203.0.113.0/24", "corp.example.jp"}, {"mx1"});
    CHECK(ours.owns("203.0.113.7"));
    CHECK(ours.owns("203.0.113.0/25"));
    CHECK(ours.owns("www.corp.example.jp"));
    CHECK(ours.owns("https://portal.corp.example.jp/x"));
    CHECK(ours.owns("mx1"));
    // Another's name that starts like one of our short names is theirs to look up, though a
    // notice still hides it (redaction errs on the side of hiding).
    CHECK_FALSE(ours.owns("mx1.isp.example"));
    CHECK(ours.contains("mx1.isp.example"));
    CHECK_FALSE(ours.owns("198.51.100.1"));
}

TEST_CASE("leak scan: what a label replaced stays replaced, and our own mail domain may be named",
          "[unit][notice]") {
    LeakRules rules;
    rules.ours = core::Ours({"corp.example.jp", "example.jp"}, {});
    rules.recipient = {"74.125.225.229"};
    rules.mailboxes = {"csirt@example.jp"};
    rules.mailbox_domains = {"example.jp"};
    rules.replaced = {"taro.yamada", "root"};
    std::vector<LeakPart> parts = {
        {"message.txt",
         "Dear team,\nP.S. Taro.Yamada saw it.\nrooted, rootkit, /root/x are words.\n"
         "root. was it\n"},
        {"xarf.json", "{\"ReporterOrgDomain\": \"example.jp\", \"x\": \"db.corp.example.jp\"}\n"}};
    auto scan = scan_for_leaks(parts, rules);
    std::set<std::string> found;
    for (const auto& f : scan.findings)
        found.insert(f.part + ":" + std::to_string(f.line) + " " + f.item);
    CHECK(found == std::set<std::string>{"message.txt:2 Taro.Yamada", "message.txt:3 root",
                                         "message.txt:4 root", "xarf.json:1 db.corp.example.jp"});
    bool domain = false;
    for (const auto& d : scan.disclosed)
        domain |= d.item == "example.jp" && d.what == "the domain of a mailbox this notice names";
    CHECK(domain);
}

TEST_CASE("leak scan: what is ours, special-purpose, another recipient's or a stray mailbox is "
          "found, as written and URL-decoded",
          "[unit][notice]") {
    LeakRules rules;
    rules.ours = core::Ours({"203.0.113.0/24", "corp.example.jp"}, {"bastion"});
    rules.recipient = {"74.125.225.229", "phish.example.net"};
    rules.others = {"198.51.100.23"};
    rules.mailboxes = {"abuse@example.org", "csirt@example.jp"};
    std::vector<LeakPart> parts = {
        {"message.txt", "Subject: [X#1] notice\n\nFrom 74.125.225.229 to [our address 1].\n"
                        "Contact csirt@example.jp.\n"},
        {"logs.txt", "a: 74.125.225.229 -> 203.0.113.10 ok\n"
                     "b: GET /?u=http%3A%2F%2Fintranet.corp.example.jp%2Flogin\n"
                     "c: 10.0.0.5 and 198.51.100.23 and 192.0.2.44\n"
                     "d: Failed password for taro from 74.125.225.229\n"
                     "e: reply to someone@elsewhere.org and https://phish.example.net/x\n"
                     "f: relayed by bastion and www.other-site.example.com\n"}};
    auto scan = scan_for_leaks(parts, rules);
    std::set<std::string> found;
    for (const auto& f : scan.findings) {
        INFO(f.part << ":" << f.line << ": " << f.item << ": " << f.why);
        CHECK(f.part == "logs.txt");
        found.insert(std::to_string(f.line) + " " + f.item);
    }
    CHECK(found.count("1 203.0.113.10") == 1);
    CHECK(found.count("2 http://intranet.corp.example.jp/login") == 1);
    CHECK(found.count("3 10.0.0.5") == 1);
    CHECK(found.count("3 198.51.100.23") == 1);
    CHECK(found.count("3 192.0.2.44") == 1); // documentation space is special-purpose too
    CHECK(found.count("4 taro") == 1);
    CHECK(found.count("5 someone@elsewhere.org") == 1);
    CHECK(found.count("6 bastion") == 1);
    CHECK(found.count("6 www.other-site.example.com") == 1);
    CHECK(found.size() == 9);
    for (const auto& f : found)
        UNSCOPED_INFO(f);
    bool recipient = false;
    for (const auto& d : scan.disclosed)
        recipient |= d.item == "74.125.225.229" && d.what == "the recipient's";
    CHECK(recipient);
    // An item the user allowed goes as it is, and is said.
    rules.allowed = {"www.other-site.example.com", "taro"};
    auto allowed = scan_for_leaks(parts, rules);
    CHECK(allowed.findings.size() == 7);
    CHECK(allowed.allowed_used.size() == 2);
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
    std::string entity = mime_entity("日本語の本文\nline two",
                                     {{"logs.txt", "text/plain; charset=UTF-8", "a\nb"}}, "seed");
    MailHeaders h;
    h.from = parse_mailbox("Example CSIRT <csirt@example.jp>");
    h.to = {{"", "abuse@example.net"}};
    h.cc = {{"", "team@example.org"}};
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

TEST_CASE("feedback: only what quotes a notice we sent, and only for its recipients",
          "[unit][notice]") {
    fs::path dir = test::write_temp_config("", "x").parent_path();
    core::Ledger ledger(dir / "ledger.sqlite");
    std::string t1 = ledger.next_tracking("EXCSIRT");
    std::string t2 = ledger.next_tracking("EXCSIRT");
    std::string t3 = ledger.next_tracking("EXCSIRT");
    // A counter for people, and a random part nobody can guess from another number.
    CHECK_THAT(t1, Catch::Matches("EXCSIRT#00000001-[0-9A-HJKMNP-TV-Z]{6}"));
    CHECK_THAT(t2, Catch::Matches("EXCSIRT#00000002-[0-9A-HJKMNP-TV-Z]{6}"));
    CHECK(t1.substr(17) != t2.substr(17));
    ledger.record_notice(t1, "arin-contact@google.com", {"report@cisa.gov"}, {"74.125.1.1"}, 1000,
                         "M1.EXCSIRT@example.jp");
    ledger.record_notice(t2, "helpdesk@apnic.net", {}, {"1.1.1.1"}, 1000, "M2.EXCSIRT@example.jp");
    ledger.record_notice(t3, "abuse@drafted.example", {}, {"192.0.2.1"}, 1000, "");
    fs::path data = fs::path(RENRAKU_TEST_SOURCE_DIR) / "tests" / "data" / "notice";
    auto with = [&](const char* file, const std::string& tracking) {
        std::string m = read(data / file);
        for (auto p = m.find("TRACKING"); p != std::string::npos; p = m.find("TRACKING"))
            m.replace(p, 8, tracking);
        return m;
    };
    const std::int64_t now = 1800000000;

    // Before it is sent, nothing can have come back.
    auto early = read_returned(with("dsn-bounce.eml", t1), ledger, now);
    CHECK(early.feedback.empty());
    REQUIRE(early.ignored.size() == 1);
    CHECK_THAT(early.ignored[0], Catch::Contains("only drafted, never sent"));
    ledger.record_sent(t1, 2000);
    ledger.record_sent(t2, 2000);

    auto bounce = read_returned(with("dsn-bounce.eml", t1), ledger, now);
    REQUIRE(bounce.feedback.size() == 1); // the delivered Cc is not a bounce
    CHECK(bounce.feedback[0].address == "arin-contact@google.com");
    CHECK(bounce.feedback[0].kind == core::FeedbackKind::bounced);
    CHECK(bounce.feedback[0].tracking == t1);
    CHECK(bounce.feedback[0].at == now); // when it was read, not the report's Date:
    CHECK_THAT(bounce.feedback[0].detail, Catch::Contains("status 5.1.1"));

    // Forged: a bounce of someone the notice did not go to, quoting a real number.
    std::string forged = with("dsn-bounce.eml", t1);
    forged.replace(forged.find("rfc822; arin-contact@google.com"), 31, "rfc822; spy@evil.test");
    auto other = read_returned(forged, ledger, now);
    CHECK(other.feedback.empty());
    REQUIRE_FALSE(other.ignored.empty());
    CHECK_THAT(other.ignored[0],
               Catch::Contains("spy@evil.test, who was not a recipient of " + t1));
    // Forged: a number never issued, one guessed from a real one, none at all.
    for (const std::string& fake : {std::string("EXCSIRT#00000099-ABCDEF"),
                                    t1.substr(0, 17) + "ZZZZZZ", std::string("EXCSIRT#00000001")}) {
        INFO(fake);
        auto r = read_returned(with("dsn-bounce.eml", fake), ledger, now);
        CHECK(r.feedback.empty());
        REQUIRE(r.ignored.size() == 1);
        CHECK_THAT(r.ignored[0], Catch::Contains("quotes no tracking number or Message-ID"));
    }
    auto stranger = read_returned(read(data / "not-feedback.eml"), ledger, now);
    CHECK(stranger.feedback.empty());
    // A report listing a thousand addresses: only the notice's own recipient counts.
    std::string many = with("dsn-bounce.eml", t1);
    std::string blocks;
    for (int i = 0; i < 1000; ++i)
        blocks += "Final-Recipient: rfc822; victim" + std::to_string(i) +
                  "@example.org\nAction: failed\nStatus: 5.1.1\n\n";
    many.insert(many.find("Final-Recipient: rfc822; arin-contact"), blocks);
    auto flood = read_returned(many, ledger, now);
    CHECK(flood.feedback.empty()); // its own recipient's block is past the 1,000 read
    CHECK(flood.ignored.size() == 4);
    CHECK_THAT(flood.ignored.back(), Catch::Contains("more bounces for addresses that were not"));
    // Found by the Message-ID of the returned headers alone.
    std::string by_id = with("dsn-bounce.eml", "no-number-here");
    by_id.replace(by_id.find("X-Tracking-Number"), 17,
                  "Message-ID: <M1.EXCSIRT@example.jp>\nX-Other");
    auto found = read_returned(by_id, ledger, now);
    REQUIRE(found.feedback.size() == 1);
    CHECK(found.feedback[0].tracking == t1);

    // A reply counts from the mailbox we wrote to; from anyone else it is kept, unweighed.
    std::string reply = with("reply.eml", t2);
    auto from_other = read_returned(reply, ledger, now);
    CHECK(from_other.feedback.empty());
    REQUIRE(from_other.unverified.size() == 1);
    CHECK(from_other.unverified[0].kind == core::FeedbackKind::unverified);
    CHECK_THAT(from_other.ignored[0], Catch::Contains("who was not a recipient"));
    reply.replace(reply.find("noc-person@apnic.example"), 24, "helpdesk@apnic.net");
    reply.replace(reply.find("Date: Thu, 27 Nov 2026"), 22, "Date: Thu, 27 Nov 2099");
    auto genuine = read_returned(reply, ledger, now);
    REQUIRE(genuine.feedback.size() == 1);
    CHECK(genuine.feedback[0].address == "helpdesk@apnic.net");
    CHECK(genuine.feedback[0].kind == core::FeedbackKind::answered);
    CHECK(genuine.feedback[0].at == now); // a message dated 2099 outranks nothing
    // A reply about a notice only drafted.
    auto drafted = read_returned(with("reply.eml", t3), ledger, now);
    CHECK(drafted.feedback.empty());
    CHECK(drafted.unverified.empty());

    ledger.record_feedback(bounce.feedback[0]);
    CHECK(ledger.feedback_for("Arin-Contact@Google.com")->kind == core::FeedbackKind::bounced);
    CHECK(*ledger.last_sent("arin-contact@google.com", "74.125.1.1") == 2000);
    CHECK_FALSE(ledger.last_sent("abuse@drafted.example", "192.0.2.1"));
    auto n1 = ledger.message(t1);
    REQUIRE(n1);
    CHECK(n1->cc == std::vector<std::string>{"report@cisa.gov"});
    CHECK(n1->message_id == "M1.EXCSIRT@example.jp");
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

TEST_CASE("a delivery status in our own words, never the remote server's", "[unit][notice]") {
    using core::notice::delivery_failure_text;
    using core::notice::status_code_in;
    CHECK(status_code_in("status 5.1.1: smtp; 550 5.1.1 gone") == "5.1.1");
    CHECK(status_code_in("status 4.2.2") == "4.2.2");
    CHECK(status_code_in("status 5.1") == "");
    CHECK(status_code_in("status 2.0.0") == "");
    CHECK(status_code_in("status 5.1234.1") == "");
    CHECK(status_code_in("no status here") == "");
    const std::string hostile =
        "status 5.1.1: smtp; 550 5.1.1 call +1-555-0100 or mail x@evil.example";
    CHECK(delivery_failure_text(hostile, "en") ==
          "the message could not be delivered: the mailbox does not exist (status 5.1.1)");
    CHECK(delivery_failure_text(hostile, "ja") ==
          "メールボックスが存在しないため配送できませんでした（ステータス 5.1.1）");
    CHECK(delivery_failure_text("status 5.9.9: whatever", "en") ==
          "the message could not be delivered (status 5.9.9)");
    CHECK(delivery_failure_text("status 4.4.7", "en") ==
          "delivery failed again and again (status 4.4.7)");
    CHECK(delivery_failure_text("status 4.4.7", "ja") ==
          "配送が繰り返し失敗しました（ステータス 4.4.7）");
    CHECK(delivery_failure_text("status 4.2.2", "ja") ==
          "メールボックスに空きがないため、配送が繰り返し失敗しました（ステータス 4.2.2）");
    CHECK(delivery_failure_text("a reply", "en") == "the message could not be delivered");
}
