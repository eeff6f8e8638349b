// renraku notice and feedback end to end: the test world answers the lookups, a real SMTP
// server on loopback (aiosmtpd) receives what is sent, and a throw-away OpenPGP key signs it.

#include "cli_runner.hpp"
#include "harness.hpp"
#include "notice/draft_folder.hpp"
#include "notice/mime.hpp"
#include "notice/openpgp.hpp"
#include "notice_world.hpp"

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace renraku;
using namespace renraku::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
    return test::read_file(p);
}

const char* const kLog =
    "Nov 25 03:14:07 gw sshd[101]: Failed password for root from 74.125.1.1 port 40001 ssh2\n"
    "Nov 25 03:14:08 gw sshd[101]: Failed password for invalid user admin from 74.125.1.1 port "
    "40002 ssh2\n"
    "Nov 25 03:14:09 gw sshd[102]: Failed password for taro from 1.1.1.1 port 50001 ssh2 on "
    "gw.corp.example.jp (203.0.113.10)\n";

std::string incident_text(bool complete = true, const std::string& policy_extra = "") {
    std::string reporter = "[reporter]\norganization = \"Example CSIRT\"\nname = \"Taro Yamada\"\n"
                           "email = \"csirt@example.jp\"\ntracking_prefix = \"EXCSIRT\"\n";
    if (complete)
        reporter += "phone = \"+81-3-0000-0000\"\n"
                    "pgp_fingerprint = \"0123 4567 89AB CDEF 0123  4567 89AB CDEF 0123 4567\"\n";
    return reporter +
           "[clock]\nzone = \"Asia/Tokyo\"\nerror = \"within 1 s of NTP\"\n"
           "[[event]]\ntime = \"2026-11-25 03:14:07\"\nsource = \"74.125.1.1\"\n"
           "destination = \"203.0.113.10\"\nprotocol = \"tcp\"\n" +
           (complete ? "port = 22\n" : "") +
           "description = \"about 1,200 SSH password attempts against gw.corp.example.jp\"\n"
           "log = \"auth.log\"\nlines = \"1-2\"\n"
           "[[event]]\ntime = \"25/Nov/2026:03:14:09 +0900\"\nsource = \"1.1.1.1\"\n"
           "destination = \"203.0.113.10\"\nprotocol = \"tcp\"\nport = 22\n"
           "description = \"SSH password attempts\"\nlog = \"auth.log\"\n"
           "[policy]\nredact = [\"203.0.113.0/24\", \"corp.example.jp\"]\ncc_csirt = true\n"
           "max_recipients = 2\nlanguages = [\"en\", \"ja\"]\n" +
           policy_extra;
}

struct Case {
    fs::path dir;
    fs::path incident;
    fs::path config;
    fs::path out;

    explicit Case(const std::string& notice_toml = "", bool complete = true,
                  const std::string& policy_extra = "") {
        dir = temp_dir("notice");
        incident = dir / "incident.toml";
        std::ofstream(incident) << incident_text(complete, policy_extra);
        std::ofstream(dir / "auth.log") << kLog;
        config = dir / "renraku.toml";
        std::ofstream(config) << test::world_config_text() << "\n[notice]\nledger = \""
                              << (dir / "ledger.sqlite").string() << "\"\n"
                              << notice_toml;
        out = dir / "out";
    }
    test::CliRun notice(std::vector<std::string> extra = {}) const {
        std::vector<std::string> args{"notice",        "--incident", incident.string(), "--config",
                                      config.string(), "--out",      out.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return test::run_cli(args);
    }
    // notice --send OUT --yes: the drafts as they stand.
    test::CliRun send(std::vector<std::string> extra = {}) const {
        std::vector<std::string> args{"notice",   "--send",        out.string(),
                                      "--config", config.string(), "--yes"};
        args.insert(args.end(), extra.begin(), extra.end());
        return test::run_cli(args);
    }
    // tracking number -> notice.json
    std::map<std::string, json> notices() const {
        std::map<std::string, json> m;
        for (const auto& e : fs::directory_iterator(out))
            m[e.path().filename().string()] = json::parse(read(e.path() / "notice.json"));
        return m;
    }
    fs::path folder_for(const std::string& recipient) const {
        for (const auto& [tracking, j] : notices())
            if (j["recipient"] == recipient) return out / tracking;
        return {};
    }
};

// The text of the first text/plain part of a message, base64 decoded.
std::string decoded_text_part(const std::string& message) {
    auto at = message.find("Content-Type: text/plain; charset=UTF-8");
    if (at == std::string::npos) return {};
    auto start = message.find("base64", at);
    start = message.find('\n', message.find('\n', start) + 1) + 1; // past the blank line
    auto end = message.find("--", start);
    return base64_decoded(message.substr(start, end - start));
}

} // namespace

