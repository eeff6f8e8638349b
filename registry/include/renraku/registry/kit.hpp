#pragma once
/// @file kit.hpp
/// @brief The registry kit: readers of whois and RDAP answers and the source classes that
/// address and domain registries share, for plugins that ask registries.
///
/// The kit is not the plugin contract. The contract is `renraku/sdk/` (types, Source, Services,
/// signals, the export macro); the kit is a library built on it, versioned apart, that a plugin
/// may use or leave alone. Registry facts (servers, query templates, NIRs, placeholders) are
/// not in the kit: each registry's plugin passes them in its profile, and facts about every
/// registry at once (for following referrals) are shipped data (`registries/whois.json`).

#include "renraku/sdk/finding.hpp"
#include "renraku/sdk/outcome.hpp"
#include "renraku/sdk/source.hpp"

namespace renraku::registry {

// The kit is written in the SDK's types.
using namespace renraku::sdk;

/// @brief The kit's version (semantic versioning), independent of the SDK's ABI version.
inline constexpr const char* kKitVersion = "3.0.0";

} // namespace renraku::registry
