#pragma once
/// @file address_registry.hpp
/// @brief What every address registry (RIR) source shares: deciding whether the registry
/// holds an address, prefix or AS number (IANA's bootstrap data), asking its whois server, and
/// turning the answer into findings with the memo's caveats. A registry's plugin supplies only
/// its profile.

#include "renraku/sdk/source.hpp"
#include "renraku/sdk/whois.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace renraku::sdk {

struct RegistryProfile {
    std::string name;         ///< the source's name, e.g. "ripe"
    std::string rdap_host;    ///< its RDAP host in IANA's bootstrap data, e.g. "rdap.db.ripe.net"
    std::string whois_server; ///< its whois server, e.g. "whois.ripe.net"
    /// Query templates for its own server, "{}" standing for the question.
    std::string ip_template = "{}";
    std::string asn_template = "{}";
    /// Addresses that stand in for a holder's own (e.g. "removed@lacnic.net"): never `to`.
    std::vector<std::string> placeholder_emails;
    /// Maintainers that mark a record an NIR manages (e.g. "MAINT-JPNIC"): its contacts are the
    /// NIR's, and the NIR's own database has the holder's.
    std::map<std::string, std::string> nir_maintainers; ///< maintainer -> NIR name
};

/// @brief The query templates of every RIR's whois server, for following referrals.
std::map<std::string, std::string> rir_whois_templates();

/// @brief Findings from one whois answer of an address registry. `today_days` is the current
/// date as days since 1970-01-01 (for the age of records).
Outcome registry_whois_findings(const WhoisAnswer& answer, const RegistryProfile& profile,
                                long today_days);

/// @brief The age signal of a record last changed on `updated_days` (days since 1970):
/// recently_updated within two years, stale_record after five; nullptr in between.
const char* record_age_signal(long updated_days, long today_days);

/// @brief The caveat on contacts of a block an NIR manages.
std::string nir_caveat(const RegistryProfile& profile, const std::string& nir);

/// @brief The NIR that manages the record in a whois answer, per the profile's maintainers;
/// empty when none.
std::string nir_of(const std::string& whois_text, const RegistryProfile& profile);

/// @brief A source for one address registry, from its profile and its config values
/// (keys: whois_server).
std::unique_ptr<Source> make_address_registry_source(RegistryProfile profile,
                                                     const SourceConfig& config);

/// @brief The config keys make_address_registry_source() reads, with the profile's defaults.
std::vector<ConfigKey> address_registry_keys(const RegistryProfile& profile);

/// @brief The factory of an address registry's source: describes it (types ipv4, ipv6, cidr,
/// asn; the keys of address_registry_keys()) and makes it from its profile. A registry's plugin
/// derives from it with its profile and description, and exports that with RENRAKU_PLUGIN.
class AddressRegistryFactory : public Factory {
  public:
    AddressRegistryFactory(RegistryProfile profile, std::string description);
    SourceInfo info() const override;
    std::unique_ptr<Source> make(const SourceConfig& config) const override;

  private:
    RegistryProfile profile_;
    std::string description_;
};

/// @brief Today as days since 1970-01-01, from an ISO 8601 UTC time ("2026-11-25T...").
long days_of_iso8601(const std::string& iso);

} // namespace renraku::sdk