TEST_CASE("notice: one per recipient, each seeing only its own events and nothing of ours",
          "[cli][notice]") {
    Case c;
    auto r = c.notice();
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    auto notices = c.notices();
    REQUIRE(notices.size() == 2);
    // Folders named by tracking number: a counter, and a random part nobody can guess.
    std::vector<std::string> numbers;
    for (const auto& [tracking, j] : notices) {
        CHECK_THAT(tracking, Catch::Matches("EXCSIRT#0000000[12]-[0-9A-HJKMNP-TV-Z]{6}"));
        CHECK(j["tracking"] == tracking);
        numbers.push_back(tracking.substr(0, 16));
    }
    CHECK(numbers == std::vector<std::string>{"EXCSIRT#00000001", "EXCSIRT#00000002"});

    fs::path google = c.folder_for("arin-contact@google.com");
    REQUIRE_FALSE(google.empty());
    auto gj = json::parse(read(google / "notice.json"));
    CHECK(gj["indicators"] == json::array({"74.125.1.1"}));
    REQUIRE(gj["events"].size() == 1);
    CHECK(gj["events"][0]["time"] == "2026-11-25T03:14:07+09:00");
    CHECK(gj["events"][0]["time_utc"] == "2026-11-24T18:14:07Z");
    CHECK(gj["events"][0]["destination"] == "[our address 1]");
    CHECK(gj["cc"] == json::array({"report@cisa.gov"}));
    CHECK(gj["warnings"].empty());
    std::string logs = read(google / "logs.txt");
    CHECK_THAT(logs, Catch::Contains("auth.log:1: "));
    CHECK_THAT(logs, Catch::Contains("74.125.1.1"));
    CHECK_THAT(logs, !Catch::Contains("1.1.1.1 "));
    CHECK_THAT(logs, Catch::Contains("for [user 1] from"));
    CHECK_THAT(logs, !Catch::Contains("root"));

    fs::path apnic = c.folder_for("helpdesk@apnic.net");
    REQUIRE_FALSE(apnic.empty());
    std::string alogs = read(apnic / "logs.txt");
    CHECK_THAT(alogs, Catch::Contains("1.1.1.1"));
    CHECK_THAT(alogs, !Catch::Contains("74.125.1.1"));
    CHECK_THAT(alogs, !Catch::Contains("203.0.113"));
    CHECK_THAT(alogs, !Catch::Contains("corp.example.jp"));
    CHECK_THAT(alogs, Catch::Contains("[our host 2] ([our address 1])"));
    CHECK_THAT(alogs, Catch::Contains("03:14:09 [our host 1] sshd")); // the syslog host field

    for (const auto& dir : {google, apnic}) {
        std::string eml = read(dir / "message.eml");
        CHECK_THAT(eml, !Catch::Contains("203.0.113"));
        CHECK_THAT(eml,
                   Catch::Contains("Content-Disposition: attachment; filename=\"events.csv\""));
        CHECK_THAT(eml, Catch::Contains("X-Tracking-Number: EXCSIRT#0000000"));
        std::string csv = read(dir / "events.csv");
        CHECK_THAT(csv, !Catch::Contains("203.0.113"));
    }
    // The dry run says what goes to whom, and what was replaced.
    CHECK_THAT(r.out, Catch::Contains("To: arin-contact@google.com"));
    CHECK_THAT(r.out, Catch::Contains("disclosed as [our address 1]: 203.0.113.10"));
}

