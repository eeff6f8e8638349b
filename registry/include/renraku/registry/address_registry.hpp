#pragma once
/// @file address_registry.hpp
/// @brief What every address registry (RIR) source shares: deciding whether the registry
/// holds an address, prefix or AS number (IANA's bootstrap data), asking its RDAP service and
/// whois server, and turning the answer into findings with the memo's caveats. A registry's
/// plugin supplies only its profile: the facts of that registry.

#include "renraku/registry/kit.hpp"
#include "renraku/sdk/whois.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace renraku::registry {

/// @brief A national internet registry whose blocks a regional registry's database holds.
struct NirProfile {
    std::string name; ///< "JPNIC"
    /// Maintainers that mark a block the NIR manages ("MAINT-JPNIC"), on mnt-by, mnt-lower,
    /// mnt-irt or mnt-routes of the network object.
    std::vector<std::string> maintainers;
    /// Handles of the NIR's own objects ("JNIC1-AP", "IRT-KRNIC-KR"). A handle in which the
    /// NIR's name stands as one of its dash-separated parts is the NIR's too.
    std::vector<std::string> handles;
    /// The NIR's own mail domains ("nic.ad.jp"): an address at or below one is the NIR's.
    std::vector<std::string> domains;
    /// The NIR's whois server, named in the caveats ("whois.nic.ad.jp").
    std::string whois_server;
};

struct RegistryProfile {
    std::string name;              ///< the source's name, e.g. "ripe"
    std::string version = "1.0.0"; ///< the plugin's version, its own
    std::string rdap_host;    ///< its RDAP host in IANA's bootstrap data, e.g. "rdap.db.ripe.net"
    std::string whois_server; ///< its whois server, e.g. "whois.ripe.net"
    /// Query templates for its own server, "{}" standing for the question.
    std::string ip_template = "{}";
    std::string asn_template = "{}";
    /// Addresses that stand in for a holder's own (e.g. "removed@lacnic.net"): never `to`.
    std::vector<std::string> placeholder_emails;
    /// The registry's own mail domains ("arin.net"). Its addresses in a record it keeps only
    /// as a pointer to another registry are its own, not the holder's.
    std::vector<std::string> own_domains;
    /// NIRs whose blocks this registry's database holds.
    std::vector<NirProfile> nirs;
};

/// @brief Findings from one whois answer of an address registry. `today_days` is the current
/// date as days since 1970-01-01 (for the age of records).
Outcome registry_whois_findings(const WhoisAnswer& answer, const RegistryProfile& profile,
                                long today_days);

/// @brief The age signal of a record last changed on `updated_days` (days since 1970):
/// recently_updated within two years, stale_record after five; nullptr in between.
const char* record_age_signal(long updated_days, long today_days);

/// @brief The NIR that manages the record in a whois answer, per the profile's maintainers or
/// a "mirrored by ... from NIR" remark; nullptr when none.
const NirProfile* nir_of(const std::string& whois_text, const RegistryProfile& profile);

/// @brief The NIR named by NIR-managed block markers in free text ("JPNIC Allocation Block",
/// "partially mirrored by APNIC from TWNIC") or by an object handle of the NIR's; nullptr when
/// none.
const NirProfile* nir_named_in(const std::string& text, const RegistryProfile& profile);

/// @brief True when a contact is the NIR's own: its address is at one of the NIR's domains, or
/// the object it came from is one of the NIR's handles.
bool is_nir_own(const NirProfile& nir, const std::string& email, const std::string& handle);

/// @brief Apply the NIR rule to the findings of a record of a block `nir` manages: the NIR's
/// own contacts become placeholders (never `to`, "ask the NIR"); the holder's contacts that the
/// NIR mirrors stay the holder's, with a caveat that the NIR's own whois may be more current.
/// `handle_of` gives the object handle each finding came from.
void apply_nir_rule(std::vector<Finding>& findings, const std::vector<std::string>& handle_of,
                    const NirProfile& nir, const RegistryProfile& profile);

/// @brief Validation statements a registry writes about abuse mailboxes: "ADDR was validated on
/// DATE" (APNIC's yearly check), "Abuse-mailbox validation failed" (RIPE NCC, ripe-705), ARIN's
/// "Unvalidated POC". Adds mailbox_validated (with the date in the excerpt) or
/// mailbox_validation_failed to the findings they speak of. A failure that names no address
/// applies to every abuse contact among `findings`, or with `whole_scope` (the text is one
/// contact object's own remarks) to every finding given.
void apply_validation(std::vector<Finding>& findings, const std::string& text,
                      bool whole_scope = false);

/// @brief Mark an e-mail finding as a mailbox the registry validated (`mailbox_validated`, with
/// `how`, e.g. "validated on 2025-06-01", added to its excerpt), unless it already says either
/// way.
void mark_validated(Finding& f, const std::string& how);

/// @brief One record, one voice: an address listed under several roles of one record becomes
/// one finding with its most specific role; the other roles are named in its evidence field,
/// their signals are not added.
void one_voice(std::vector<Finding>& findings);

/// @brief Mark the findings of a record that a registry keeps only as a pointer to another
/// registry which had nothing: never `to`; the registry's own addresses are placeholders.
void mark_dead_end(std::vector<Finding>& findings, const RegistryProfile& profile,
                   const std::string& trail);

/// @brief A source for one address registry, from its profile and its config values
/// (keys: whois_server, rdap, whois).
std::unique_ptr<Source> make_address_registry_source(RegistryProfile profile,
                                                     const SourceConfig& config);

/// @brief The config keys make_address_registry_source() reads, with the profile's defaults.
std::vector<ConfigKey> address_registry_keys(const RegistryProfile& profile);

/// @brief The factory of an address registry's source: describes it (types ipv4, ipv6, cidr,
/// asn; the keys of address_registry_keys(); the profile's version) and makes it from its
/// profile. A registry's plugin derives from it with its profile and description, and exports
/// that with RENRAKU_PLUGIN.
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

/// @brief The ISO 3166 alpha-2 code of a country as registries write it in addresses
/// ("United States", "JAPAN", "jp"); empty when unknown. Reads Debian's iso-codes table.
std::string country_code_of(const std::string& name_or_code);

} // namespace renraku::registry
