// Domains end to end: which registrable domain is asked about, and whom to tell.

#include "cli_runner.hpp"
#include "harness.hpp"
#include "world_control.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

using namespace renraku;
using nlohmann::json;

namespace {

std::string counting_config_with(const std::string& extra) {
    std::ifstream in(test::counting_world_config());
    std::stringstream text;
    text << in.rdbuf() << "\n" << extra;
    return test::write_temp_config(text.str()).string();
}

json lookup(const std::vector<std::string>& indicators, const std::string& sources,
            const std::string& config) {
    return test::lookup_json(indicators, sources, config);
}

} // namespace

TEST_CASE("a .com domain: the registrar's abuse contact first, as to", "[cli][domain]") {
    for (const char* rdap : {"true", "false"}) {
        INFO("rdap = " << rdap);
        auto config =
            test::write_temp_config(
                test::world_config_with(std::string("[sources.gtld]\nrdap = ") + rdap + "\n"))
                .string();
        auto r = lookup({"www.google.com"}, "gtld", config).at(0);
        const auto& first = r["contacts"].at(0);
        CHECK(first["email"] == "abusecomplaints@markmonitor.com");
        CHECK(first["role"] == "abuse");
        CHECK(first["recommend"] == "to");
        CHECK(first["evidence"].at(0)["source"] == "gtld");
        for (const auto& c : r["contacts"])
            if (c.value("email", "") == "whoisrequest@markmonitor.com")
                CHECK(c["recommend"] != "to");
    }
}

TEST_CASE("a URL, an e-mail address and an IDN ask about the right registrable domain",
          "[cli][domain][counting]") {
    auto config = counting_config_with("[sources.cctld]\nrdap = false\n"
                                       "servers = [\"uk=whois.nic.uk\", \"au=whois.auda.org.au\"]\n"
                                       "[sources.gtld]\nrdap = false\n");
    test::reset_whois_questions();
    auto results = lookup({"https://www.example.co.uk/path?x=1", "user@mail.example.com.au",
                           "bücher.com", "hxxps://shop[.]google[.]com/"},
                          "cctld,gtld", config);
    REQUIRE(results.size() == 4);
    CHECK(results[0]["type"] == "url");
    CHECK(results[1]["type"] == "email");
    CHECK(results[2]["type"] == "domain");
    auto asked = test::whois_questions();
    CHECK(asked["whois.nic.uk#count"] == std::vector<std::string>{"example.co.uk"});
    CHECK(asked["whois.auda.org.au#count"] == std::vector<std::string>{"example.com.au"});
    // The IDN is asked in punycode, and google.com once for the defanged URL.
    const auto& verisign = asked["whois.verisign-grs.com#count"];
    CHECK(std::set<std::string>(verisign.begin(), verisign.end()) ==
          std::set<std::string>{"xn--bcher-kva.com", "google.com"});
    CHECK(verisign.size() == 2);
    CHECK(results[3]["contacts"].at(0)["email"] == "abusecomplaints@markmonitor.com");
}

TEST_CASE("a .jp domain through the CLI, in English and in Japanese", "[cli][domain]") {
    auto en = lookup({"google.jp"}, "jprs", RENRAKU_TEST_WORLD_CONFIG).at(0);
    CHECK(en["contacts"].at(0)["email"] == "dns-admin@google.com");
    CHECK(en["contacts"].at(0)["role"] == "registrant");
    auto ja_config =
        test::write_temp_config(test::world_config_with("[sources.jprs]\nlanguage = \"ja\"\n"))
            .string();
    auto ja = lookup({"dns.jp"}, "jprs", ja_config).at(0);
    CHECK(ja["contacts"].at(0)["email"] == "dom-admin@jprs.co.jp");
    CHECK(ja["contacts"].at(0)["organization"] == "株式会社日本レジストリサービス");
}

TEST_CASE("an address in JP: the registry's contact to, JPCERT/CC cc", "[cli][csirt]") {
    auto config =
        test::write_temp_config(
            test::world_config_with(std::string("[sources.first]\nshipped = false\n"
                                                "teams_files = [\"") +
                                    RENRAKU_TEST_SOURCE_DIR + "/tests/data/csirts/teams.json\"]\n"))
            .string();
    auto r =
        lookup({"2001:240:10c:1::ca20:9d1d", "2001:43f8:7b0::1"}, "apnic,afrinic,first", config);
    const auto& jp = r.at(0);
    int to = 0;
    bool jpcert = false;
    for (const auto& c : jp["contacts"]) {
        if (c["recommend"] == "to") ++to;
        if (c["email"] == "info@jpcert.or.jp") {
            jpcert = true;
            CHECK(c["recommend"] == "cc");
            CHECK(c["role"] == "csirt");
            CHECK_FALSE(c.contains("pgp_fingerprint")); // the data has none
        }
    }
    CHECK(jpcert);
    // APNIC's record of this JPNIC block names only JPNIC's own contact (JNIC1-AP): never to.
    CHECK(to == 0);
    const auto& ke = r.at(1);
    bool said = false;
    for (const auto& n : ke["notes"])
        said = said || n.dump().find("no national CSIRT for country KE") != std::string::npos;
    CHECK(said);
}

TEST_CASE("the shipped CSIRT data has one date: the one `version` gives is the one a lookup says",
          "[cli][csirt]") {
    auto config = test::write_temp_config(test::world_config_with("")).string();
    auto version = test::run_cli({"version", "-c", config});
    auto at = version.out.find("csirts/teams.json  shipped, as of ");
    REQUIRE(at != std::string::npos);
    std::string day =
        version.out.substr(at + std::string("csirts/teams.json  shipped, as of ").size(), 10);
    auto r = lookup({"2001:240:10c:1::ca20:9d1d"}, "apnic,first", config);
    bool said = false;
    for (const auto& c : r.at(0)["contacts"])
        if (c["email"] == "info@jpcert.or.jp") // JPCERT/CC's entry records no date of its own
            for (const auto& cv : c["caveats"])
                said = said ||
                       cv.get<std::string>().find("as of " + day + ", the date of teams.json") !=
                           std::string::npos;
    CHECK(said);
}
