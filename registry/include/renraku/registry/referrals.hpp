#pragma once
/// @file referrals.hpp
/// @brief What a registry source needs to follow a whois referral into another registry: the
/// query form each registry's server wants and the names registries go by in "transferred to"
/// notes. Shipped data (`registries/whois.json` in the data folder), not code, so that a change
/// at one registry is a data change.

#include "renraku/registry/kit.hpp"
#include "renraku/sdk/whois.hpp"

#include <map>
#include <string>
#include <vector>

namespace renraku::registry {

struct WhoisDirectory {
    std::map<std::string, std::string> ip_templates;  ///< server -> "-B {}"
    std::map<std::string, std::string> asn_templates; ///< server -> "a + {}"
    std::map<std::string, std::string> names;         ///< "ripe ncc" -> "whois.ripe.net"
    std::vector<std::string> domains;                 ///< every registry's own mail domains
    std::string problem; ///< why the file could not be read; empty when it was
};

/// @brief The directory in `DATA_DIR/registries/whois.json`, read once per process and folder.
/// A missing or broken file gives an empty directory with `problem` set: referrals are then
/// asked with the bare question.
const WhoisDirectory& whois_directory(const std::string& data_dir);

/// @brief Fill a request's referral templates and transfer names from the directory, with the
/// asking registry's own template for its own server on top.
void add_referral_facts(sdk::WhoisRequest& request, const WhoisDirectory& directory, bool asn);

} // namespace renraku::registry
