#pragma once
// The effective configuration, each value with where it came from: for `check-config`.

#include "../config/config.hpp"

#include <string>
#include <vector>

namespace renraku::core {

struct Setting {
    std::string key;    // "network.timeout_ms"
    std::string value;  // as TOML writes it
    std::string origin; // "default", "FILE:LINE", "environment XDG_CACHE_HOME", ...
};

/// Every core key, with its effective value and origin. Source keys are added by the caller,
/// which knows the plugins.
std::vector<Setting> describe_core(const Config& config);

/// "FILE:LINE" when `dotted` ("network.timeout_ms") is written in the config file, else "".
std::string written_at(const Config& config, const std::string& dotted);
/// The same for a key whose parts may hold dots (a server name).
std::string written_at(const Config& config, const std::vector<std::string>& parts);

/// A string as TOML writes it.
std::string toml_quoted(const std::string& s);

} // namespace renraku::core
