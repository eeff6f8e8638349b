// Several renraku processes sharing one Redis (a real redis-server on loopback): each question
// asked once, one politeness budget for all, and workers on a stream that lose no entry.

#include "cli_runner.hpp"
#include "harness.hpp"
#include "redis/client.hpp"
#include "world_control.hpp"

#include <catch2/catch.hpp>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace renraku;
using nlohmann::json;
namespace redis = renraku::core::redis;

namespace {

constexpr int kRedisPort = RENRAKU_TEST_REDIS_PORT;

redis::Connection redis_connection() {
    return redis::Connection(redis::Url{"127.0.0.1", kRedisPort, 0, "", "test"},
                             std::chrono::milliseconds(2000));
}

void flush_redis() {
    auto c = redis_connection();
    c.command({"FLUSHALL"});
}

// The counting world (every question counted, with its time) sharing the test Redis, with a
// budget of `per_minute` (burst `burst`) for ARIN's RDAP server.
std::string shared_config(int per_minute, int burst, const std::string& extra = "") {
    auto cfg = test::counting_world_config();
    std::string body = test::read_file(cfg);
    const std::string none = "backend = \"none\"";
    body.replace(body.find(none), none.size(), "backend = \"redis\"");
    body.replace(body.find("[network]\n"), 10, "[network]\nlimiter = \"redis\"\n");
    body += "\n[redis]\nurl = \"redis://127.0.0.1:" + std::to_string(kRedisPort) + "/0\"\n" +
            "[network.limits.\"rdap.arin.net\"]\nper_minute = " + std::to_string(per_minute) +
            "\nburst = " + std::to_string(burst) + "\n" + extra;
    std::ofstream(cfg) << body;
    return cfg.string();
}

// Addresses in ARIN's space that no recorded network holds: each is its own question (a 404),
// each in its own /24 so that none waits for another's answer.
std::string arin_addresses(int from, int to) {
    std::string out;
    for (int i = from; i < to; ++i)
        out += "23." + std::to_string(i) + ".0.1\n";
    return out;
}

std::vector<double> arin_times() {
    auto times = test::question_times();
    auto it = times.find("rdap.arin.net#count");
    return it == times.end() ? std::vector<double>() : it->second;
}

// The most questions seen in any stretch of time beyond what a bucket of `burst` refilled at
// `per_second` allows: 0 when the budget held. (A small allowance for the two clocks.)
// How far the questions' arrival times go past a budget of `per_second` with `burst`, allowing
// `jitter` seconds between a question's sending and its arrival (a loaded machine delays some).
double budget_excess(std::vector<double> t, double per_second, int burst, double jitter = 0.05) {
    std::sort(t.begin(), t.end());
    double worst = 0;
    for (std::size_t i = 0; i < t.size(); ++i)
        for (std::size_t j = i; j < t.size(); ++j) {
            double allowed = burst + per_second * (t[j] - t[i] + jitter);
            worst = std::max(worst, static_cast<double>(j - i + 1) - allowed);
        }
    return worst;
}

std::vector<std::string> add_entries(const std::string& addresses) {
    auto c = redis_connection();
    std::vector<std::string> ids;
    std::istringstream in(addresses);
    for (std::string a; std::getline(in, a);)
        ids.push_back(c.command({"XADD", "renraku:in", "*", "indicator", a}).value().str());
    return ids;
}

// id -> how many results the output stream holds for it.
std::map<std::string, int> answered() {
    auto c = redis_connection();
    auto r = c.command({"XRANGE", "renraku:out", "-", "+"});
    std::map<std::string, int> out;
    auto v = r.value();
    for (std::size_t i = 0; i < v.size(); ++i) {
        auto fields = v[i][1];
        for (std::size_t f = 0; f + 1 < fields.size(); f += 2)
            if (fields[f].str() == "id") ++out[fields[f + 1].str()];
    }
    return out;
}

long long pending() {
    auto c = redis_connection();
    auto r = c.command({"XPENDING", "renraku:in", "renraku"});
    return r.value()[0].integer();
}

bool wait_until(const std::function<bool()>& done, int seconds) {
    for (int i = 0; i < seconds * 10; ++i) {
        if (done()) return true;
        usleep(100 * 1000);
    }
    return done();
}

std::string log_file(const std::string& name) {
    return (test::write_temp_config("", "placeholder").parent_path() / name).string();
}

} // namespace

TEST_CASE("two processes sharing Redis ask each question once, within one budget",
          "[cli][redis][counting]") {
    flush_redis();
    auto cfg = shared_config(600, 2); // 10 a second, 2 at once
    test::reset_whois_questions();
    // Overlapping halves: 23.6-23.13 are in both.
    std::string a = arin_addresses(0, 14);
    std::string b = arin_addresses(6, 20);
    std::vector<std::string> args = {"lookup", "-c", cfg, "-f", "jsonl", "-q", "-s", "arin", "-"};
    auto pa = test::spawn_cli(args, a, log_file("a.log"));
    auto pb = test::spawn_cli(args, b, log_file("b.log"));
    CHECK(test::wait_cli(pa) <= 1);
    CHECK(test::wait_cli(pb) <= 1);
    auto times = arin_times();
    CHECK(times.size() == 20); // 20 distinct questions, each asked once by one of the two
    CHECK(budget_excess(times, 10.0, 2, 0.2) <= 0.0);

    // Each process alone, with its own budget, would have asked at twice the rate together:
    // the check above can fail. Shown here with local budgets on fresh addresses.
    flush_redis();
    auto local = shared_config(600, 2);
    {
        std::string body = test::read_file(local);
        body.replace(body.find("limiter = \"redis\""), 17, "limiter = \"local\"");
        std::ofstream(local) << body;
    }
    test::reset_whois_questions();
    std::vector<std::string> local_args = {"lookup", "-c", local,  "-f", "jsonl",
                                           "-q",     "-s", "arin", "-"};
    auto la = test::spawn_cli(local_args, arin_addresses(30, 44), log_file("la.log"));
    auto lb = test::spawn_cli(local_args, arin_addresses(44, 58), log_file("lb.log"));
    test::wait_cli(la);
    test::wait_cli(lb);
    CHECK(budget_excess(arin_times(), 10.0, 2) > 0.0);
}

