// After a bounce, the next party: a notice sent to a real SMTP server on loopback, a delivery
// report fed back, the next lookup's `to`, the follow-up drafted and sent under the same
// tracking number, the registry's inaccuracy report, and the ledger's states all the way.
// The network is the test world's synthetic RIPE answer for 195.20.30.0/24: an abuse mailbox
// and, below it, a technical one.

#include "cli_runner.hpp"
#include "harness.hpp"
#include "notice_world.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace renraku;
using namespace renraku::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const char* const kAbuse = "abuse@net-b.example";
const char* const kNoc = "noc@net-b.example";

struct FollowupCase {
    fs::path dir = temp_dir("followup");
    fs::path config = dir / "renraku.toml";
    fs::path incident = dir / "incident.toml";
    fs::path out = dir / "out";

    explicit FollowupCase(const SmtpServer& smtp) {
        std::ofstream(config) << test::world_config_text() << "\n[notice]\nledger = \""
                              << (dir / "ledger.sqlite").string() << "\"\n"
                              << smtp.notice_config();
        std::ofstream(dir / "auth.log")
            << "Nov 25 03:14:07 bastion sshd[7]: Failed password for root from 195.20.30.5 "
               "port 40001 ssh2\n";
        std::ofstream(incident)
            << "[reporter]\norganization = \"Example CSIRT\"\nname = \"Taro Yamada\"\n"
               "email = \"csirt@example.jp\"\nphone = \"+81-3-0000-0000\"\n"
               "tracking_prefix = \"EXCSIRT\"\n"
               "[clock]\nzone = \"Asia/Tokyo\"\nerror = \"within 1 s of NTP\"\n"
               "[[event]]\ntime = \"2026-11-25 03:14:07\"\nsource = \"195.20.30.5\"\n"
               "protocol = \"tcp\"\nport = 22\ndescription = \"SSH password attempts\"\n"
               "log = \"auth.log\"\nlines = \"1\"\n"
               "[policy]\ncc_csirt = false\n";
    }
    test::CliRun cli(std::vector<std::string> args) const {
        args.push_back("--config");
        args.push_back(config.string());
        return test::run_cli(args);
    }
    std::string to_of_lookup() const {
        auto j = test::lookup_json({"195.20.30.5"}, "ripe", config.string());
        for (const auto& c : j[0]["contacts"])
            if (c["recommend"] == "to") return c.value("email", "");
        return {};
    }
    json ledger() const {
        auto r = cli({"ledger", "--format", "json"});
        REQUIRE(r.exit_code == 0);
        return json::parse(r.out);
    }
    // The state of the hop `hop` of the case, from `renraku ledger`.
    std::string state_of(int hop, const std::string& kind) const {
        for (const auto& m : ledger())
            if (m["hop"] == hop && m["kind"] == kind) return m["state"];
        return "(none)";
    }
    // A delivery report for our notice `tracking` to `address` with `status`.
    fs::path dsn(const std::string& tracking, const std::string& address, const std::string& status,
                 const std::string& name) const {
        std::string text =
            test::read_file(fs::path(RENRAKU_TEST_SOURCE_DIR) / "tests/data/notice/dsn-bounce.eml");
        auto replace_all = [&](const std::string& from, const std::string& to) {
            for (auto p = text.find(from); p != std::string::npos;
                 p = text.find(from, p + to.size()))
                text.replace(p, from.size(), to);
        };
        replace_all("TRACKING", tracking);
        replace_all("arin-contact@google.com", address);
        replace_all("Status: 5.1.1", "Status: " + status);
        replace_all("550 5.1.1", (status[0] == '4' ? "452 " : "550 ") + status);
        if (status[0] == '4') replace_all("Action: failed", "Action: delayed");
        fs::path p = dir / name;
        std::ofstream(p) << text;
        return p;
    }
};

std::string only_tracking(const fs::path& out) {
    std::string t;
    for (const auto& e : fs::directory_iterator(out))
        t = e.path().filename().string();
    return t;
}

} // namespace

