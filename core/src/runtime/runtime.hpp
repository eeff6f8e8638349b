#pragma once
// Everything a command needs before it can run: the config, the plugins, the sources.

#include "../config/config.hpp"
#include "../engine/engine.hpp"
#include "../plugin/loader.hpp"

#include <map>
#include <string>
#include <vector>

namespace renraku::core {

/// Whether a source runs: enabled, disabled (by whom), or refused (it cannot).
enum class SourceState { enabled, disabled, refused };
/// "enabled", "disabled", "refused".
const char* source_state_name(SourceState s);
enum class DisabledBy { none, config, selection, offline };

struct SourceStatus {
    std::string name;
    std::string version;
    std::string description;
    sdk::TypeMask types = 0;
    bool needs_network = true;
    bool enabled = false;
    SourceState state = SourceState::disabled;
    DisabledBy disabled_by = DisabledBy::none;
    std::string reason;
    std::string path;
    std::vector<sdk::ConfigKey> keys;                  // what the plugin declares
    std::map<std::string, sdk::ConfigValue> effective; // its values after the config
    bool enabled_in_config = true;
};

struct Runtime {
    Config config;
    std::vector<Plugin> plugins;
    std::vector<SourceStatus> statuses;
    std::vector<SourceInstance> sources; // the ones that will run
};

struct Selection {
    std::vector<std::string> only; // --sources
    bool offline = false;          // --offline
    bool no_cache = false;         // --no-cache: --offline then has nothing to answer from
};

/// Load config and plugins, check every [sources.NAME] table, make the selected sources.
/// Throws ConfigError for anything the user must fix.
Runtime prepare_runtime(const std::string& config_arg, const Selection& selection);

/// The services and the engine of one run, built once from the runtime's config: the one place
/// where they are put together (the Redis URL, the cache, the budget, the contact history).
/// Throws ConfigError for a backend this build cannot use.
class LookupStack {
  public:
    explicit LookupStack(Runtime& rt, CacheMode mode = CacheMode::use);
    ~LookupStack();
    LookupStack(const LookupStack&) = delete;
    LookupStack& operator=(const LookupStack&) = delete;

    ServiceHub& services() { return *services_; }
    Engine& engine() { return *engine_; }

  private:
    std::unique_ptr<ServiceHub> services_; // declared first: outlives the engine
    std::unique_ptr<Engine> engine_;
};

/// "ipv4,ipv6,cidr" for a mask.
std::string types_text(sdk::TypeMask mask);

} // namespace renraku::core
