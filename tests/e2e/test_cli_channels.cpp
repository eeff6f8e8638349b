// Trust of the channel, end to end: every evidence entry says how it travelled (DNS with its
// DNSSEC verdict, verified HTTPS with the certificate, clear-text whois, shipped data); a
// contact from a DNSSEC-bogus answer (a broken or an expired signature in the signed test
// world) is never a recipient; validation off says "indeterminate"; and a notice can require
// that its recipient rests on an authenticated channel.

#include "cli_runner.hpp"
#include "harness.hpp"
#include "notice_world.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

using namespace renraku;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const json* contact(const json& result, const std::string& email) {
    for (const auto& c : result["contacts"])
        if (c.value("email", "") == email) return &c;
    return nullptr;
}

const json* evidence_of(const json& c, const std::string& source) {
    for (const auto& e : c["evidence"])
        if (e.value("source", "") == source) return &e;
    return nullptr;
}

bool has(const json& list, const std::string& part) {
    for (const auto& v : list)
        if (v.get<std::string>().find(part) != std::string::npos) return true;
    return false;
}

// The world's config as a file, with `from` replaced by `to` in it.
fs::path config_replacing(const std::string& name, const std::string& from, const std::string& to) {
    std::string text = test::world_config_text();
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    fs::path file = test::temp_dir(name) / "renraku.toml";
    std::ofstream(file) << text;
    return file;
}

} // namespace

TEST_CASE("DNS evidence carries its DNSSEC verdict, and a forged or expired answer is never a "
          "recipient",
          "[cli][dnssec]") {
    auto results = test::lookup_json({"example.test", "unsigned.test", "bogus.test", "expired.test"},
                                     "dns_soa", RENRAKU_TEST_WORLD_CONFIG);
    REQUIRE(results.size() == 4);
    // Signed under the world's root: secure, with the zone's serial.
    const json* secure = contact(results[0], "hostmaster@example.test");
    REQUIRE(secure != nullptr);
    const json* ev = evidence_of(*secure, "dns_soa");
    REQUIRE(ev != nullptr);
    CHECK((*ev)["transport"] == "dns");
    CHECK((*ev)["dnssec"] == "secure");
    CHECK((*ev)["serial"] == "2026112501");
    CHECK((*secure)["recommend"] == "to");
    // Delegated without DS: insecure, and still a recipient.
    const json* insecure = contact(results[1], "hostmaster@unsigned.test");
    REQUIRE(insecure != nullptr);
    CHECK((*evidence_of(*insecure, "dns_soa"))["dnssec"] == "insecure");
    CHECK((*insecure)["recommend"] == "to");
    // A changed signature, and signatures that ended in 2020: bogus, said why, never to or cc.
    for (const auto& [result, email, why] :
         {std::tuple{results[2], "forged-contact@bogus.test", "signature verification failed"},
          std::tuple{results[3], "stale-contact@expired.test", "signature expired"}}) {
        const json* c = contact(result, email);
        REQUIRE(c != nullptr);
        INFO(c->dump(2));
        const json* e = evidence_of(*c, "dns_soa");
        CHECK((*e)["dnssec"] == "bogus");
        CHECK_THAT((*e)["dnssec_reason"].get<std::string>(), Catch::Contains(why));
        CHECK((*c)["recommend"] == "alt");
        CHECK(has((*c)["caveats"], "failed DNSSEC validation"));
        CHECK(has((*c)["caveats"], "it may be forged; not a recipient"));
    }
}

TEST_CASE("validation off: every DNS verdict is indeterminate, and the bogus zone's contact is "
          "not caught",
          "[cli][dnssec]") {
    auto config =
        config_replacing("dnssec-off", "dnssec = \"validate\"", "dnssec = \"off\"");
    auto results = test::lookup_json({"example.test", "bogus.test"}, "dns_soa", config.string());
    const json* c = contact(results[0], "hostmaster@example.test");
    REQUIRE(c != nullptr);
    CHECK((*evidence_of(*c, "dns_soa"))["dnssec"] == "indeterminate");
    // Without validation nothing tells the forged answer apart: the reason to keep it on.
    const json* forged = contact(results[1], "forged-contact@bogus.test");
    REQUIRE(forged != nullptr);
    CHECK((*evidence_of(*forged, "dns_soa"))["dnssec"] == "indeterminate");
    CHECK((*forged)["recommend"] == "to");
}

