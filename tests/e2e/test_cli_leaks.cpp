// Nothing of ours leaves, nor anything of another recipient: a 330-line mixed log of a site
// (tests/data/notice/mixed.log: sshd, PAM, su, sudo, a web server with authenticated users and
// our domain in escaped query strings, postfix with SASL user names, our firewall, our short
// host names, RFC 1918 and documentation addresses, garbage) goes through extract -> notice ->
// --send to a real SMTP server on loopback. Every file of every draft and every message the
// server received is read for what is ours or another party's. Then a hand edit brings some
// back: the leak scan refuses, names file and line, and lets through only what is allowed.

#include "cli_runner.hpp"
#include "harness.hpp"
#include "notice_world.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

using namespace renraku;
using namespace renraku::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The three outside parties of the log, and whom the test world names for each.
const std::map<std::string, std::string> kPartyOf = {
    {"74.125.225.229", "arin-contact@google.com"},
    {"1.1.1.1", "helpdesk@apnic.net"},
    {"195.20.30.5", "abuse@net-b.example"},
};

// What is ours in the log: user names, host names, our domain, our addresses.
const char* const kOurs[] = {"taro.yamada",     "hanako",     "jiro",        "suzuki",
                             "webadmin",        "oracle",     "bastion",     "mx1",
                             "corp.example.jp", "203.0.113.", "192.168.10.", "10.0.0.5",
                             "user=root",       "USER=root",  "(to root)"};

// The first of `needles` in `text`, or "".
std::string first_of(const std::string& text, const std::vector<std::string>& needles) {
    for (const auto& n : needles)
        if (text.find(n) != std::string::npos) return n;
    return {};
}

struct Site {
    fs::path dir = temp_dir("leaks");
    fs::path config = dir / "renraku.toml";
    fs::path incident = dir / "incident.toml";
    fs::path out = dir / "out";

    explicit Site(const SmtpServer& smtp) {
        fs::copy_file(fs::path(RENRAKU_TEST_SOURCE_DIR) / "tests/data/notice/mixed.log",
                      dir / "mixed.log");
        std::ofstream(config) << test::world_config_text() << "\n[notice]\nledger = \""
                              << (dir / "ledger.sqlite").string() << "\"\n"
                              << smtp.notice_config()
                              << "[site]\nprefixes = [\"203.0.113.0/24\", \"192.168.10.0/24\", "
                                 "\"10.0.0.0/8\"]\ndomains = [\"corp.example.jp\"]\n"
                                 "hosts = [\"bastion\", \"mx1\", \"fw\"]\n";
    }
    test::CliRun cli(std::vector<std::string> args) const {
        args.push_back("--config");
        args.push_back(config.string());
        return test::run_cli(args);
    }
    // Every draft folder: recipient -> folder.
    std::map<std::string, fs::path> drafts() const {
        std::map<std::string, fs::path> out_by;
        for (const auto& e : fs::directory_iterator(out)) {
            auto j = json::parse(test::read_file(e.path() / "notice.json"));
            out_by[j["recipient"].get<std::string>()] = e.path();
        }
        return out_by;
    }
};

// What goes out of a draft folder: every file but our own record (notice.json), the message
// as a reader would see it.
std::map<std::string, std::string> outgoing(const fs::path& folder) {
    std::map<std::string, std::string> files;
    for (const auto& e : fs::directory_iterator(folder)) {
        std::string name = e.path().filename().string();
        if (name == "notice.json") continue;
        std::string text = test::read_file(e.path());
        files[name] = name == "message.eml" ? readable_message(text) : text;
    }
    return files;
}

// Nothing of ours, nor of the other parties, in `text` (sent to the party of `indicator`).
void check_clean(const std::string& where, const std::string& text, const std::string& indicator) {
    std::vector<std::string> forbidden(std::begin(kOurs), std::end(kOurs));
    for (const auto& [other, party] : kPartyOf)
        if (other != indicator) forbidden.push_back(other);
    INFO(where);
    CHECK(first_of(text, forbidden).empty());
    // The syslog host field of our firewall ("fw") is a label too.
    CHECK(text.find(" fw kernel") == std::string::npos);
}

} // namespace