TEST_CASE("after a bounce, the next party: lookup, followup, the same tracking number, the "
          "inaccuracy report and the ledger all the way",
          "[cli][notice][followup][smtp]") {
    SmtpServer smtp;
    REQUIRE(smtp.listening());
    FollowupCase c(smtp);
    REQUIRE(c.to_of_lookup() == kAbuse);

    auto drafted = c.cli({"notice", "--incident", c.incident.string(), "--out", c.out.string()});
    INFO(drafted.out << drafted.err);
    REQUIRE(drafted.exit_code == 0);
    std::string tracking = only_tracking(c.out);
    REQUIRE_FALSE(tracking.empty());
    CHECK(c.state_of(0, "notice") == "drafted");
    REQUIRE(c.cli({"notice", "--send", c.out.string(), "--yes"}).exit_code == 0);
    CHECK(c.state_of(0, "notice") == "sent");
    REQUIRE(smtp.messages().size() == 1);
    // The first notice starts a thread: it answers nothing.
    const std::string first = smtp.messages()[0];
    CHECK_THAT(first, !Catch::Contains("In-Reply-To:") && !Catch::Contains("References:"));
    auto id_at = first.find("Message-ID: <");
    REQUIRE(id_at != std::string::npos);
    std::string first_id = first.substr(id_at + 12, first.find('>', id_at) - id_at - 11);

    // Nothing to follow up while the notice stands.
    auto early = c.cli({"followup", "--tracking", tracking, "--out", (c.dir / "early").string()});
    CHECK(early.exit_code == 1);
    CHECK_THAT(early.err + early.out, Catch::Contains("no follow-up for " + tracking));

    auto fb = c.cli({"feedback", c.dsn(tracking, kAbuse, "5.1.1", "bounce.eml").string()});
    CHECK(fb.exit_code == 0);
    CHECK_THAT(fb.out, Catch::Contains("accepted: bounced " + std::string(kAbuse)));
    CHECK(c.state_of(0, "notice") == "bounced");
    // The same report read twice counts once.
    auto twice = c.cli({"feedback", (c.dir / "bounce.eml").string()});
    CHECK_THAT(twice.out, Catch::Contains("already recorded: bounced"));

    // The next lookup's `to` for that scope is the alternative; the bounced mailbox stays in
    // sight, last, with why.
    CHECK(c.to_of_lookup() == kNoc);
    auto table = c.cli({"lookup", "-s", "ripe", "195.20.30.5"});
    CHECK_THAT(table.out, Catch::Contains("To: " + std::string(kNoc)));
    CHECK_THAT(table.out, Catch::Contains("alt  0.00   abuse  " + std::string(kAbuse)));
    CHECK_THAT(table.out,
               Catch::Contains("bounced on " + today_utc() + " (our notice " + tracking));

    // The follow-up: the same tracking number, the next hop, to the next contact, in our own
    // words (not the remote server's).
    fs::path fu = c.dir / "followup";
    auto f = c.cli({"followup", "--tracking", tracking, "--out", fu.string()});
    INFO(f.out << f.err);
    REQUIRE(f.exit_code == 0);
    CHECK_THAT(f.out, Catch::Contains("To: " + std::string(kNoc) +
                                      "  (the next contact of 195.20.30.0/24)"));
    fs::path hop1 = fu / (tracking + ".1");
    REQUIRE(fs::exists(hop1 / "message.txt"));
    auto nj = json::parse(test::read_file(hop1 / "notice.json"));
    CHECK(nj["tracking"] == tracking);
    CHECK(nj["recipient"] == kNoc);
    std::string text = test::read_file(hop1 / "message.txt");
    CHECK_THAT(text, Catch::StartsWith("Subject: [" + tracking + "]"));
    CHECK_THAT(text, Catch::Contains("below to " + std::string(kAbuse)));
    CHECK_THAT(text, Catch::Contains("the mailbox does not exist (status 5.1.1)"));
    CHECK_THAT(text, !Catch::Contains("The email account that you tried to reach"));
    CHECK_THAT(test::read_file(hop1 / "logs.txt"),
               Catch::Contains("195.20.30.5") && !Catch::Contains("bastion"));
    CHECK(c.state_of(1, "followup") == "drafted");

    // The registry published the mailbox that bounced: its inaccuracy report, with the bounce.
    fs::path form = fu / (tracking + ".inaccuracy");
    REQUIRE(fs::exists(form / "form.txt"));
    CHECK_THAT(test::read_file(form / "form.txt"),
               Catch::Contains(kAbuse) && Catch::Contains("195.20.30.0/24"));
    CHECK(test::read_file(form / "bounce.eml") == test::read_file(c.dir / "bounce.eml"));
    auto fj = json::parse(test::read_file(form / "form.json"));
    CHECK(fj["registry"] == "RIPE NCC");
    CHECK_THAT(fj["url"].get<std::string>(), Catch::StartsWith("https://www.ripe.net/"));
    CHECK(c.state_of(1000, "inaccuracy") == "drafted");

    // Sent as it stands, to the next party only, under the same number.
    auto sent = c.cli({"notice", "--send", fu.string(), "--yes"});
    INFO(sent.err);
    REQUIRE(sent.exit_code == 0);
    auto all = smtp.messages();
    REQUIRE(all.size() == 2);
    std::string to_noc =
        all[0].find("To: " + std::string(kNoc)) != std::string::npos ? all[0] : all[1];
    CHECK_THAT(to_noc, Catch::Contains("X-RcptTo: " + std::string(kNoc) + "\n") &&
                           Catch::Contains("X-Tracking-Number: " + tracking) &&
                           !Catch::Contains("RcptTo: " + std::string(kAbuse)));
    // In the same thread as the first notice, for the CSIRT in Cc and for us.
    CHECK_THAT(to_noc, Catch::Contains("In-Reply-To: " + first_id + "\n") &&
                           Catch::Contains("References: " + first_id + "\n"));
    CHECK(c.state_of(1, "followup") == "sent");
    CHECK(c.state_of(0, "notice") == "bounced");
    // The form is filed by hand, then marked.
    auto marked = c.cli({"ledger", "--submitted", tracking});
    CHECK(marked.exit_code == 0);
    CHECK(c.state_of(1000, "inaccuracy") == "submitted");
    auto bounced = c.cli({"ledger", "--state", "bounced", "--format", "json"});
    CHECK(json::parse(bounced.out).size() == 1);
}