TEST_CASE("notice: the memo's checklist warns, and --strict refuses", "[cli][notice]") {
    Case c("", false);
    auto r = c.notice();
    CHECK(r.exit_code == 0);
    // Each warning once for the run, not once a notice.
    CHECK_THAT(r.err, Catch::Contains("warning: no telephone number of ours (reporter.phone)\n"));
    CHECK_THAT(r.err, Catch::Contains("warning: event 1: no port ("));
    CHECK_THAT(r.err, Catch::Contains("warning: no OpenPGP key fingerprint of ours"));
    std::size_t said = 0;
    for (auto p = r.err.find("no telephone number"); p != std::string::npos;
         p = r.err.find("no telephone number", p + 1))
        ++said;
    CHECK(said == 1);
    Case strict("", false);
    auto s = strict.notice({"--strict"});
    CHECK(s.exit_code == 2);
    CHECK_THAT(s.err, Catch::Contains("error: event 1: no port"));
    CHECK_THAT(s.err, Catch::Contains("fail the checklist"));
    // A refused --strict writes nothing and reserves no number: the next run starts at 1.
    CHECK((!fs::exists(strict.out) || fs::is_empty(strict.out)));
    std::ofstream(strict.incident) << incident_text(true);
    auto fixed = strict.notice({"--strict"});
    INFO(fixed.err);
    CHECK(fixed.exit_code == 0);
    CHECK(strict.notices().begin()->first.substr(0, 16) == "EXCSIRT#00000001");
}

TEST_CASE("notice: a bad incident file names file, line and field", "[cli][notice]") {
    Case c;
    std::string text = incident_text();
    text.replace(text.find("port = 22"), 9, "port = 99999");
    std::ofstream(c.incident) << text;
    auto r = c.notice();
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Matches("renraku: .*incident\\.toml:\\d+: event\\[1\\]\\.port: must "
                                     "be 0 to 65535\n"));
    CHECK((!fs::exists(c.out) || fs::is_empty(c.out)));
}

TEST_CASE("notice --send: an SMTP server on loopback receives each notice once",
          "[cli][notice][smtp]") {
    SmtpServer smtp;
    REQUIRE(smtp.listening());
    Case c("smtp_url = \"smtp://127.0.0.1:" + std::to_string(smtp.port()) +
           "\"\nsmtp_starttls = \"none\"\n");
    REQUIRE(c.notice().exit_code == 0);
    auto test_run = c.send({"--test-to", "drill@example.jp"});
    INFO(test_run.err);
    REQUIRE(test_run.exit_code == 0);
    auto drills = smtp.messages();
    REQUIRE(drills.size() == 2);
    for (const auto& m : drills) {
        CHECK_THAT(m, Catch::Contains("X-RcptTo: drill@example.jp"));
        // A drill: no real recipient in any header, [TEST] in the subject.
        CHECK_THAT(m, !Catch::Contains("arin-contact") && !Catch::Contains("helpdesk@apnic") &&
                          !Catch::Contains("cisa.gov") && !Catch::Contains("defence.gov.au"));
        CHECK_THAT(m, Catch::Contains("Subject: [TEST] [EXCSIRT#0000000"));
        CHECK_THAT(m, Catch::Contains("\nTo: drill@example.jp\n"));
        CHECK_THAT(m, !Catch::Contains("\nCc:"));
    }
    CHECK_THAT(test_run.err, Catch::Contains("2 messages test-sent"));
    // A test run tells nobody: the real run goes ahead.
    auto real = c.send();
    INFO(real.err);
    REQUIRE(real.exit_code == 0);
    auto all = smtp.messages();
    REQUIRE(all.size() == 4);
    int to_google = 0;
    for (const auto& m : all)
        if (m.find("X-RcptTo: arin-contact@google.com, report@cisa.gov") != std::string::npos) {
            ++to_google;
            CHECK_THAT(m, Catch::Contains("To: arin-contact@google.com"));
            CHECK_THAT(m,
                       Catch::Contains("Cc: \"Cybersecurity and Infrastructure Security Agency") &&
                           Catch::Contains("<report@cisa.gov>"));
        }
    CHECK(to_google == 1);
    CHECK_THAT(real.err,
               Catch::Contains("about to send 2 messages to 2 recipients, CSIRT copies:"));
    // Sent once: sending the same folder again sends nothing.
    auto twice = c.send();
    CHECK_THAT(twice.err,
               Catch::Contains("skipped EXCSIRT#00000001-") && Catch::Contains("already sent on"));
    CHECK(smtp.messages().size() == 4);
    // Told once: a new draft for the same recipient is not written within the interval.
    auto again = c.notice();
    CHECK_THAT(again.out, Catch::Contains("skipped arin-contact@google.com: already told within 7 "
                                          "days: EXCSIRT#00000001-"));
    CHECK(smtp.messages().size() == 4);
}

