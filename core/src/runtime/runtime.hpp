#pragma once
// Everything a command needs before it can run: the config, the plugins, the sources.

#include "../config/config.hpp"
#include "../engine/engine.hpp"
#include "../plugin/loader.hpp"

#include <map>
#include <string>
#include <vector>

namespace renraku::core {

struct SourceStatus {
    std::string name;
    std::string version;
    std::string description;
    sdk::TypeMask types = 0;
    bool needs_network = true;
    bool enabled = false;
    std::string state; // "enabled", "disabled", "refused"
    std::string reason;
    std::string path;
    std::vector<sdk::ConfigKey> keys;                   // what the plugin declares
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

/// "ipv4,ipv6,cidr" for a mask.
std::string types_text(sdk::TypeMask mask);

} // namespace renraku::core
