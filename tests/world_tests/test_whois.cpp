#include "engine/task_services.hpp"
#include "harness.hpp"
#include "world_control.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <future>

using namespace renraku;
using namespace std::chrono_literals;

namespace {

const std::map<std::string, std::string> kTemplates = {{"whois.arin.net", "n + {}"},
                                                       {"whois.ripe.net", "-r -B {}"}};
const std::map<std::string, std::string> kTransferNames = {{"ripe", "whois.ripe.net"},
                                                           {"ripe ncc", "whois.ripe.net"}};

sdk::WhoisAnswer ask(core::ServiceHub& hub, const std::string& server, const std::string& q,
                     std::chrono::milliseconds deadline = 5s, const std::string& charset = "") {
    core::TaskServices s(hub, core::Clock::now() + deadline);
    sdk::WhoisRequest r;
    r.server = server;
    r.query = q;
    r.templates = kTemplates;
    r.transfer_names = kTransferNames;
    if (!charset.empty()) r.charsets[server] = charset;
    r.address = q.find_first_not_of("0123456789.:abcdef") == std::string::npos ? q : "";
    return s.whois().query(r);
}

} // namespace

TEST_CASE("a recorded RIPE answer, found by longest prefix", "[whois][world]") {
    auto hub = test::world_hub();
    auto a = ask(*hub, "whois.ripe.net", "62.239.237.1");
    REQUIRE(a.status == sdk::WhoisStatus::ok);
    CHECK_THAT(a.text, Catch::Contains("abuse-mailbox:  protect@bt.com"));
    REQUIRE(a.chain.size() == 1);
    CHECK(a.chain[0].server == "whois.ripe.net:43");
    CHECK(a.chain[0].query == "-r -B 62.239.237.1");
}

TEST_CASE("ARIN referrals to RIPE and APNIC are followed — rwhois is not", "[whois][world]") {
    auto hub = test::world_hub();
    auto ripe = ask(*hub, "whois.arin.net", "130.66.1.1");
    REQUIRE(ripe.chain.size() == 2);
    CHECK(ripe.chain[0].query == "n + 130.66.1.1");
    CHECK(ripe.chain[1].server == "whois.ripe.net:43");
    CHECK(ripe.chain[1].query == "-r -B 130.66.1.1");
    CHECK(ripe.earlier_texts.size() == 1);
    auto apnic = ask(*hub, "whois.arin.net", "144.131.1.1");
    REQUIRE(apnic.chain.size() == 2);
    CHECK(apnic.chain[1].server == "whois.apnic.net:43");
    auto rwhois = ask(*hub, "whois.arin.net", "69.65.1.1");
    CHECK(rwhois.chain.size() == 1);
    CHECK_THAT(rwhois.text, Catch::Contains("abuse@gigenet.com"));
}

TEST_CASE("APNIC's note on a block transferred to another registry is followed", "[whois][world]") {
    auto hub = test::world_hub();
    auto a = ask(*hub, "whois.apnic.net", "202.12.28.5");
    REQUIRE(a.chain.size() == 2);
    CHECK(a.chain[1].server == "whois.ripe.net:43");
    CHECK(a.chain[1].query == "-r -B 202.12.28.5");
}

TEST_CASE("a transfer note naming no registry the request knows is not followed", "[whois][world]") {
    auto hub = test::world_hub();
    core::TaskServices s(*hub, core::Clock::now() + 5s);
    sdk::WhoisRequest r;
    r.server = "whois.apnic.net";
    r.query = "202.12.28.5";
    r.templates = kTemplates;
    auto a = s.whois().query(r);
    REQUIRE(a.status == sdk::WhoisStatus::ok);
    CHECK(a.chain.size() == 1);
}

TEST_CASE("a referral loop is stopped", "[whois][world]") {
    auto hub = test::world_hub();
    auto a = ask(*hub, "whois.loop-a.test", "192.0.2.1");
    CHECK(a.status == sdk::WhoisStatus::error);
    CHECK_THAT(a.message, Catch::Contains("referral loop"));
    CHECK(a.chain.size() == 2);
}

TEST_CASE("faults: stall, slow, huge, garbage, cut off, rate-limit refusals", "[whois][world]") {
    auto hub = test::world_hub(800);
    auto start = core::Clock::now();
    auto stall = ask(*hub, "whois.stall.test", "192.0.2.1");
    CHECK(stall.status == sdk::WhoisStatus::timeout);
    CHECK(core::Clock::now() - start < 3s);
    CHECK(ask(*hub, "whois.slow.test", "192.0.2.1").status == sdk::WhoisStatus::timeout);
    auto huge = ask(*hub, "whois.huge.test", "192.0.2.1");
    CHECK(huge.status == sdk::WhoisStatus::too_large);
    CHECK(huge.text.size() <= (1U << 20) + 1024);
    auto garbage = ask(*hub, "whois.garbage.test", "192.0.2.1");
    CHECK(garbage.status == sdk::WhoisStatus::ok); // bytes, decoded without loss; the caller judges
    CHECK_FALSE(garbage.text.empty());
    auto cut = ask(*hub, "whois.cutoff.test", "192.0.2.1");
    CHECK((cut.status == sdk::WhoisStatus::ok || cut.status == sdk::WhoisStatus::error));
    auto ripe = ask(*hub, "whois.ripe-ratelimit.test", "192.0.2.1");
    CHECK(ripe.status == sdk::WhoisStatus::rate_limited);
    CHECK_THAT(ripe.message, Catch::Contains("%ERROR:201"));
    CHECK(ask(*hub, "whois.arin-ratelimit.test", "192.0.2.1").status ==
          sdk::WhoisStatus::rate_limited);
    // Refused once, the server is left alone: the next question is not sent.
    auto again = ask(*hub, "whois.ripe-ratelimit.test", "192.0.2.99");
    CHECK(again.status == sdk::WhoisStatus::rate_limited);
    CHECK_THAT(again.message, Catch::Contains("left alone"));
    CHECK(hub->whois.connections("whois.ripe-ratelimit.test") == 1);
}