TEST_CASE("notice: drafted twice with the same numbers, edited, sent exactly as reviewed, "
          "signed at send time (RFC 3156), and gpgv agrees",
          "[cli][notice][openpgp][smtp]") {
    TestKey key("Example CSIRT <csirt@example.jp>");
    SmtpServer smtp;
    REQUIRE(smtp.listening());
    Case c("signing_key = \"" + key.fingerprint + "\"\ngpg_home = \"" + key.home.string() + "\"\n" +
           smtp.notice_config());
    // A notice that names one key and would be signed with another is refused before drafting.
    auto mismatch = c.notice();
    CHECK(mismatch.exit_code == 2);
    CHECK_THAT(mismatch.err, Catch::Contains("is not the signing key " + key.fingerprint));
    std::string text = incident_text();
    std::string named = "0123 4567 89AB CDEF 0123  4567 89AB CDEF 0123 4567";
    text.replace(text.find(named), named.size(), key.fingerprint);
    std::ofstream(c.incident, std::ios::trunc) << text;

    auto first = c.notice();
    INFO(first.out << first.err);
    REQUIRE(first.exit_code == 0);
    CHECK_THAT(first.out, Catch::Contains("signed at send time with " + key.fingerprint));
    std::set<std::string> numbers;
    for (const auto& [t, j] : c.notices())
        numbers.insert(t);
    // Drafted again: the same tracking numbers, no new ones.
    auto second = c.notice();
    REQUIRE(second.exit_code == 0);
    std::set<std::string> again;
    for (const auto& [t, j] : c.notices())
        again.insert(t);
    CHECK(again == numbers);
    CHECK(numbers.size() == 2);

    // The responder edits the text of one draft.
    fs::path google = c.folder_for("arin-contact@google.com");
    REQUIRE_FALSE(google.empty());
    std::string reviewed = read(google / "message.txt");
    reviewed += "\nP.S. Edited by hand before sending: 確認済み\n";
    std::ofstream(google / "message.txt", std::ios::trunc) << reviewed;

    auto sent = c.send();
    INFO(sent.err);
    REQUIRE(sent.exit_code == 0);
    CHECK_THAT(sent.err, Catch::Contains("signed with " + key.fingerprint));
    // message.eml is now the message as it went: signed over the reviewed text.
    std::string eml = read(google / "message.eml");
    CHECK_THAT(eml, Catch::Contains("Content-Type: multipart/signed; micalg=\"pgp-sha"));
    auto [part, sig] = signed_parts(eml);
    REQUIRE_FALSE(part.empty());
    fs::path d = temp_dir("verify");
    std::ofstream(d / "part", std::ios::binary) << part;
    std::ofstream(d / "part.asc") << sig;
    auto ok = run("gpgv --keyring " + key.public_keyring.string() + " " +
                  (d / "part.asc").string() + " " + (d / "part").string());
    INFO(ok.second);
    CHECK(ok.first == 0);
    // The text part the server received is the reviewed text, byte for byte (line ends
    // written as CRLF, as MIME text is).
    std::string received;
    std::string message_id = eml.substr(eml.find("Message-ID: "), 40);
    for (const auto& m : smtp.messages())
        if (m.find(message_id) != std::string::npos) received = m;
    REQUIRE_FALSE(received.empty());
    std::string subject, body;
    REQUIRE(core::notice::split_message_text(reviewed, subject, body));
    CHECK(decoded_text_part(received) == core::notice::crlf(body));
    CHECK_THAT(received, Catch::Contains("Subject: " + subject.substr(0, 30)));
    // One byte changed, and it no longer verifies.
    part[part.size() / 2] = part[part.size() / 2] == 'A' ? 'B' : 'A';
    std::ofstream(d / "part", std::ios::binary | std::ios::trunc) << part;
    CHECK(run("gpgv --keyring " + key.public_keyring.string() + " " + (d / "part.asc").string() +
              " " + (d / "part").string())
              .first != 0);
}

