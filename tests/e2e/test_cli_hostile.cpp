// What hostile data can make renraku send, end to end: registries of the test world serving
// hostile addresses (RDAP vCards and contact-uri, whois, FIRST's team data), a real SMTP server
// on loopback recording every transaction; forged bounces and replies fed to `feedback`.

#include "cli_runner.hpp"
#include "harness.hpp"
#include "notice_world.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

using namespace renraku;
using namespace renraku::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The header fields of a message, unfolded, names lower case.
std::vector<std::pair<std::string, std::string>> headers_of(const std::string& message) {
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t end = message.find("\r\n\r\n");
    if (end == std::string::npos) end = message.find("\n\n");
    std::string head = message.substr(0, end);
    std::size_t pos = 0;
    while (pos < head.size()) {
        std::size_t nl = head.find('\n', pos);
        std::string line = head.substr(pos, nl == std::string::npos ? nl : nl - pos);
        pos = nl == std::string::npos ? head.size() : nl + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !out.empty()) {
            out.back().second += " " + line.substr(1);
            continue;
        }
        auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string name = line.substr(0, colon);
        for (char& c : name)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.emplace_back(name, line.substr(colon + 1));
    }
    return out;
}

// Every address a header field names: what a mail client would read from it.
std::set<std::string> addresses_in(const std::vector<std::pair<std::string, std::string>>& h,
                                   const std::string& name) {
    std::set<std::string> out;
    static const std::regex address(R"(([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+))");
    for (const auto& [k, v] : h) {
        if (k != name) continue;
        // Quoted display names are not addresses.
        std::string unquoted = std::regex_replace(v, std::regex(R"("(\\.|[^"\\])*")"), "");
        for (std::sregex_iterator it(unquoted.begin(), unquoted.end(), address), e; it != e; ++it)
            out.insert((*it)[1]);
    }
    return out;
}

std::string incident_about(const std::vector<std::string>& sources) {
    std::string text = "[reporter]\norganization = \"Example CSIRT\"\nname = \"Taro Yamada\"\n"
                       "email = \"csirt@example.jp\"\ntracking_prefix = \"EXCSIRT\"\n"
                       "[clock]\nzone = \"Asia/Tokyo\"\nerror = \"within 1 s of NTP\"\n";
    for (const auto& s : sources)
        text += "[[event]]\ntime = \"2026-11-25 03:14:07\"\nsource = \"" + s +
                "\"\ndestination = \"203.0.113.10\"\nprotocol = \"tcp\"\nport = 22\n"
                "description = \"SSH password attempts\"\n";
    return text + "[policy]\nredact = [\"203.0.113.0/24\"]\nmax_recipients = 2\n";
}

// A folder with the shipped data, its national CSIRT for NL given a hostile address.
fs::path hostile_data(const std::string& team_email) {
    fs::path data = temp_dir("data");
    fs::copy(fs::path(RENRAKU_TEST_SOURCE_DIR) / "config" / "data", data,
             fs::copy_options::recursive);
    fs::path teams = data / "csirts" / "teams.json";
    auto j = json::parse(read_file(teams));
    for (auto& t : j)
        if (t["country"] == "NL") t["email"] = team_email;
    fs::remove(teams);
    std::ofstream(teams) << j.dump(2);
    return data;
}

struct World {
    fs::path dir = temp_dir("hostile");
    fs::path config = dir / "renraku.toml";
    fs::path out = dir / "out";

    World(const SmtpServer& smtp, const std::string& extra) {
        std::ofstream(config) << world_config_text() << "\n"
                              << extra << "\n[sources.dns_soa]\nenabled = false\n"
                              << "[sources.rfc2142]\nenabled = false\n"
                              << "[sources.security_txt]\nenabled = false\n"
                              << "[notice]\nledger = \"" << (dir / "ledger.sqlite").string()
                              << "\"\n"
                              << smtp.notice_config();
    }
    // Draft, then send the drafts as they stand; the draft run's failure is the answer.
    CliRun notice(const std::vector<std::string>& sources, const std::string& name = "incident") {
        fs::path incident = dir / (name + ".toml");
        std::ofstream(incident) << incident_about(sources);
        auto drafted = run_cli({"notice", "--incident", incident.string(), "--config",
                                config.string(), "--out", (out / name).string()});
        if (drafted.exit_code != 0) return drafted;
        auto sent = run_cli({"notice", "--send", (out / name).string(), "--config",
                             config.string(), "--yes"});
        sent.out = drafted.out + sent.out;
        sent.err = drafted.err + sent.err;
        return sent;
    }
};

} // namespace

TEST_CASE("hostile addresses from registries: each recipient gets exactly one RCPT TO, nothing "
          "else is sent",
          "[cli][notice][hostile]") {
    SmtpServer smtp;
    REQUIRE(smtp.listening());
    // FIRST's team data for NL, as a hostile copy would have it.
    fs::path data = hostile_data("cert@ncsc.nl>\r\nRCPT TO:<spy@evil.test>");
    World w(smtp, "[data]\ndir = \"" + data.string() + "\"\n");

    // RDAP vCards (195.20.40.0/24) and a registrar's contact-uri (hostile-uri.com).
    auto r = w.notice({"195.20.40.5", "hostile-uri.com"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    auto messages = smtp.messages();
    REQUIRE(messages.size() == 2); // one transaction per notice, none smuggled
    std::set<std::string> to_seen;
    for (const auto& m : messages) {
        auto h = headers_of(m);
        auto rcpt = addresses_in(h, "x-rcptto");
        REQUIRE(rcpt.size() == 1);
        to_seen.insert(*rcpt.begin());
        CHECK(addresses_in(h, "x-mailfrom") == std::set<std::string>{"csirt@example.jp"});
        CHECK(addresses_in(h, "to") == rcpt);
        CHECK(addresses_in(h, "cc").empty()); // the hostile CSIRT address is refused, not copied
        CHECK(addresses_in(h, "from") == std::set<std::string>{"csirt@example.jp"});
        CHECK(addresses_in(h, "bcc").empty());
        CHECK_THAT(m, !Catch::Contains("evil.test"));
        CHECK_THAT(m, !Catch::Contains("RCPT TO"));
        // The registry operator's desk is another party: not offered as the registrar's own.
        CHECK_THAT(m, !Catch::Contains("verisign.my.site.com"));
    }
    CHECK(to_seen == std::set<std::string>{"noc@hostile-net.test", "abuse@hostile-registrar.test"});
    // What was written is what was sent: the same headers on disk.
    for (const auto& e : fs::directory_iterator(w.out / "incident")) {
        std::string eml = read_file(e.path() / "message.eml");
        CHECK_THAT(eml, !Catch::Contains("evil.test"));
        auto h = headers_of(eml);
        CHECK(addresses_in(h, "to").size() == 1);
        CHECK(addresses_in(h, "cc").empty());
    }

    // The lookups say what they refused, and keep the lookalike as a mere alternative.
    auto j = lookup_json({"195.20.40.5", "hostile-uri.com"}, "ripe,gtld,first", w.config.string());
    std::string notes = j.dump();
    for (const char* said :
         {"line break in the address", "quoted local part", "longer than 254 octets",
          "IP address literal", "more than one address", "more than one @"})
        CHECK_THAT(notes, Catch::Contains(said));
    bool lookalike = false;
    for (const auto& c : j[0]["contacts"]) {
        std::string email = c.value("email", "");
        CHECK(email.find("evil.test") == std::string::npos);
        if (email.rfind("abuse@mail.xn--", 0) == 0) {
            lookalike = true;
            CHECK(c["recommend"] == "alt");
        }
        if (c["recommend"] == "to") CHECK(email == "noc@hostile-net.test");
        CHECK(c["recommend"] != "cc");
    }
    CHECK(lookalike);
    // The registrar's contact, and .com's registry operator's desk as the escalation.
    REQUIRE(j[1]["contacts"].size() == 2);
    CHECK(j[1]["contacts"][0]["email"] == "abuse@hostile-registrar.test");
    CHECK(j[1]["contacts"][1]["url"] == "https://verisign.my.site.com/DNSAbuse/");
    CHECK(j[1]["contacts"][1]["recommend"] == "alt");
}

TEST_CASE("hostile addresses in whois: the same rule, the same single recipient",
          "[cli][notice][hostile]") {
    SmtpServer smtp;
    REQUIRE(smtp.listening());
    World w(smtp, "[sources.ripe]\nrdap = false\n");
    auto r = w.notice({"195.20.41.5"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    auto messages = smtp.messages();
    REQUIRE(messages.size() == 1);
    auto h = headers_of(messages[0]);
    CHECK(addresses_in(h, "x-rcptto") == std::set<std::string>{"noc@hostile-whois.test"});
    CHECK(addresses_in(h, "to") == std::set<std::string>{"noc@hostile-whois.test"});
    CHECK_THAT(messages[0], !Catch::Contains("evil.test"));
}

TEST_CASE("our own addresses pass the same rule: a hostile From or reporter is refused",
          "[cli][notice][hostile]") {
    SmtpServer smtp;
    World w(smtp, "");
    std::ofstream(w.config, std::ios::app) << "from = \"CSIRT <csirt@example.jp>\\r\\nBcc: "
                                              "spy@evil.test\"\n";
    auto r = w.notice({"195.20.40.5"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("notice.from: not a mailbox"));
    CHECK(smtp.messages().empty());
}

TEST_CASE("forged feedback moves no score, a genuine bounce still does",
          "[cli][notice][feedback][hostile]") {
    SmtpServer smtp;
    REQUIRE(smtp.listening());
    World w(smtp, "");
    auto score_of = [&](const std::string& email) {
        auto j = lookup_json({"74.125.1.1"}, "arin", w.config.string());
        for (const auto& c : j[0]["contacts"])
            if (c.value("email", "") == email) return c["score"].get<double>();
        return -1.0;
    };
    const std::string to = "arin-contact@google.com";
    double before = score_of(to);
    REQUIRE(before > 0);
    REQUIRE(w.notice({"74.125.1.1"}).exit_code == 0);
    std::string tracking;
    for (const auto& e : fs::directory_iterator(w.out / "incident"))
        tracking = e.path().filename().string();
    REQUIRE_FALSE(tracking.empty());
    std::string dsn = read_file(fs::path(RENRAKU_TEST_SOURCE_DIR) / "tests/data/notice/dsn-bounce.eml");
    auto forged = [&](std::string text, const std::string& why) {
        fs::path file = w.dir / "forged.eml";
        std::ofstream(file, std::ios::trunc) << text;
        auto fb = run_cli({"feedback", "--config", w.config.string(), file.string()});
        INFO(fb.out << fb.err);
        CHECK(fb.exit_code == 1);
        CHECK_THAT(fb.out, Catch::Contains("ignored: " + why));
        CHECK(score_of(to) == before);
    };
    auto with = [](std::string text, const std::string& from, const std::string& to_text) {
        for (auto p = text.find(from); p != std::string::npos; p = text.find(from, p + to_text.size()))
            text.replace(p, from.size(), to_text);
        return text;
    };
    // No number of ours, a number never issued, a guessed one.
    forged(with(dsn, "TRACKING", "nothing"), "it quotes no tracking number or Message-ID");
    forged(with(dsn, "TRACKING", "EXCSIRT#00000099-ABCDEF"), "it quotes no tracking number");
    forged(with(dsn, "TRACKING", tracking.substr(0, 17) + "000000"), "it quotes no tracking number");
    // A real number, but a bounce of someone it did not go to.
    forged(with(with(dsn, "TRACKING", tracking), "rfc822; arin-contact@google.com",
                "rfc822; spy@evil.test"),
           "a bounce for spy@evil.test, who was not a recipient of " + tracking);
    // A reply from someone else, dated in 2099.
    std::string reply = read_file(fs::path(RENRAKU_TEST_SOURCE_DIR) / "tests/data/notice/reply.eml");
    forged(with(with(reply, "TRACKING", tracking), "Date: Thu, 27 Nov 2026", "Date: Thu, 27 Nov 2099"),
           "a reply about " + tracking + " from noc-person@apnic.example, who was not a recipient");

    // The genuine bounce still demotes the mailbox.
    fs::path genuine = w.dir / "bounce.eml";
    std::ofstream(genuine) << with(dsn, "TRACKING", tracking);
    auto fb = run_cli({"feedback", "--config", w.config.string(), genuine.string()});
    CHECK(fb.exit_code == 0);
    CHECK_THAT(fb.out, Catch::Contains("accepted: bounced " + to));
    CHECK(score_of(to) < before - 0.2);
}
