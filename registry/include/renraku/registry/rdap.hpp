#pragma once
/// @file rdap.hpp
/// @brief Reading RDAP answers (RFC 9083) of address registries.

#include "renraku/registry/address_registry.hpp"
#include "renraku/registry/kit.hpp"

#include <string>

namespace renraku::registry {

/// @brief What an RDAP ip network or autnum answer says.
struct RegistryRdap {
    Outcome outcome;
    /// The first address of the network (startAddress, cleaned); empty for AS numbers.
    std::string start;
    /// The country: the object's own, else its registrant's address (ISO 3166 alpha-2).
    std::string country;
    /// The abuse entity lists several addresses and marks none as its abuse mailbox (no vCard
    /// TYPE "abuse", no PREF, no validation remark): the registry's whois may say which.
    bool abuse_unclear = false;
};

/// @brief Read an RDAP ip network or autnum answer: every entity (nested ones too) with its
/// roles, the e-mail and telephone of its vCard, the range (cidr0 or start/end), the country
/// and the age of the object; of an abuse entity's addresses, only the one it marks as its
/// abuse mailbox is the abuse contact. A body that is not JSON, or nested deeper than 64
/// levels, is a bad_answer.
RegistryRdap read_registry_rdap(const std::string& body, const std::string& server,
                                const RegistryProfile& profile, long today_days);

/// @brief read_registry_rdap()'s outcome alone.
Outcome registry_rdap_findings(const std::string& body, const std::string& server,
                               const RegistryProfile& profile, long today_days);

/// @brief The first address of the network an RDAP answer describes (its startAddress, cleaned
/// of zero padding and prefix suffixes); empty when there is none.
std::string rdap_start_address(const std::string& body);

/// @brief The country an RDAP answer gives: the object's `country`, else the country of its
/// registrant's (or first entity's) address, as ISO 3166 alpha-2; empty when none.
std::string rdap_country(const std::string& body);

/// @brief The NIR that manages the block an RDAP answer describes: named in its remarks
/// ("JPNIC Allocation Block") or the owner of one of its entities' handles; nullptr when none.
const NirProfile* rdap_nir(const std::string& body, const RegistryProfile& profile);

/// @brief True when JSON text nests no deeper than `max_depth` (checked before parsing, so
/// that hostile input cannot exhaust the stack).
bool json_depth_within(const std::string& text, int max_depth);

} // namespace renraku::registry