TEST_CASE("encryption: only to the very key a trusted source named", "[notice][openpgp]") {
    TestKey recipient("Abuse Desk <abuse@example.net>");
    core::notice::OpenPgp pgp(recipient.home.string());
    std::string why;
    auto enc = pgp.encrypt("secret text", recipient.fingerprint, why);
    INFO(why);
    REQUIRE(enc);
    CHECK_THAT(*enc, Catch::StartsWith("-----BEGIN PGP MESSAGE-----"));
    fs::path d = temp_dir("decrypt");
    std::ofstream(d / "m.asc") << *enc;
    auto dec = run("gpg --batch --homedir " + recipient.home.string() +
                   " --pinentry-mode loopback --passphrase '' --decrypt " + (d / "m.asc").string());
    CHECK_THAT(dec.second, Catch::Contains("secret text"));
    // A fingerprint that is not in the keyring, or not a fingerprint: no encryption at all.
    CHECK_FALSE(pgp.encrypt("x", std::string(40, 'A'), why));
    CHECK_THAT(why, Catch::Contains("no public key"));
    CHECK_FALSE(pgp.encrypt("x", "abuse@example.net", why));
    CHECK_THAT(why, Catch::Contains("not an OpenPGP fingerprint"));
}

TEST_CASE("feedback: a bounce lowers the mailbox in the next lookup, with the date",
          "[cli][notice][feedback]") {
    Case c;
    auto before = test::lookup_json({"74.125.1.1"}, "arin", c.config.string());
    double score_before = 0;
    for (const auto& ct : before[0]["contacts"])
        if (ct.value("email", "") == "arin-contact@google.com") score_before = ct["score"];
    REQUIRE(score_before > 0);

    SmtpServer smtp;
    REQUIRE(smtp.listening());
    std::ofstream(c.config, std::ios::app)
        << "smtp_url = \"smtp://127.0.0.1:" << smtp.port() << "\"\nsmtp_starttls = \"none\"\n";
    REQUIRE(c.notice().exit_code == 0);
    REQUIRE(c.send().exit_code == 0);
    std::string tracking;
    for (const auto& [t, j] : c.notices())
        if (j["recipient"] == "arin-contact@google.com") tracking = t;
    std::string dsn = read(fs::path(RENRAKU_TEST_SOURCE_DIR) / "tests/data/notice/dsn-bounce.eml");
    for (auto p = dsn.find("TRACKING"); p != std::string::npos; p = dsn.find("TRACKING"))
        dsn.replace(p, 8, tracking);
    std::ofstream(c.dir / "bounce.eml") << dsn;
    auto fb =
        test::run_cli({"feedback", "--config", c.config.string(), (c.dir / "bounce.eml").string()});
    CHECK(fb.exit_code == 0);
    CHECK_THAT(fb.out, Catch::Contains("accepted: bounced arin-contact@google.com (" + tracking +
                                       "; status 5.1.1"));

    auto after = test::lookup_json({"74.125.1.1"}, "arin", c.config.string());
    bool seen = false;
    for (const auto& ct : after[0]["contacts"])
        if (ct.value("email", "") == "arin-contact@google.com") {
            seen = true;
            CHECK(ct["score"].get<double>() < score_before - 0.2);
            bool caveat = false;
            for (const auto& cv : ct["caveats"])
                caveat |=
                    cv.get<std::string>().find("bounced on " + today_utc() + " (our notice " +
                                               tracking + "): status 5.1.1") != std::string::npos;
            CHECK(caveat);
        }
    CHECK(seen);
}