TEST_CASE("JPNIC's Japanese answer decodes from ISO-2022-JP", "[whois][world]") {
    auto hub = test::world_hub();
    auto ja = ask(*hub, "whois.nic.ad.jp", "133.1.2.5", 5s, "iso-2022-jp");
    REQUIRE(ja.status == sdk::WhoisStatus::ok);
    CHECK_THAT(ja.text, Catch::Contains("a. [ネットワーク番号]           133.1.0.0/16"));
    CHECK_THAT(ja.text, Catch::Contains("f. [組織名]                     大阪大学"));
    CHECK(ja.text.find('\x1b') == std::string::npos);
}

TEST_CASE("an answer serves later addresses inside its range, without asking again",
          "[whois][world]") {
    auto hub = test::world_hub();
    auto first = ask(*hub, "whois.ripe.net", "62.239.237.1");
    auto second = ask(*hub, "whois.ripe.net", "62.239.237.200");
    CHECK_FALSE(first.from_cache);
    CHECK(second.from_cache);
    CHECK(second.text == first.text);
    CHECK(hub->whois.connections("whois.ripe.net") == 1);
    auto outside = ask(*hub, "whois.ripe.net", "62.239.238.1");
    CHECK_FALSE(outside.from_cache);
}

TEST_CASE("a server's rate limit is kept, and what it received proves it",
          "[whois][world][counting]") {
    auto file = test::counting_world_config();
    std::ofstream(file, std::ios::app)
        << "\n[network.limits.\"whois.afrinic.net\"]\nper_minute = 60\nburst = 2\n";
    auto cfg = core::load_config(file);
    auto hub = std::make_unique<core::ServiceHub>(cfg);
    test::reset_whois_questions();
    // Six questions at once, each allowed 1.5 s: the burst of two, then one a second.
    std::vector<std::future<sdk::WhoisAnswer>> answers;
    for (int i = 1; i <= 6; ++i)
        answers.push_back(std::async(std::launch::async, [&hub, i] {
            return ask(*hub, "whois.afrinic.net", "AS6553" + std::to_string(i), 1500ms);
        }));
    int ok = 0;
    int limited = 0;
    for (auto& f : answers) {
        auto a = f.get();
        if (a.status == sdk::WhoisStatus::rate_limited) {
            ++limited;
            CHECK_THAT(a.message, Catch::Contains("rate limit for whois.afrinic.net"));
        } else {
            ++ok;
        }
    }
    auto received = test::whois_questions()["whois.afrinic.net#count"].size();
    CHECK(received == static_cast<std::size_t>(ok));
    CHECK(received <= 2 + 2);
    CHECK(limited >= 2);
}

TEST_CASE("one question asked by many at once goes to the server once", "[whois][world][counting]") {
    auto cfg = core::load_config(test::counting_world_config());
    auto hub = std::make_unique<core::ServiceHub>(cfg);
    test::reset_whois_questions();
    // The same question, and questions about other addresses of the same network, all at once.
    std::vector<std::future<sdk::WhoisAnswer>> answers;
    for (int i = 0; i < 12; ++i)
        answers.push_back(std::async(std::launch::async, [&hub, i] {
            return ask(*hub, "whois.ripe.net", i % 2 == 0 ? "62.239.237.1"
                                                          : "62.239.237." + std::to_string(i + 1));
        }));
    for (auto& f : answers) {
        auto a = f.get();
        CHECK(a.status == sdk::WhoisStatus::ok);
        CHECK_THAT(a.text, Catch::Contains("protect@bt.com"));
    }
    CHECK(test::whois_questions()["whois.ripe.net#count"].size() == 1);
}

TEST_CASE("a referral into loopback space is not followed, and says so", "[whois][world]") {
    auto hub = test::world_hub();
    auto a = ask(*hub, "whois.ssrf.test", "192.0.2.1");
    REQUIRE(a.status == sdk::WhoisStatus::ok); // the referring registry's record is kept
    CHECK_THAT(a.text, Catch::Contains("abuse@ssrf.test"));
    CHECK(a.chain.size() == 1);
    CHECK_THAT(a.message,
               Catch::Contains("referral to 127.0.0.2:4301 not followed: loopback (RFC 1122)"));
}

TEST_CASE("a server that drips its answer is given up at the timeout", "[whois][world]") {
    auto hub = test::world_hub(1000);
    auto t0 = std::chrono::steady_clock::now();
    auto a = ask(*hub, "whois.drip.test", "192.0.2.1");
    auto took = std::chrono::steady_clock::now() - t0;
    CHECK(a.status == sdk::WhoisStatus::timeout);
    CHECK(took < 2500ms); // the whole exchange, not each read, is bounded
}