TEST_CASE("an anchor the servers lead nowhere near: said once on stderr, answers indeterminate",
          "[cli][dnssec]") {
    // The real root's key over the world's own root: no chain can be built at all.
    std::string world = test::world_config_text();
    auto at = world.find("dnssec_trust_anchor_file");
    REQUIRE(at != std::string::npos);
    auto config = config_replacing("dnssec-real-root", world.substr(at, world.find('\n', at) - at),
                                   "dnssec_trust_anchor_file = \"/usr/share/dns/root.key\"");
    auto run = test::run_cli({"lookup", "--config", config.string(), "--format", "json",
                              "--sources", "dns_soa", "example.test", "bogus.test"});
    INFO(run.err);
    auto first = run.err.find("no chain of trust from the trust anchor");
    REQUIRE(first != std::string::npos);
    CHECK(run.err.find("no chain of trust", first + 1) == std::string::npos); // once
    CHECK_THAT(run.err, Catch::Contains("network.dnssec_trust_anchor_file"));
    CHECK_THAT(run.err, Catch::Contains("network.dnssec = \"off\""));
    auto results = json::parse(run.out);
    REQUIRE(results.size() == 2);
    for (const auto& r : results)
        for (const auto& c : r["contacts"])
            for (const auto& e : c["evidence"])
                CHECK(e["dnssec"] == "indeterminate");
}

TEST_CASE("HTTPS evidence says the certificate was verified, and whose, whois says clear text, "
          "and is marked where RDAP was there to use",
          "[cli][dnssec]") {
    auto rdap = test::lookup_json({"74.125.1.1"}, "arin", RENRAKU_TEST_WORLD_CONFIG);
    REQUIRE_FALSE(rdap[0]["contacts"].empty());
    for (const auto& c : rdap[0]["contacts"]) {
        const json* e = evidence_of(c, "arin");
        REQUIRE(e != nullptr);
        CHECK((*e)["transport"] == "https");
        CHECK((*e)["tls_verified"] == true);
        CHECK_THAT((*e)["tls_subject"].get<std::string>(), Catch::Contains("renraku test world"));
        CHECK((*e).contains("tls_issuer"));
    }
    // The same registry asked over port 43 only: clear text, though it serves RDAP.
    auto whois_only = test::world_config_with("[sources.arin]\nrdap = false\n");
    fs::path file = test::temp_dir("whois-only") / "renraku.toml";
    std::ofstream(file) << whois_only;
    auto run = test::run_cli({"lookup", "--config", file.string(), "--format", "json", "--explain",
                              "--sources", "arin", "74.125.1.1"});
    INFO(run.out << run.err);
    auto whois = json::parse(run.out)[0];
    REQUIRE_FALSE(whois["contacts"].empty());
    for (const auto& c : whois["contacts"]) {
        CHECK((*evidence_of(c, "arin"))["transport"] == "whois");
        CHECK(has(c["caveats"], "read over clear-text whois although the registry serves RDAP"));
    }
    // Shipped data says its file and date.
    auto data = test::lookup_json({"example.jp"}, "first", RENRAKU_TEST_WORLD_CONFIG);
    bool seen = false;
    for (const auto& c : data[0]["contacts"]) {
        const json* e = evidence_of(c, "first");
        if (e == nullptr) continue;
        seen = true;
        CHECK((*e)["transport"] == "data");
        CHECK_FALSE((*e)["data_file"].get<std::string>().empty());
    }
    CHECK(seen);
}

TEST_CASE("lookup -v shows the channel of each question and of each contact's evidence",
          "[cli][dnssec]") {
    auto run = test::run_cli({"lookup", "--config", RENRAKU_TEST_WORLD_CONFIG, "-v", "--sources",
                              "dns_soa", "bogus.test", "example.test"});
    INFO(run.out << run.err);
    CHECK_THAT(run.err, Catch::Contains("\"SOA example.test\" -> ok, 1 record(s), DNSSEC secure"));
    CHECK_THAT(run.err, Catch::Contains("\"SOA bogus.test\" -> ok, 1 record(s), DNSSEC bogus "
                                        "(validation failure"));
    CHECK_THAT(run.out, Catch::Contains("via dns_soa: dns, DNSSEC secure  127.0.0.1:5353 "
                                        "example.test SOA"));
    CHECK_THAT(run.out, Catch::Contains("via dns_soa: dns, DNSSEC bogus"));
}

