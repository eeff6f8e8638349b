#include "engine/task_services.hpp"
#include "harness.hpp"
#include "renraku/registry/rdap.hpp"
#include "world_control.hpp"

#include <catch2/catch.hpp>
#include <future>

using namespace renraku;
using namespace std::chrono_literals;

namespace {
sdk::HttpResponse get(core::ServiceHub& hub, const std::string& url,
                      const std::string& address = "", std::chrono::milliseconds deadline = 5s) {
    core::TaskServices s(hub, core::Clock::now() + deadline);
    return s.http().get({url, "application/rdap+json", address});
}
} // namespace

TEST_CASE("RDAP over HTTPS with the test CA, and a range serves later addresses", "[http][world]") {
    auto hub = test::world_hub();
    auto a = get(*hub, "https://rdap.arin.net/registry/ip/74.125.225.229", "74.125.225.229");
    REQUIRE(a.status == sdk::HttpStatus::ok);
    CHECK(a.code == 200);
    CHECK_THAT(a.body, Catch::Contains("NET-74-125-0-0-1"));
    auto b = get(*hub, "https://rdap.arin.net/registry/ip/74.125.1.1", "74.125.1.1");
    CHECK(b.from_cache);
    CHECK(hub->http.requests("rdap.arin.net") == 1);
    auto missing = get(*hub, "https://rdap.arin.net/registry/ip/23.1.1.1", "23.1.1.1");
    CHECK(missing.status == sdk::HttpStatus::http_error);
    CHECK(missing.code == 404);
}

TEST_CASE("HTTP faults are typed failures, never hangs", "[http][world]") {
    auto hub = test::world_hub(800);
    auto start = core::Clock::now();
    CHECK(get(*hub, "https://rdap.stall.test/ip/192.0.2.1").status == sdk::HttpStatus::timeout);
    CHECK(core::Clock::now() - start < 3s);
    CHECK(get(*hub, "https://rdap.huge.test/ip/192.0.2.1").status == sdk::HttpStatus::too_large);
    CHECK(get(*hub, "https://rdap.redirect.test/ip/192.0.2.1").status == sdk::HttpStatus::error);
    auto wrong = get(*hub, "https://rdap.wrongname.test/ip/192.0.2.1");
    CHECK(wrong.status == sdk::HttpStatus::tls_error);
    auto err = get(*hub, "https://rdap.error.test/ip/192.0.2.1");
    CHECK(err.status == sdk::HttpStatus::http_error);
    CHECK(err.code == 500);
    auto garbage = get(*hub, "https://rdap.garbage.test/ip/192.0.2.1");
    CHECK(garbage.status == sdk::HttpStatus::ok);
    auto parsed = registry::registry_rdap_findings(garbage.body, "rdap.garbage.test", {}, 0);
    CHECK(parsed.status == sdk::Outcome::Status::bad_answer);
}

TEST_CASE("a 429 is honoured: Retry-After is reported and the host is not asked again",
          "[http][world][counting]") {
    auto hub = test::world_hub();
    test::reset_whois_questions();
    auto first = get(*hub, "https://rdap.ratelimit.test/ip/192.0.2.1");
    CHECK(first.status == sdk::HttpStatus::rate_limited);
    CHECK(first.retry_after_s == 120);
    CHECK_THAT(first.message, Catch::Contains("Retry-After: 120"));
    auto second = get(*hub, "https://rdap.ratelimit.test/ip/192.0.2.2");
    CHECK(second.status == sdk::HttpStatus::rate_limited);
    CHECK(test::whois_questions()["rdap.ratelimit.test"].size() == 1);
}

TEST_CASE("without the test CA, the world's certificate is refused", "[http][world]") {
    auto hub = test::world_hub(1000, "");
    core::Config cfg = core::load_config(RENRAKU_TEST_WORLD_CONFIG);
    cfg.network.tls_ca_file = "/etc/ssl/certs/ca-certificates.crt";
    core::ServiceHub strict(cfg);
    auto r = get(strict, "https://rdap.arin.net/registry/ip/74.125.225.229");
    CHECK(r.status == sdk::HttpStatus::tls_error);
}

