#pragma once
// Running one built plugin against the test world, the way the engine does.

#include "config/config.hpp"
#include "dns/resolver.hpp"
#include "engine/engine.hpp"
#include "plugin/loader.hpp"
#include "renraku/sdk/outcome.hpp"
#include "services/service_hub.hpp"

#include <filesystem>
#include <memory>
#include <string>

namespace renraku::test {

/// The world's DNS front, as the tests' config names it.
inline constexpr const char* kWorldDns = "127.0.0.1:5353";

std::filesystem::path plugin_path(const std::string& name);
std::filesystem::path extra_plugin_path(const std::string& name);

/// An indicator parsed the way the CLI parses it; fails the test when it does not parse.
sdk::Indicator indicator(const std::string& text);

class PluginHarness {
  public:
    /// Load the plugin and make a source from `toml` (the body of its [sources.NAME] table),
    /// with the network services of `config` (default: the test world's).
    explicit PluginHarness(const std::filesystem::path& so, const std::string& toml = "",
                           const std::filesystem::path& config = RENRAKU_TEST_WORLD_CONFIG);
    sdk::Outcome lookup(const std::string& indicator_text, int deadline_ms = 4000);
    sdk::Outcome lookup(const sdk::Indicator& ind, int deadline_ms = 4000);
    const sdk::SourceInfo& info() const { return plugin_.info; }
    std::size_t dns_questions() const { return hub_->resolver.questions_sent(); }
    core::ServiceHub& hub() { return *hub_; }

  private:
    core::Plugin plugin_;
    core::Config config_; // owns the parsed table the source was made from
    std::unique_ptr<sdk::Source> source_;
    core::Config network_;
    std::unique_ptr<core::ServiceHub> hub_;
};

/// The network services of the test world's config, with another timeout if given.
std::unique_ptr<core::ServiceHub> world_hub(int timeout_ms = 1000,
                                            const std::string& extra_toml = "");

/// The test world's config with one more connect_to rule put first (so it wins), as a file.
std::filesystem::path world_config_redirecting(const std::string& rule);

/// The test world's config sending every registry to its counting ports, whose questions are
/// counted apart ("HOST#count" in whois_questions()). Tests that count use it and the [counting]
/// tag, which CTest runs one at a time.
std::filesystem::path counting_world_config();

/// A whole file, as bytes.
std::string read_file(const std::filesystem::path& file);

/// Write a config file in a fresh temporary folder and return its path.
std::filesystem::path write_temp_config(const std::string& body,
                                        const std::string& name = "renraku.toml");

/// Findings of an outcome whose contact e-mail is `email`.
std::vector<sdk::Finding> with_email(const sdk::Outcome& o, const std::string& email);

bool has_signal(const sdk::Finding& f, const std::string& signal);

} // namespace renraku::test