TEST_CASE("a 330-line mixed log: no outgoing file and no received message holds anything of "
          "ours or of another recipient",
          "[cli][notice][leaks][smtp]") {
    SmtpServer smtp;
    REQUIRE(smtp.listening());
    Site site(smtp);

    auto events = site.cli({"extract", "--format", "incident", (site.dir / "mixed.log").string()});
    INFO(events.err);
    REQUIRE(events.exit_code == 0);
    for (const auto& [indicator, party] : kPartyOf)
        CHECK_THAT(events.out, Catch::Contains("source = \"" + indicator + "\""));
    // Ours is context, never an event of its own.
    CHECK_THAT(events.out, !Catch::Contains("corp.example.jp") && !Catch::Contains("192.168.10."));
    std::ofstream(site.incident)
        << "[reporter]\norganization = \"Example CSIRT\"\nname = \"Taro Yamada\"\n"
           "email = \"csirt@example.jp\"\nphone = \"+81-3-0000-0000\"\n"
           "tracking_prefix = \"EXCSIRT\"\n[clock]\nzone = \"Asia/Tokyo\"\n"
           "error = \"within 1 s of NTP\"\n[policy]\nxarf = true\ncc_csirt = true\n"
        << events.out;

    auto drafted =
        site.cli({"notice", "--incident", site.incident.string(), "--out", site.out.string()});
    INFO(drafted.out << drafted.err);
    REQUIRE(drafted.exit_code == 0);
    CHECK_THAT(drafted.err, Catch::Contains("leak scan: 0 findings"));
    auto drafts = site.drafts();
    REQUIRE(drafts.size() == kPartyOf.size());
    for (const auto& [indicator, party] : kPartyOf) {
        REQUIRE(drafts.count(party) == 1);
        auto files = outgoing(drafts[party]);
        REQUIRE(files.count("logs.txt") == 1);
        // The evidence is there: the party's own address, the log lines, redacted.
        CHECK_THAT(files["logs.txt"],
                   Catch::Contains(indicator) && Catch::Contains("[our host 1]"));
        for (const auto& [name, text] : files)
            check_clean(party + " " + name, text, indicator);
        // The labels are our record, not in what is sent.
        auto meta = json::parse(test::read_file(drafts[party] / "notice.json"));
        CHECK_FALSE(meta["redactions"].empty());
    }
    // Each user name became a label: sshd, PAM, su, sudo (and its home folder), the web
    // server's authenticated user, postfix's SASL user name, our host in escaped URLs.
    std::string google = test::read_file(drafts["arin-contact@google.com"] / "logs.txt");
    CHECK_THAT(google, Catch::Contains("Failed password for [user 1] from 74.125.225.229"));
    CHECK_THAT(google, Catch::Contains("logname=[user 1] uid=1000"));
    CHECK_THAT(google, Catch::Contains("74.125.225.229 - [user 2] [25/Nov/2026"));
    CHECK_THAT(google, Catch::Contains("next=https://[our host 2]/home"));
    std::string netb = test::read_file(drafts["abuse@net-b.example"] / "logs.txt");
    CHECK_THAT(netb, Catch::Contains("sudo:   [user 2] : TTY=pts/1 ; PWD=/home/[user 2] ;"));
    CHECK_THAT(netb, Catch::Contains("sasl_username=[our mailbox 1]"));
    std::string apnic = test::read_file(drafts["helpdesk@apnic.net"] / "logs.txt");
    CHECK_THAT(apnic, Catch::Contains("Invalid user [user 1] from 1.1.1.1"));
    CHECK_THAT(apnic, Catch::Contains("DST=[our address 1]") &&
                          Catch::Contains("internal [our address 2], gateway [our host 3]"));
    // X-ARF: valid, and clean too (checked above with the other files).
    auto valid = validate_xarf(xarf_files_under(site.out));
    INFO(valid.second);
    CHECK(valid.first == 0);

    // Sent: what the server received is as clean, recipient by recipient.
    auto sent = site.cli({"notice", "--send", site.out.string(), "--yes"});
    INFO(sent.err);
    REQUIRE(sent.exit_code == 0);
    auto received = smtp.messages();
    REQUIRE(received.size() == kPartyOf.size());
    std::set<std::string> reached;
    for (const auto& m : received) {
        std::string indicator;
        for (const auto& [ind, party] : kPartyOf)
            if (m.find("X-RcptTo: " + party) != std::string::npos) {
                indicator = ind;
                reached.insert(party);
            }
        REQUIRE_FALSE(indicator.empty());
        std::string readable = readable_message(m);
        // The decoded body and attachments are read, not only the headers.
        CHECK_THAT(readable, Catch::Contains("mixed.log:") && Catch::Contains("[our host 1]"));
        check_clean("received by " + kPartyOf.at(indicator), readable, indicator);
    }
    CHECK(reached.size() == kPartyOf.size());
}