TEST_CASE("a worker killed with entries in hand loses none, and none is answered twice",
          "[cli][redis][counting]") {
    flush_redis();
    auto cfg = shared_config(240, 1); // 4 a second: the worker holds entries for a while
    auto ids = add_entries(arin_addresses(60, 72));
    auto first = test::spawn_cli({"worker", "-c", cfg, "--claim-after", "1", "--consumer", "first"},
                                 "", log_file("first.log"));
    REQUIRE(wait_until([] { return !answered().empty(); }, 10));
    kill(first, SIGKILL); // in the middle: some answered, the rest read and in hand
    test::wait_cli(first);
    auto before = answered().size();
    CHECK(before < ids.size());
    CHECK(pending() > 0);

    const auto second_log = log_file("second.log");
    auto second = test::spawn_cli(
        {"worker", "-c", cfg, "--claim-after", "1", "--consumer", "second"}, "", second_log);
    bool all = wait_until([&] { return answered().size() == ids.size(); }, 20);
    kill(second, SIGTERM);
    CHECK(test::wait_cli(second) == 0);
    CHECK(all);
    auto out = answered();
    for (const auto& id : ids)
        CHECK(out[id] == 1);
    CHECK(out.size() == ids.size());
    CHECK(pending() == 0);
    CHECK_THAT(test::read_file(second_log), Catch::Contains("took over"));
}

TEST_CASE("SIGTERM: a worker finishes what it holds, answers events, and stops",
          "[cli][redis][counting]") {
    flush_redis();
    auto cfg = shared_config(600, 2);
    auto ids = add_entries(arin_addresses(80, 86));
    {
        auto c = redis_connection();
        ids.push_back(c.command({"XADD", "renraku:in", "*", "event",
                                 R"({"source": "74.125.1.1", "port": 22, "protocol": "tcp"})"})
                          .value()
                          .str());
        ids.push_back(
            c.command({"XADD", "renraku:in", "*", "note", "no indicator here"}).value().str());
    }
    auto w = test::spawn_cli({"worker", "-c", cfg}, "", log_file("term.log"));
    REQUIRE(wait_until([] { return pending() > 0 || !answered().empty(); }, 10));
    kill(w, SIGTERM);
    CHECK(test::wait_cli(w) == 0);
    auto out = answered();
    CHECK(out.size() == ids.size());
    CHECK(pending() == 0);
    // The event's result carries the event; the entry without an indicator says why.
    auto c = redis_connection();
    auto r = c.command({"XRANGE", "renraku:out", "-", "+"});
    bool event_seen = false;
    bool bad_seen = false;
    for (std::size_t i = 0; i < r.value().size(); ++i) {
        auto j = json::parse(r.value()[i][1][3].str());
        if (j.contains("event")) {
            event_seen = true;
            CHECK(j["event"]["port"] == 22);
            CHECK(j["contacts"][0]["email"] == "arin-contact@google.com");
        }
        if (j["id"] == ids.back()) {
            bad_seen = true;
            CHECK_THAT(j["errors"][0]["message"].get<std::string>(),
                       Catch::Contains("no field \"indicator\" or \"event\""));
        }
    }
    CHECK(event_seen);
    CHECK(bad_seen);
}

TEST_CASE("an unreachable Redis stops renraku, or leaves it on local state, and says which",
          "[cli][redis]") {
    std::string body = test::world_config_text();
    body.replace(body.find("[network]\n"), 10, "[network]\nlimiter = \"redis\"\n");
    auto stop = test::write_temp_config(body + "\n[redis]\nurl = \"redis://127.0.0.1:9/0\"\n");
    auto run = test::run_cli({"lookup", "-c", stop.string(), "-s", "rfc2142", "example.test"});
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK_THAT(run.err, Catch::Contains("Redis at redis://127.0.0.1:9/0 is unreachable"));
    CHECK_THAT(run.err, Catch::Contains("the politeness budget cannot be shared; stopping"));

    auto local = test::write_temp_config(
        body + "\n[redis]\nurl = \"redis://127.0.0.1:9/0\"\non_unreachable = \"local\"\n");
    auto goes_on = test::run_cli({"lookup", "-c", local.string(), "-s", "rfc2142", "example.test"});
    CHECK(goes_on.exit_code == 0);
    CHECK_THAT(goes_on.err, Catch::Contains("going on with this process's own politeness budget"));

    auto bad = test::run_cli(
        {"check-config", "-c",
         test::write_temp_config(body + "\n[redis]\nurl = \"redis://h:99999\"\n").string()});
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.err, Catch::Contains("redis.url must be redis://[:PASSWORD@]HOST[:PORT][/DB]: "
                                        "the port must be from 1 to 65535"));
}
