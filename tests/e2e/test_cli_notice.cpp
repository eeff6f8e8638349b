// renraku notice and feedback end to end: the test world answers the lookups, a real SMTP
// server on loopback (aiosmtpd) receives what is sent, and a throw-away OpenPGP key signs it.

#include "cli_runner.hpp"
#include "harness.hpp"
#include "notice/openpgp.hpp"

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace renraku;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
    return test::read_file(p);
}

fs::path temp_dir(const std::string& what) {
    static std::mt19937_64 rng{std::random_device{}()};
    fs::path d = fs::temp_directory_path() / ("renraku-" + what + "-" + std::to_string(rng() % 1000000000));
    fs::create_directories(d);
    return d;
}

// A shell command's output and exit status (for gpg, which the tests drive as a user would).
std::pair<int, std::string> run(const std::string& cmd) {
    std::string out;
    FILE* p = popen((cmd + " 2>&1").c_str(), "r");
    if (p == nullptr) return {-1, ""};
    char buf[4096];
    while (fgets(buf, sizeof buf, p) != nullptr)
        out += buf;
    int status = pclose(p);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
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
           "max_recipients = 2\nlanguages = [\"en\", \"ja\"]\n" + policy_extra;
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
        std::vector<std::string> args{"notice", "--incident", incident.string(), "--config",
                                      config.string(), "--out", out.string()};
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

// A real SMTP server on loopback that keeps every message in a maildir.
class SmtpServer {
  public:
    SmtpServer() {
        maildir_ = temp_dir("maildir") / "box"; // made by the server itself
        static std::mt19937 rng{std::random_device{}()};
        port_ = 20000 + static_cast<int>(rng() % 20000);
        pid_ = fork();
        if (pid_ == 0) {
            std::string listen = "127.0.0.1:" + std::to_string(port_);
            execl("/usr/bin/python3", "python3", "-m", "aiosmtpd", "-n", "-l", listen.c_str(), "-c",
                   "aiosmtpd.handlers.Mailbox", maildir_.c_str(), nullptr);
            _exit(127);
        }
        for (int i = 0; i < 100 && !listening(); ++i)
            usleep(50 * 1000);
    }
    ~SmtpServer() {
        kill(pid_, SIGTERM);
        waitpid(pid_, nullptr, 0);
    }
    int port() const { return port_; }
    std::vector<std::string> messages() const {
        std::vector<std::string> out;
        if (!fs::exists(maildir_ / "new")) return out;
        for (const auto& e : fs::directory_iterator(maildir_ / "new"))
            out.push_back(read(e.path()));
        return out;
    }
    bool listening() const {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<uint16_t>(port_));
        inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
        bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
        close(fd);
        return ok;
    }

  private:
    fs::path maildir_;
    int port_ = 0;
    pid_t pid_ = -1;
};

// A throw-away OpenPGP key in its own GnuPG home.
struct TestKey {
    fs::path home;
    std::string fingerprint;
    fs::path public_keyring;
    explicit TestKey(const std::string& uid) {
        home = temp_dir("gnupg");
        fs::permissions(home, fs::perms::owner_all, fs::perm_options::replace);
        auto gen = run("gpg --batch --homedir " + home.string() +
                       " --pinentry-mode loopback --passphrase '' --quick-gen-key '" + uid +
                       "' default default never");
        INFO(gen.second);
        REQUIRE(gen.first == 0);
        auto list = run("gpg --batch --homedir " + home.string() + " --with-colons --list-keys");
        std::istringstream in(list.second);
        std::string line;
        while (std::getline(in, line))
            if (line.rfind("fpr:", 0) == 0 && fingerprint.empty())
                fingerprint = line.substr(12, 40);
        REQUIRE(fingerprint.size() == 40);
        public_keyring = home / "public.gpg";
        run("gpg --batch --homedir " + home.string() + " --export > " + public_keyring.string());
    }
    ~TestKey() { run("gpgconf --homedir " + home.string() + " --kill gpg-agent"); }
};