TEST_CASE("RDAP JSON nested without end is refused before parsing", "[http]") {
    std::string deep(100000, '[');
    CHECK_FALSE(registry::json_depth_within(deep, 64));
    CHECK(registry::registry_rdap_findings(deep, "x", {}, 0).status == sdk::Outcome::Status::bad_answer);
    CHECK(registry::json_depth_within(R"({"a":[{"b":"[[[[["}]})", 3));
}

TEST_CASE("one RDAP question asked by many at once goes to the server once",
          "[http][world][counting]") {
    auto cfg = core::load_config(test::counting_world_config());
    core::ServiceHub hub(cfg);
    test::reset_whois_questions();
    std::vector<std::future<sdk::HttpResponse>> answers;
    for (int i = 1; i <= 12; ++i)
        answers.push_back(std::async(std::launch::async, [&hub, i] {
            core::TaskServices s(hub, core::Clock::now() + std::chrono::seconds(5));
            sdk::HttpRequest req;
            std::string addr = "1.1.1." + std::to_string(i % 3 == 0 ? 1 : i);
            req.url = "https://rdap.apnic.net/ip/" + addr;
            req.address = addr;
            return s.http().get(req);
        }));
    for (auto& f : answers)
        CHECK(f.get().status == sdk::HttpStatus::ok);
    std::size_t asked = 0;
    for (const auto& [server, questions] : test::whois_questions())
        if (server.find("#count") != std::string::npos) asked += questions.size();
    CHECK(asked == 1);
}

TEST_CASE("a redirect into loopback space or down to HTTP is not followed", "[http][world]") {
    auto hub = test::world_hub();
    auto inward = get(*hub, "https://rdap.ssrf.test/loopback/ip/192.0.2.1");
    CHECK(inward.status == sdk::HttpStatus::error);
    CHECK_THAT(inward.message,
               Catch::Contains("not followed: 127.0.0.2 is at 127.0.0.2, loopback (RFC 1122)"));
    auto down = get(*hub, "https://rdap.ssrf.test/downgrade/ip/192.0.2.1");
    CHECK(down.status == sdk::HttpStatus::error);
    CHECK_THAT(down.message, Catch::Contains("redirect away from HTTPS refused"));
    CHECK_THAT(down.message, Catch::Contains("http://rdap.ssrf.test/x"));
}

TEST_CASE("a Retry-After of years is taken as an hour, and said so", "[http][world]") {
    auto hub = test::world_hub();
    auto first = get(*hub, "https://rdap.ratelimit-years.test/ip/192.0.2.1");
    CHECK(first.status == sdk::HttpStatus::rate_limited);
    CHECK(first.retry_after_s == 3600);
    CHECK_THAT(first.message, Catch::Contains("Retry-After: 3600 s, the most renraku waits"));
    auto t0 = std::chrono::steady_clock::now();
    auto second = get(*hub, "https://rdap.ratelimit-years.test/ip/192.0.2.2");
    CHECK(second.status == sdk::HttpStatus::rate_limited);
    CHECK(std::chrono::steady_clock::now() - t0 < 1s); // told at once, not after an hour
}

TEST_CASE("an answer that drips for ever is given up at the timeout", "[http][world]") {
    auto hub = test::world_hub(1000);
    auto t0 = std::chrono::steady_clock::now();
    auto r = get(*hub, "https://rdap.drip.test/ip/192.0.2.1");
    auto took = std::chrono::steady_clock::now() - t0;
    CHECK(r.status == sdk::HttpStatus::timeout);
    CHECK(took < 2500ms);
}

TEST_CASE("a compressed body is never expanded: what is read stays under the cap",
          "[http][world]") {
    auto hub = test::world_hub(3000);
    auto r = get(*hub, "https://rdap.gzipbomb.test/ip/192.0.2.1");
    // renraku asks for no encoding and decodes none: the body is the compressed bytes as sent,
    // which no reader takes for a registry's answer.
    REQUIRE(r.status == sdk::HttpStatus::ok);
    CHECK(r.body.size() < (1u << 20));
    CHECK(r.body.substr(0, 2) == "\x1f\x8b");
}
