#include "cli_runner.hpp"
#include "harness.hpp"
#include "world_control.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace renraku;
using nlohmann::json;

namespace {

const std::string kRegistries = "arin,ripe,apnic,lacnic,afrinic,jpnic";

json lookup_json(const std::vector<std::string>& indicators,
                 const std::string& sources = kRegistries,
                 const std::string& config = RENRAKU_TEST_WORLD_CONFIG) {
    return test::lookup_json(indicators, sources, config);
}

} // namespace

TEST_CASE("the registry's abuse contact comes first, as to, for each RIR and JPNIC",
          "[cli][registry]") {
    struct Case {
        const char* indicator;
        const char* email;
        const char* server;
        const char* object;
    };
    const Case cases[] = {
        {"74.125.225.229", "arin-contact@google.com", "rdap.arin.net", "NET-74-125-0-0-1"},
        {"2606:4700:4700::1111", "abuse@cloudflare.com", "rdap.arin.net", "NET6-2606-4700-1"},
        {"AS13335", "abuse@cloudflare.com", "rdap.arin.net", "AS13335"},
        {"1.1.1.1", "helpdesk@apnic.net", "rdap.apnic.net", "1.1.1.0 - 1.1.1.255"},
        {"61.181.2.38", "hqs-ipabuse@chinaunicom.cn", "rdap.apnic.net",
         "61.181.0.0 - 61.181.255.255"},
        {"194.85.61.205", "ip-dbm-request@ripn.net", "rdap.db.ripe.net",
         "194.85.61.0 - 194.85.61.255"},
        {"200.57.141.161", "operacion.redes@triara.com", "rdap.lacnic.net", "200.57.141.161"},
        {"2a00:2381:ffff::1", "protect@bt.com", "whois.ripe.net:43", ""},
        {"2001:4860:4860::8888", "arin-contact@google.com", "rdap.arin.net", "NET6-2001-4860-1"},
        {"196.11.240.215", "abuse@mtnbusiness.co.za", "whois.afrinic.net:43", "NET-196-11-239-0"},
        {"2801:10:c000::", "", "rdap.lacnic.net", ""},
        {"AS701", "abuse-mail@verizonbusiness.com", "rdap.arin.net", "AS701"},
        {"133.1.2.5", "synthetic-contact@example.jp", "whois.nic.ad.jp:43", "MY22537JP"},
    };
    std::vector<std::string> inputs;
    for (const auto& c : cases)
        inputs.push_back(c.indicator);
    auto results = lookup_json(inputs);
    REQUIRE(results.size() == inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        INFO(cases[i].indicator);
        const auto& first = results[i]["contacts"].at(0);
        CHECK(first["recommend"] == "to");
        CHECK(first["role"] == (std::string(cases[i].indicator) == "133.1.2.5" ? "tech" : "abuse"));
        if (*cases[i].email != '\0') CHECK(first["email"] == cases[i].email);
        bool named = false;
        for (const auto& e : first["evidence"])
            named |= e["server"] == cases[i].server &&
                     (*cases[i].object == '\0' || e["object"] == cases[i].object);
        CHECK(named);
    }
    // JPNIC's own mailbox on APNIC's record is there, but never to.
    for (const auto& c : results.back()["contacts"])
        if (c["email"] == "hostmaster@nic.ad.jp") CHECK(c["recommend"] == "alt");
}

TEST_CASE("a registry that fails is reported while the other sources answer", "[cli][registry]") {
    auto cfg = test::world_config_redirecting("rdap.arin.net:443:127.0.0.1:9");
    std::string body;
    {
        std::ifstream in(cfg);
        std::stringstream ss;
        ss << in.rdbuf();
        body = ss.str();
    }
    body.insert(body.find("connect_to = [") + 14, "\n  \"whois.arin.net:43:127.0.0.1:4391\",");
    auto file = test::write_temp_config(body);
    auto r = lookup_json({"74.125.225.229"}, "arin,dns_soa", file.string())[0];
    bool arin_error = false;
    for (const auto& e : r["errors"])
        arin_error |= e["source"] == "arin";
    CHECK(arin_error);
    REQUIRE_FALSE(r["contacts"].empty());
    CHECK(r["contacts"][0]["evidence"][0]["source"] == "dns_soa");
}

