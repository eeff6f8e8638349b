#include "engine/engine.hpp"
#include "engine/task_services.hpp"
#include "harness.hpp"
#include "plugin/source_config.hpp"

#include <catch2/catch.hpp>

using namespace renraku;
using namespace std::chrono_literals;

namespace {

struct Setup {
    core::Config config;
    std::vector<core::Plugin> plugins;
    std::vector<core::SourceInstance> sources;

    explicit Setup(const std::string& misbehaving_mode, int source_timeout_ms = 800) {
        auto file = test::write_temp_config(
            "[network]\ntimeout_ms = 500\ndns_servers = [\"" + std::string(test::kWorldDns) +
            "\"]\n[cache]\nbackend = \"none\"\n[engine]\nspecial_addresses = \"ask\"\n"
            "source_timeout_ms = " +
            std::to_string(source_timeout_ms) + "\n[sources.misbehaving]\nmode = \"" +
            misbehaving_mode + "\"\nsleep_ms = 3000\n");
        config = core::load_config(file);
        plugins.push_back(core::load_plugin(test::plugin_path("dns_soa")));
        plugins.push_back(core::load_plugin(test::extra_plugin_path("misbehaving")));
        for (auto& p : plugins) {
            REQUIRE(p.refused.empty());
            const core::SourceTable* t =
                config.sources.count(p.info.name) ? &config.sources.at(p.info.name) : nullptr;
            auto checked = core::check_source_config(p.info, t, file);
            core::SourceInstance inst;
            inst.library = p.library;
            inst.info = p.info;
            inst.source = p.factory->make(checked.values);
            sources.push_back(std::move(inst));
        }
    }

    std::vector<core::Result> run(const std::vector<std::string>& inputs,
                                  core::EngineStats* stats = nullptr) {
        std::vector<sdk::Indicator> inds;
        for (const auto& i : inputs)
            inds.push_back(test::indicator(i));
        std::vector<core::Result> out;
        core::ServiceHub services(config);
        core::Engine engine(config, sources, core::ScoringModel::from_config(config.scoring),
                            services);
        engine.run(inds, [&](const core::Result& r) { out.push_back(r); });
        if (stats) *stats = engine.stats();
        return out;
    }
};

bool has_error(const core::Result& r, const std::string& source, const std::string& text) {
    for (const auto& e : r.errors)
        if (e.source == source && e.message.find(text) != std::string::npos) return true;
    return false;
}

} // namespace

TEST_CASE("a source that throws is reported — the others still answer", "[engine][world]") {
    Setup s("throw");
    auto results = s.run({"192.0.2.10"});
    REQUIRE(results.size() == 1);
    CHECK(has_error(results[0], "misbehaving", "deliberate failure"));
    REQUIRE_FALSE(results[0].contacts.empty());
    CHECK(results[0].contacts.front().contact.email == "ipadmin@upstream-isp.test");
}

TEST_CASE("a stalled source is given up at its timeout — the others are not delayed",
          "[engine][world]") {
    Setup s("sleep", 500);
    auto start = core::Clock::now();
    std::vector<core::Result> results;
    std::optional<core::Clock::time_point> emitted;
    {
        std::vector<sdk::Indicator> inds{test::indicator("192.0.2.10")};
        core::ServiceHub services(s.config);
        core::Engine engine(s.config, s.sources, core::ScoringModel::from_config({}), services);
        engine.run(inds, [&](const core::Result& r) {
            results.push_back(r);
            emitted = core::Clock::now();
        });
        CHECK(engine.unfinished() == 1);
    }
    REQUIRE(emitted);
    CHECK(*emitted - start < 2500ms); // the stalled source sleeps 3000 ms
    CHECK(has_error(results[0], "misbehaving", "timeout after 500 ms"));
    CHECK_FALSE(results[0].contacts.empty());
}

TEST_CASE("a typed failure is reported with its type", "[engine][world]") {
    Setup s("fail");
    auto results = s.run({"www.example.test"});
    REQUIRE(results[0].errors.size() >= 1);
    bool found = false;
    for (const auto& e : results[0].errors)
        if (e.source == "misbehaving") {
            found = true;
            CHECK(e.kind == core::ErrorKind::transient);
            CHECK(e.message == "server unreachable");
        }
    CHECK(found);
}

TEST_CASE("identical lookups across indicators run once", "[engine][world]") {
    Setup s("fail");
    core::EngineStats stats;
    // Three spellings of one host, and a URL and e-mail on it: one dns_soa lookup for the host,
    // one for each of its two addresses.
    auto results = s.run({"www.example.test", "WWW.EXAMPLE.TEST.", "www[.]example[.]test",
                          "http://www.example.test/a", "x@www.example.test"},
                         &stats);
    REQUIRE(results.size() == 5);
    for (const auto& r : results)
        CHECK_FALSE(r.contacts.empty());
    // dns_soa and misbehaving on the host and on each of its two addresses.
    CHECK(stats.tasks_run == 6);
    // SOA walk for the host, A and AAAA, the two reverse zones plus their PTRs, and the MX of
    // each SOA RNAME's domain (does the mailbox take mail?).
    CHECK(stats.dns_questions <= 10);
}

TEST_CASE("a host's addresses are looked up too, with the parent kept", "[engine][world]") {
    Setup s("fail");
    auto results = s.run({"www.example.test"});
    const auto& r = results[0];
    CHECK(r.derived == std::vector<std::string>{"192.0.2.10", "2001:db8:10::10"});
    bool reverse = false;
    for (const auto& c : r.contacts)
        for (const auto& e : c.evidence)
            if (e.indicator == "192.0.2.10" && c.contact.email == "ipadmin@upstream-isp.test")
                reverse = true;
    CHECK(reverse);
}
