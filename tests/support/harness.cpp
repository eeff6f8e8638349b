#include "harness.hpp"

#include "cli_runner.hpp"

#include "engine/task_services.hpp"
#include "indicator/parse.hpp"
#include "plugin/source_config.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <random>
#include <sstream>

namespace fs = std::filesystem;

namespace renraku::test {

fs::path plugin_path(const std::string& name) {
    return fs::path(RENRAKU_TEST_PLUGIN_BUILD_DIR) / (name + ".so");
}

fs::path extra_plugin_path(const std::string& name) {
    return fs::path(RENRAKU_TEST_EXTRA_PLUGIN_DIR) / (name + ".so");
}

sdk::Indicator indicator(const std::string& text) {
    auto parsed = core::parse_indicator(text);
    if (auto* err = std::get_if<core::ParseError>(&parsed))
        FAIL("cannot parse " << text << ": " << err->message);
    return std::get<sdk::Indicator>(parsed);
}

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

fs::path write_temp_config(const std::string& body, const std::string& name) {
    static std::mt19937_64 rng{std::random_device{}()};
    fs::path dir = fs::temp_directory_path() / ("renraku-test-" + std::to_string(rng()));
    fs::create_directories(dir);
    fs::path file = dir / name;
    std::ofstream(file) << body;
    return file;
}

PluginHarness::PluginHarness(const fs::path& so, const std::string& toml, const fs::path& config)
    : plugin_(core::load_plugin(so)) {
    INFO("plugin " << so);
    REQUIRE(plugin_.refused.empty());
    core::SourceTable table;
    fs::path file;
    if (!toml.empty()) {
        file = write_temp_config("[sources." + plugin_.info.name + "]\n" + toml);
        config_ = core::load_config(file);
        table = config_.sources.at(plugin_.info.name);
    }
    auto checked = core::check_source_config(plugin_.info, toml.empty() ? nullptr : &table, file);
    source_ = plugin_.factory->make(checked.values);
    network_ = core::load_config(config);
    hub_ = std::make_unique<core::ServiceHub>(network_);
}

sdk::Outcome PluginHarness::lookup(const std::string& text, int deadline_ms) {
    return lookup(indicator(text), deadline_ms);
}

sdk::Outcome PluginHarness::lookup(const sdk::Indicator& ind, int deadline_ms) {
    core::TaskServices services(*hub_, core::Clock::now() + std::chrono::milliseconds(deadline_ms));
    return source_->lookup(ind, services);
}

std::unique_ptr<core::ServiceHub> world_hub(int timeout_ms, const std::string& extra_toml) {
    std::string text = world_config_text();
    auto pos = text.find("timeout_ms = ");
    text.replace(pos, text.find('\n', pos) - pos, "timeout_ms = " + std::to_string(timeout_ms));
    auto cfg = core::load_config(write_temp_config(text + "\n" + extra_toml));
    return std::make_unique<core::ServiceHub>(cfg);
}

fs::path counting_world_config() {
    std::string text = world_config_text();
    // Each server's counting twin listens `offset` ports up.
    auto shift = [&text](int first, int last, int offset) {
        for (int port = first; port <= last; ++port) {
            std::string from = ":127.0.0.1:" + std::to_string(port) + "\"";
            std::string to = ":127.0.0.1:" + std::to_string(port + offset) + "\"";
            for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos))
                text.replace(pos, from.size(), to);
        }
    };
    shift(4301, 4308, 100);  // the address registries, IANA and JPRS
    shift(5000, 5299, 1000); // gTLD, registrar and ccTLD servers
    shift(8443, 8443, 1);    // HTTPS
    return write_temp_config(text);
}

fs::path world_config_redirecting(const std::string& rule) {
    std::string text = world_config_text();
    auto pos = text.find("connect_to = [");
    text.insert(pos + 14, "\n  \"" + rule + "\",");
    return write_temp_config(text);
}

std::vector<sdk::Finding> with_email(const sdk::Outcome& o, const std::string& email) {
    std::vector<sdk::Finding> out;
    for (const auto& f : o.findings)
        if (f.contact.email == email) out.push_back(f);
    return out;
}

bool has_signal(const sdk::Finding& f, const std::string& signal) {
    return std::find(f.signals.begin(), f.signals.end(), signal) != f.signals.end();
}

} // namespace renraku::test