TEST_CASE("1,000 addresses from 20 networks cost at most 20 registry questions",
          "[cli][registry][counting]") {
    // Twenty recorded networks, fifty addresses in each.
    const std::vector<std::function<std::string(int)>> networks = {
        [](int i) { return "74.125." + std::to_string(i) + ".1"; },
        [](int i) { return "2001:4860:" + std::to_string(i) + "::1"; },
        [](int i) { return "108.45." + std::to_string(i) + ".9"; },
        [](int i) { return "2604:180:" + std::to_string(i) + "::2"; },
        [](int i) { return "2606:4700:" + std::to_string(i) + "::3"; },
        [](int i) { return "13.70." + std::to_string(i) + ".4"; },
        [](int i) { return "62.239.237." + std::to_string(i); },
        [](int i) { return "2a00:2381:ffff::" + std::to_string(i + 1); },
        [](int i) { return "194.85.61." + std::to_string(i + 10); },
        [](int i) {
            return "2001:41d0:" + std::to_string(i % 10) + ":" + std::to_string(i) + "::5";
        },
        [](int i) { return "1.1.1." + std::to_string(i); },
        [](int i) { return "61.181." + std::to_string(i) + ".38"; },
        [](int i) { return "210.107." + std::to_string(i) + ".73"; },
        [](int i) { return "2001:240:" + std::to_string(i) + "::1"; },
        [](int i) { return "201.127." + std::to_string(i) + ".1"; },
        [](int) { return std::string("200.57.141.161"); },
        [](int) { return std::string("2801:10:c000::"); },
        [](int i) { return "196.11.24" + std::to_string(i % 6) + "." + std::to_string(i); },
        [](int i) { return "2001:43f8:7b0:" + std::to_string(i) + "::1"; },
        [](int i) { return "196.216." + std::to_string(2 + i % 2) + "." + std::to_string(i); },
    };
    std::string input;
    for (int i = 0; i < 50; ++i)
        for (const auto& n : networks)
            input += n(i) + "\n";
    // RDAP only here: the range cache is what is measured. (Whois answers are range-cached
    // too, and RDAP records without any contact add at most one whois question per network;
    // the lacnic and whois tests show both.)
    auto cfg = test::counting_world_config();
    std::ofstream(cfg, std::ios::app)
        << "\n[sources.arin]\nwhois = false\n[sources.ripe]\nwhois = false\n"
           "[sources.apnic]\nwhois = false\n[sources.lacnic]\nwhois = false\n"
           "[sources.afrinic]\nwhois = false\n";
    test::reset_whois_questions();
    auto run = test::run_cli({"lookup", "--config", cfg.string(), "--format", "jsonl", "--sources",
                              "arin,ripe,apnic,lacnic,afrinic", "-"},
                             input);
    std::size_t lines = 0;
    for (char c : run.out)
        lines += c == '\n' ? 1 : 0;
    CHECK(lines == 1000);
    std::size_t asked = 0;
    for (const auto& [server, questions] : test::whois_questions())
        if (server.size() > 6 && server.substr(server.size() - 6) == "#count")
            asked += questions.size();
    CHECK(asked <= 20);
    CHECK(asked >= 15); // it did ask: the answers are real, not served from nowhere
}

TEST_CASE("a mailbox whose domain takes no mail is never to", "[cli][rules]") {
    auto r = lookup_json({"phisher@nullmx.test"}, "dns_soa,rfc2142");
    REQUIRE(r.size() == 1);
    bool seen = false;
    for (const auto& c : r[0]["contacts"]) {
        if (c["email"] == "hostmaster@nullmx.test") {
            seen = true;
            CHECK(c["recommend"] == "alt");
            bool caveat = false;
            for (const auto& cv : c["caveats"])
                caveat |= cv.get<std::string>().find("null MX") != std::string::npos;
            CHECK(caveat);
        }
    }
    CHECK(seen);
}

TEST_CASE("ARIN's country is read from the organisation's address: the national CSIRT is cc",
          "[cli][rules][csirt]") {
    auto r = lookup_json({"2606:4700:4700::1111"}, "arin,first");
    REQUIRE(r.size() == 1);
    bool cisa = false;
    for (const auto& c : r[0]["contacts"])
        if (c.value("email", "") != "" && c["role"] == "csirt" && c["recommend"] == "cc")
            for (const auto& e : c["evidence"])
                cisa |= e["scope"] == "US";
    CHECK(cisa);
}

TEST_CASE("equal scores are ordered by the documented rule, which --explain shows",
          "[cli][rules]") {
    // RIPN's abuse entity lists three addresses and marks none; whois names none either, so
    // they tie, and nothing but the address tells them apart.
    auto run = test::run_cli({"lookup", "--config", RENRAKU_TEST_WORLD_CONFIG, "--sources", "ripe",
                              "--explain", "194.85.61.205"});
    CHECK_THAT(run.out, Catch::Contains("tie-break over ip-reg@ripn.net: address order"));
    CHECK_THAT(run.out, Catch::Contains("does not mark which address is the abuse mailbox"));
}

TEST_CASE("the table leads with To and Cc, never a cc above a to, each caveat once",
          "[cli][table]") {
    auto plain = test::run_cli({"lookup", "--config", RENRAKU_TEST_WORLD_CONFIG, "74.125.225.229"});
    INFO(plain.out);
    CHECK_THAT(plain.out, Catch::Contains("\n  To: arin-contact@google.com\n  Cc: report@cisa.gov\n"));
    CHECK(plain.out.find("  to   ") < plain.out.find("  cc   "));
    CHECK_THAT(plain.out, Catch::Contains("-v shows them"));
    std::size_t first = plain.out.find("may be the upstream provider");
    CHECK(first != std::string::npos);
    CHECK(plain.out.find("may be the upstream provider", first + 1) == std::string::npos);
    auto verbose =
        test::run_cli({"lookup", "--config", RENRAKU_TEST_WORLD_CONFIG, "-v", "74.125.225.229"});
    CHECK_THAT(verbose.out, !Catch::Contains("-v shows them"));
    CHECK(verbose.out.size() > plain.out.size());
}