TEST_CASE("notice: a relay request to the CSIRT instead, with its conditions, and X-ARF",
          "[cli][notice]") {
    Case c("", true, "relay = true\nxarf = true\n");
    auto r = c.notice();
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    fs::path cisa = c.folder_for("report@cisa.gov");
    REQUIRE_FALSE(cisa.empty());
    auto j = json::parse(read(cisa / "notice.json"));
    CHECK(j["relay"] == true);
    CHECK(j["relay_for"] == "74.125.1.1");
    CHECK(j["cc"].empty());
    CHECK_THAT(r.out, Catch::Contains("To: report@cisa.gov  (a CSIRT, asked to relay)"));
    // X-ARF (schema version 3) with the facts of the incident: the other side's port, ours,
    // the real count, whether it goes on.
    auto xarf = json::parse(read(cisa / "xarf.json"));
    CHECK(xarf["Version"] == "3");
    CHECK(xarf["Disclosure"] == false);
    CHECK(xarf["Report"]["ReportType"] == "LoginAttack");
    CHECK(xarf["Report"]["SourceIp"] == "74.125.1.1");
    CHECK(xarf["Report"]["SourcePort"] == 40001); // from the log: "port 40001"
    CHECK(xarf["Report"]["DestinationPort"] == 22);
    CHECK(xarf["Report"]["Custom"]["Count"] == 2);           // two log lines show it
    CHECK(xarf["Report"]["Date"] == "2026-11-24T18:14:08Z"); // the last of them
    CHECK(xarf["Report"]["FirstSeen"] == "2026-11-24T18:14:07Z");
    CHECK(xarf["Report"]["Ongoing"] == false);
    CHECK(xarf["Report"]["ReporterCaseID"] == j["tracking"]);
    CHECK(xarf["ReporterInfo"]["ReporterOrgEmail"] == "csirt@example.jp");
    CHECK(xarf.dump().find("203.0.113") == std::string::npos);
    auto valid = validate_xarf(xarf_files_under(c.out));
    INFO(valid.second);
    CHECK(valid.first == 0);
}

