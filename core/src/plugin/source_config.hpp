#pragma once
// Checking a [sources.NAME] table against the keys its plugin declares.

#include "../config/config.hpp"
#include "renraku/sdk/source.hpp"

namespace renraku::core {

struct CheckedSourceConfig {
    bool enabled = true;
    sdk::SourceConfig values;
};

/// Fill in defaults, check types, refuse unknown keys with file:line. Throws ConfigError.
CheckedSourceConfig check_source_config(const sdk::SourceInfo& info, const SourceTable* table,
                                        const std::filesystem::path& file);

} // namespace renraku::core
