#pragma once
// Checking a [sources.NAME] table against the keys its plugin declares.

#include "../config/config.hpp"
#include "renraku/sdk/source.hpp"

namespace renraku::core {

struct CheckedSourceConfig {
    bool enabled = true;
    sdk::SourceConfig values;
    std::map<std::string, sdk::ConfigValue> effective; // the same values, to show them
};

/// "an integer", "an array of strings": what a key of this type holds.
const char* type_word(sdk::ValueType t);

/// A value as TOML writes it: true, 42, "text", ["a", "b"].
std::string toml_text(const sdk::ConfigValue& v);

/// Fill in defaults, check types, refuse unknown keys with file:line. Throws ConfigError.
CheckedSourceConfig check_source_config(const sdk::SourceInfo& info, const SourceTable* table,
                                        const std::filesystem::path& file);

} // namespace renraku::core