// The signed part and the signature of a multipart/signed message, byte for byte.
std::pair<std::string, std::string> signed_parts(const std::string& message) {
    auto b = message.find("boundary=\"", message.find("multipart/signed"));
    if (b == std::string::npos) return {};
    b += 10;
    std::string boundary = "--" + message.substr(b, message.find('"', b) - b);
    auto first = message.find(boundary + "\r\n") + boundary.size() + 2;
    auto second = message.find("\r\n" + boundary + "\r\n", first);
    std::string part = message.substr(first, second - first);
    auto sig_start = message.find("-----BEGIN PGP SIGNATURE-----", second);
    auto sig_end = message.find("-----END PGP SIGNATURE-----", sig_start);
    std::string sig = message.substr(sig_start, sig_end + 27 - sig_start) + "\n";
    return {part, sig};
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
    CHECK(notices.count("EXCSIRT#00000001") == 1);
    CHECK(notices.count("EXCSIRT#00000002") == 1);

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
    CHECK_THAT(logs, Catch::Contains("for [user] from"));
    CHECK_THAT(logs, !Catch::Contains("root"));

    fs::path apnic = c.folder_for("helpdesk@apnic.net");
    REQUIRE_FALSE(apnic.empty());
    std::string alogs = read(apnic / "logs.txt");
    CHECK_THAT(alogs, Catch::Contains("1.1.1.1"));
    CHECK_THAT(alogs, !Catch::Contains("74.125.1.1"));
    CHECK_THAT(alogs, !Catch::Contains("203.0.113"));
    CHECK_THAT(alogs, !Catch::Contains("corp.example.jp"));
    CHECK_THAT(alogs, Catch::Contains("[our host 1] ([our address 1])"));

    for (const auto& dir : {google, apnic}) {
        std::string eml = read(dir / "message.eml");
        CHECK_THAT(eml, !Catch::Contains("203.0.113"));
        CHECK_THAT(eml, Catch::Contains("Content-Disposition: attachment; filename=\"events.csv\""));
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
    CHECK_THAT(r.out, Catch::Contains("warning: no telephone number of ours (reporter.phone)"));
    CHECK_THAT(r.out, Catch::Contains("warning: event 1: no port"));
    CHECK_THAT(r.out, Catch::Contains("warning: no OpenPGP key fingerprint of ours"));
    Case strict("", false);
    auto s = strict.notice({"--strict"});
    CHECK(s.exit_code == 2);
    CHECK_THAT(s.out, Catch::Contains("error: event 1: no port"));
    CHECK_THAT(s.err, Catch::Contains("fail the checklist"));
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
    CHECK_FALSE(fs::exists(c.out / "EXCSIRT#00000001"));
}

TEST_CASE("notice --send: an SMTP server on loopback receives each notice once",
          "[cli][notice][smtp]") {
    SmtpServer smtp;
    REQUIRE(smtp.listening());
    Case c("smtp_url = \"smtp://127.0.0.1:" + std::to_string(smtp.port()) +
           "\"\nsmtp_starttls = \"none\"\n");
    auto test_run = c.notice({"--send", "--test-to", "drill@example.jp"});
    INFO(test_run.err);
    REQUIRE(test_run.exit_code == 0);
    auto drills = smtp.messages();
    REQUIRE(drills.size() == 2);
    for (const auto& m : drills) {
        CHECK_THAT(m, Catch::Contains("X-RcptTo: drill@example.jp"));
        CHECK_THAT(m, !Catch::Contains("X-RcptTo: arin-contact"));
    }
    // A test run tells nobody: the real run goes ahead.
    auto real = c.notice({"--send"});
    INFO(real.err);
    REQUIRE(real.exit_code == 0);
    auto all = smtp.messages();
    REQUIRE(all.size() == 4);
    int to_google = 0;
    for (const auto& m : all)
        if (m.find("X-RcptTo: arin-contact@google.com, report@cisa.gov") != std::string::npos) {
            ++to_google;
            CHECK_THAT(m, Catch::Contains("To: arin-contact@google.com"));
            CHECK_THAT(m, Catch::Contains("Cc: report@cisa.gov"));
        }
    CHECK(to_google == 1);
    // Told once: not again within the policy's interval, unless asked.
    auto again = c.notice({"--send"});
    CHECK_THAT(again.out, Catch::Contains("skipped arin-contact@google.com: already told"));
    CHECK(smtp.messages().size() == 4);
}

TEST_CASE("notice: signed with our key (RFC 3156), and gpgv agrees", "[cli][notice][openpgp]") {
    TestKey key("Example CSIRT <csirt@example.jp>");
    Case c("signing_key = \"" + key.fingerprint + "\"\ngpg_home = \"" + key.home.string() + "\"\n");
    auto r = c.notice();
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("signed with " + key.fingerprint));
    std::string eml = read(c.folder_for("arin-contact@google.com") / "message.eml");
    CHECK_THAT(eml, Catch::Contains("Content-Type: multipart/signed; micalg=\"pgp-sha"));
    auto [part, sig] = signed_parts(eml);
    REQUIRE_FALSE(part.empty());
    fs::path d = temp_dir("verify");
    std::ofstream(d / "part", std::ios::binary) << part;
    std::ofstream(d / "part.asc") << sig;
    auto ok = run("gpgv --keyring " + key.public_keyring.string() + " " + (d / "part.asc").string() +
                  " " + (d / "part").string());
    INFO(ok.second);
    CHECK(ok.first == 0);
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

    REQUIRE(c.notice().exit_code == 0);
    std::string tracking;
    for (const auto& [t, j] : c.notices())
        if (j["recipient"] == "arin-contact@google.com") tracking = t;
    std::string dsn = read(fs::path(RENRAKU_TEST_SOURCE_DIR) / "tests/data/notice/dsn-bounce.eml");
    for (auto p = dsn.find("TRACKING"); p != std::string::npos; p = dsn.find("TRACKING"))
        dsn.replace(p, 8, tracking);
    std::ofstream(c.dir / "bounce.eml") << dsn;
    auto fb = test::run_cli({"feedback", "--config", c.config.string(), (c.dir / "bounce.eml").string()});
    CHECK(fb.exit_code == 0);
    CHECK_THAT(fb.out, Catch::Contains("1 bounced address(es), first arin-contact@google.com"));

    auto after = test::lookup_json({"74.125.1.1"}, "arin", c.config.string());
    bool seen = false;
    for (const auto& ct : after[0]["contacts"])
        if (ct.value("email", "") == "arin-contact@google.com") {
            seen = true;
            CHECK(ct["score"].get<double>() < score_before - 0.2);
            bool caveat = false;
            for (const auto& cv : ct["caveats"])
                caveat |= cv.get<std::string>().find("bounced on 2026-11-26 (our notice " +
                                                     tracking + "): status 5.1.1") !=
                          std::string::npos;
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
    auto xarf = json::parse(read(cisa / "xarf.json"));
    CHECK(xarf["Version"] == "4");
    CHECK(xarf["Report"]["SourceIp"] == "74.125.1.1");
    CHECK(xarf["Report"]["SourcePort"] == 22);
    CHECK(xarf["ReporterInfo"]["ReporterOrgEmail"] == "csirt@example.jp");
}

TEST_CASE("notice: from evidence to notices, through extract --format incident", "[cli][notice]") {
    Case c;
    auto events = test::run_cli({"extract", "--format", "incident", (c.dir / "auth.log").string()});
    REQUIRE(events.exit_code == 0);
    CHECK_THAT(events.out, Catch::Contains("time = \"Nov 25 03:14:07\"\nsource = \"74.125.1.1\""));
    std::ofstream(c.incident) << "[reporter]\norganization = \"Example CSIRT\"\n"
                                 "email = \"csirt@example.jp\"\ntracking_prefix = \"EXCSIRT\"\n"
                                 "[clock]\nzone = \"Asia/Tokyo\"\n"
                                 "[policy]\nredact = [\"203.0.113.0/24\", \"corp.example.jp\"]\n"
                              << events.out;
    auto r = c.notice();
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(c.notices().size() == 2);
    CHECK_THAT(r.out, Catch::Contains("warning: event 1: no protocol"));
}