TEST_CASE("X-ARF: every report type we write is valid against the published schemas, and the "
          "check can fail",
          "[cli][notice][xarf]") {
    Case c("", true, "xarf = true\ncc_csirt = false\n");
    // One event of each kind, all from the same network, so one recipient gets them all.
    std::string text = incident_text(true, "xarf = true\n");
    text = text.substr(0, text.find("[[event]]"));
    const char* kinds[] = {"login-attack", "port-scan", "ddos", "exploit", "web-crawler"};
    int n = 0;
    for (const char* kind : kinds)
        text += "[[event]]\ntime = \"2026-11-25 03:1" + std::to_string(n++) +
                ":07\"\nsource = \"74.125.1.1\"\nprotocol = \"tcp\"\nport = 443\n"
                "type = \"" +
                kind + "\"\ncount = 12\ndescription = \"seen\"\n";
    text += "[policy]\nxarf = true\ncc_csirt = false\nmax_recipients = 1\n";
    std::ofstream(c.incident, std::ios::trunc) << text;
    auto r = c.notice();
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    auto files = xarf_files_under(c.out);
    REQUIRE(files.size() == 5);
    std::set<std::string> types;
    for (const auto& f : files) {
        auto x = json::parse(read(f));
        types.insert(x["Report"]["ReportType"].get<std::string>());
        CHECK(x["Report"]["Custom"]["Count"] == 12);
    }
    CHECK(types ==
          std::set<std::string>{"LoginAttack", "PortScan", "DOS", "Exploit", "WebCrawler"});
    auto valid = validate_xarf(files);
    INFO(valid.second);
    CHECK(valid.first == 0);
    CHECK_THAT(valid.second, Catch::Contains("ok ") && !Catch::Contains("invalid"));

    // Yesterday's three faults, each one alone, are each caught.
    auto x = json::parse(read(files.front()));
    fs::path bad = c.dir / "bad";
    fs::create_directories(bad);
    auto faulty = x;
    faulty["Version"] = "4";
    std::ofstream(bad / "xarf-version.json") << faulty.dump();
    faulty = x;
    faulty.erase("Disclosure");
    std::ofstream(bad / "xarf-disclosure.json") << faulty.dump();
    faulty = x;
    faulty["Report"]["Ongoing"] = "No";
    std::ofstream(bad / "xarf-ongoing.json") << faulty.dump();
    for (const auto& f : xarf_files_under(bad)) {
        auto check = validate_xarf({f});
        INFO(check.second);
        CHECK(check.first == 1);
    }
}

TEST_CASE("notice: from evidence to notices, through extract --format incident", "[cli][notice]") {
    Case c;
    std::ofstream(c.config, std::ios::app) << "[site]\nprefixes = [\"203.0.113.0/24\"]\n"
                                              "domains = [\"corp.example.jp\"]\nhosts = [\"gw\"]\n";
    auto events = test::run_cli({"extract", "--format", "incident", "--config", c.config.string(),
                                 (c.dir / "auth.log").string()});
    REQUIRE(events.exit_code == 0);
    // Each indicator once, with its first and last time, its count, and what sshd's lines say:
    // TCP to our port 22.
    CHECK_THAT(events.out, Catch::Contains("time = \"Nov 25 03:14:07\"\nlast_seen = \"Nov 25 "
                                           "03:14:08\"\ncount = 2\nsource = \"74.125.1.1\"\n"
                                           "protocol = \"tcp\"\nport = 22\n"));
    CHECK_THAT(events.out, Catch::Contains("lines = \"1,2\""));
    // Ours is the context of the events, not one of them.
    CHECK_THAT(events.out, !Catch::Contains("source = \"203.0.113.10\"") &&
                               !Catch::Contains("source = \"gw.corp.example.jp\""));
    auto text =
        test::run_cli({"extract", "--config", c.config.string(), (c.dir / "auth.log").string()});
    CHECK_THAT(text.out,
               Catch::Contains("gw.corp.example.jp\tdomain\t") && Catch::Contains(":3\tours\n"));

    std::ofstream(c.incident) << "[reporter]\norganization = \"Example CSIRT\"\n"
                                 "email = \"csirt@example.jp\"\ntracking_prefix = \"EXCSIRT\"\n"
                                 "[clock]\nzone = \"Asia/Tokyo\"\n"
                              << events.out;
    auto r = c.notice();
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(c.notices().size() == 2);
    fs::path google = c.folder_for("arin-contact@google.com");
    REQUIRE_FALSE(google.empty());
    auto j = json::parse(read(google / "notice.json"));
    REQUIRE(j["events"].size() == 1);
    CHECK(j["events"][0]["count"] == 2);
    // [site] redacts without an incident [policy]: our host and address become labels.
    std::string logs = read(google / "logs.txt");
    CHECK_THAT(logs, !Catch::Contains(" gw ") && !Catch::Contains("203.0.113"));
}