TEST_CASE("a notice lists the channels its recipient rests on, and require_authenticated refuses "
          "one that rests on none, with --strict",
          "[cli][dnssec][notice]") {
    fs::path dir = test::temp_dir("channel-notice");
    std::ofstream(dir / "auth.log")
        << "Nov 30 09:12:44 bastion sshd[4242]: Failed password for root from 192.0.2.130 port "
           "50222 ssh2\n";
    auto incident = [&](bool require) {
        std::ofstream(dir / "incident.toml")
            << "[reporter]\norganization = \"Example CSIRT\"\nname = \"Taro Yamada\"\n"
               "email = \"csirt@example.jp\"\nphone = \"+81-3-0000-0000\"\n"
               "pgp_fingerprint = \"0123 4567 89AB CDEF 0123  4567 89AB CDEF 0123 4567\"\n"
               "tracking_prefix = \"EXCSIRT\"\n"
               "[clock]\nzone = \"Asia/Tokyo\"\nerror = \"within 1 s of NTP\"\n"
               "[[event]]\ntime = \"2026-11-30 09:12:44\"\nsource = \"192.0.2.130\"\n"
               "destination = \"203.0.113.5\"\nprotocol = \"tcp\"\nport = 22\n"
               "description = \"SSH password guessing\"\nlog = \"auth.log\"\n"
               "[policy]\nredact = [\"203.0.113.0/24\"]\ncc_csirt = false\n"
            << (require ? "require_authenticated = true\n" : "");
    };
    fs::path config = dir / "renraku.toml";
    std::ofstream(config) << test::world_config_text() << "\n[notice]\nledger = \""
                          << (dir / "ledger.sqlite").string() << "\"\n";
    // 192.0.2.130's `to` is the customer's classless reverse zone's SOA: delegated without DS.
    incident(false);
    fs::path out = dir / "out";
    auto r = test::run_cli({"notice", "--incident", (dir / "incident.toml").string(), "--config",
                            config.string(), "--out", out.string()});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    std::vector<fs::path> folders;
    for (const auto& e : fs::directory_iterator(out))
        folders.push_back(e.path());
    REQUIRE(folders.size() == 1);
    auto meta = json::parse(test::read_file(folders[0] / "notice.json"));
    CHECK(meta["recipient"] == "noc@customer.test");
    REQUIRE_FALSE(meta["evidence"].empty());
    const json* soa = nullptr;
    for (const auto& e : meta["evidence"]) {
        if (e["source"] == "dns_soa") soa = &e;
        CHECK(e["authenticated"] == false);
    }
    REQUIRE(soa != nullptr);
    CHECK((*soa)["transport"] == "dns");
    CHECK((*soa)["dnssec"] == "insecure");
    CHECK(meta["authenticated"] == false);

    incident(true);
    auto strict = test::run_cli({"notice", "--incident", (dir / "incident.toml").string(),
                                 "--config", config.string(), "--out", (dir / "strict").string(),
                                 "--strict"});
    INFO(strict.out << strict.err);
    CHECK(strict.exit_code == 2);
    CHECK_THAT(strict.err, Catch::Contains("noc@customer.test rests on no authenticated channel"));
    CHECK_FALSE(fs::exists(dir / "strict"));
}

TEST_CASE("every source says how its evidence travelled", "[cli][dnssec]") {
    // One indicator or more for each source: RIRs over RDAP, JPRS over whois, ccTLD and gTLD
    // registries, the SOA, the RFC 2142 mailboxes, security.txt, FIRST's data, a platform.
    auto results = test::lookup_json(
        {"74.125.1.1", "2001:240:10c:1::ca20:9d1d", "133.1.2.5", "google.jp", "google.fi",
         "www.example.test", "sectxt-valid.test", "https://victim.blogspot.com/x"},
        "arin,apnic,jpnic,jprs,cctld,gtld,dns_soa,rfc2142,security_txt,first,platform",
        RENRAKU_TEST_WORLD_CONFIG);
    const std::set<std::string> transports = {"https", "http", "whois", "dns", "data"};
    std::set<std::string> sources_seen;
    for (const auto& r : results)
        for (const auto& c : r["contacts"])
            for (const auto& e : c["evidence"]) {
                INFO(e.dump());
                sources_seen.insert(e["source"].get<std::string>());
                REQUIRE(e.contains("transport"));
                CHECK(transports.count(e["transport"].get<std::string>()) == 1);
                if (e["transport"] == "dns") CHECK(e.contains("dnssec"));
                if (e["transport"] == "https") CHECK(e["tls_verified"] == true);
                if (e["transport"] == "data") CHECK(e.contains("data_file"));
            }
    for (const char* s : {"arin", "apnic", "jprs", "cctld", "dns_soa", "rfc2142", "security_txt",
                          "first", "platform"}) {
        INFO(s << " missing; errors: " << [&] {
            std::string all;
            for (const auto& r : results) all += r["errors"].dump();
            return all;
        }());
        CHECK(sources_seen.count(s) == 1);
    }
}
