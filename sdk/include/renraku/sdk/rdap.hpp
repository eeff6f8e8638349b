#pragma once
/// @file rdap.hpp
/// @brief Reading RDAP answers (RFC 9083) of address registries.

#include "renraku/sdk/address_registry.hpp"
#include "renraku/sdk/outcome.hpp"

#include <string>

namespace renraku::sdk {

/// @brief Findings from an RDAP ip network or autnum answer: every entity (nested ones too)
/// with its roles, the e-mail and telephone of its vCard, the range (cidr0 or start/end), the
/// country and the age of the object. A body that is not JSON, or nested deeper than 64
/// levels, is a bad_answer.
Outcome registry_rdap_findings(const std::string& body, const std::string& server,
                               const RegistryProfile& profile, long today_days);

/// @brief The first address of the network an RDAP answer describes (its startAddress, cleaned
/// of zero padding and prefix suffixes); empty when there is none.
std::string rdap_start_address(const std::string& body);

/// @brief True when JSON text nests no deeper than `max_depth` (checked before parsing, so
/// that hostile input cannot exhaust the stack).
bool json_depth_within(const std::string& text, int max_depth);

} // namespace renraku::sdk