TEST_CASE("the leak scan refuses a hand edit that brings ours back, names file and line, and "
          "lets through only what is allowed",
          "[cli][notice][leaks][smtp]") {
    SmtpServer smtp;
    REQUIRE(smtp.listening());
    Site site(smtp);
    auto events = site.cli({"extract", "--format", "incident", (site.dir / "mixed.log").string()});
    REQUIRE(events.exit_code == 0);
    std::ofstream(site.incident)
        << "[reporter]\norganization = \"Example CSIRT\"\nemail = \"csirt@example.jp\"\n"
           "tracking_prefix = \"EXCSIRT\"\n[clock]\nzone = \"Asia/Tokyo\"\n[policy]\n"
           "cc_csirt = false\n"
        << events.out;
    REQUIRE(site.cli({"notice", "--incident", site.incident.string(), "--out", site.out.string()})
                .exit_code == 0);
    fs::path google = site.drafts()["arin-contact@google.com"];
    REQUIRE_FALSE(google.empty());
    std::string text = test::read_file(google / "message.txt");
    std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    // The responder adds a line that names one of ours and one of our addresses.
    std::ofstream(google / "message.txt", std::ios::app)
        << "P.S. taro.yamada saw it first, from 203.0.113.10.\n";
    std::string where = (google / "message.txt").string() + ":" + std::to_string(lines + 1) + ": ";

    auto refused = site.cli({"notice", "--send", site.out.string(), "--yes"});
    CHECK(refused.exit_code == 2);
    CHECK_THAT(refused.err, Catch::Contains("leak scan: " + where +
                                            "taro.yamada: replaced by a "
                                            "label when the draft was written"));
    CHECK_THAT(refused.err, Catch::Contains("leak scan: " + where + "203.0.113.10: ours"));
    CHECK_THAT(refused.err, Catch::Contains("held back by the leak scan: 2 findings in 1 draft"));
    CHECK(smtp.messages().empty()); // nothing at all while a finding stands

    // One allowed, one still standing: still nothing sent.
    auto half =
        site.cli({"notice", "--send", site.out.string(), "--yes", "--allow", "taro.yamada"});
    CHECK(half.exit_code == 2);
    CHECK_THAT(half.err,
               !Catch::Contains(where + "taro.yamada") && Catch::Contains(where + "203.0.113.10"));
    CHECK(smtp.messages().empty());

    auto allowed = site.cli({"notice", "--send", site.out.string(), "--yes", "--allow",
                             "taro.yamada", "--allow", "203.0.113.10"});
    INFO(allowed.err);
    REQUIRE(allowed.exit_code == 0);
    CHECK_THAT(allowed.err, Catch::Contains("allowed as it is: taro.yamada") &&
                                Catch::Contains("allowed as it is: 203.0.113.10"));
    bool with_edit = false;
    for (const auto& m : smtp.messages())
        with_edit |= readable_message(m).find(
                         "P.S. taro.yamada saw it first, from 203.0.113.10.") != std::string::npos;
    CHECK(with_edit);
}

TEST_CASE("what is ours is never looked up as another party", "[cli][leaks]") {
    fs::path dir = temp_dir("ours");
    fs::path config = dir / "renraku.toml";
    std::ofstream(config) << test::world_config_text()
                          << "\n[site]\nprefixes = [\"74.125.0.0/16\"]\ndomains = "
                             "[\"corp.example.jp\"]\nhosts = [\"mx1\"]\n";
    auto r = test::run_cli({"lookup", "--config", config.string(), "-s", "arin,apnic", "-f", "json",
                            "74.125.1.1", "1.1.1.1"});
    INFO(r.out << r.err);
    auto j = json::parse(r.out);
    REQUIRE(j.size() == 2);
    for (const auto& res : j) {
        if (res["indicator"] != "74.125.1.1") {
            CHECK_FALSE(res["contacts"].empty()); // another's: looked up
            continue;
        }
        CHECK(res["contacts"].empty());
        bool said = false;
        for (const auto& n : res["notes"])
            said |= n["message"].get<std::string>().find("is ours ([site] in the config): not "
                                                         "looked up") != std::string::npos;
        CHECK(said);
    }
    // From free text: ours is marked by the extraction and left out, and said so.
    std::ofstream(dir / "notes.txt")
        << "seen from 74.125.9.9 and 1.1.1.1 via mx1.corp.example.jp\n";
    auto ex = test::run_cli({"lookup", "--config", config.string(), "-s", "arin,apnic", "-f",
                             "json", "--extract", (dir / "notes.txt").string()});
    INFO(ex.err);
    auto ej = json::parse(ex.out);
    CHECK(ej.size() == 1);
    CHECK(ej[0]["indicator"] == "1.1.1.1");
    CHECK_THAT(ex.err, Catch::Contains("2 of ours ([site])"));
}