TEST_CASE("a temporary failure once changes nothing, three in a row count as a bounce",
          "[cli][notice][followup][smtp]") {
    SmtpServer smtp;
    REQUIRE(smtp.listening());
    FollowupCase c(smtp);
    REQUIRE(
        c.cli({"notice", "--incident", c.incident.string(), "--out", c.out.string()}).exit_code ==
        0);
    std::string tracking = only_tracking(c.out);
    REQUIRE(c.cli({"notice", "--send", c.out.string(), "--yes"}).exit_code == 0);

    auto once = c.cli({"feedback", c.dsn(tracking, kAbuse, "4.2.2", "deferred-1.eml").string()});
    CHECK_THAT(once.out, Catch::Contains("accepted: deferred " + std::string(kAbuse)));
    CHECK(c.to_of_lookup() == kAbuse);
    CHECK(c.state_of(0, "notice") == "sent");
    auto none = c.cli({"followup", "--tracking", tracking, "--out", (c.dir / "none").string()});
    CHECK(none.exit_code == 1);

    // Two more reports (different messages: each names its own arrival).
    for (int i = 2; i <= 3; ++i) {
        fs::path p = c.dsn(tracking, kAbuse, "4.2.2", "deferred-" + std::to_string(i) + ".eml");
        std::string t = test::read_file(p);
        t.replace(t.find("09:59:58"), 8, "1" + std::to_string(i) + ":00:00");
        std::ofstream(p, std::ios::trunc) << t;
        CHECK_THAT(c.cli({"feedback", p.string()}).out, Catch::Contains("accepted: deferred"));
    }
    CHECK(c.to_of_lookup() == kNoc);
    auto f = c.cli({"followup", "--tracking", tracking, "--out", (c.dir / "fu").string()});
    INFO(f.out << f.err);
    CHECK(f.exit_code == 0);
    CHECK_THAT(f.out, Catch::Contains("To: " + std::string(kNoc)));
    CHECK(c.state_of(0, "notice") == "bounced");
    // Not a permanent bounce: no inaccuracy report for a mailbox that was full.
    CHECK_FALSE(fs::exists(c.dir / "fu" / (tracking + ".inaccuracy")));
    CHECK_THAT(
        test::read_file(c.dir / "fu" / (tracking + ".1") / "message.txt"),
        Catch::Contains("delivery failed again and again: the mailbox is full (status 4.2.2)"));
}
