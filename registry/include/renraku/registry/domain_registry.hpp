#pragma once
/// @file domain_registry.hpp
/// @brief Domain registries and registrars: RDAP through IANA's bootstrap and the registrar's
/// `related` link, whois through IANA's `whois:` referral and the thin registries'
/// `Registrar WHOIS Server:`. The `gtld` and `cctld` plugins are two profiles of this.

#include "renraku/registry/domain_whois.hpp"
#include "renraku/registry/kit.hpp"
#include "renraku/sdk/source.hpp"

#include <memory>
#include <string>
#include <vector>

namespace renraku::registry {

/// @brief Which top-level domains a domain registry source answers for.
struct DomainRegistryProfile {
    std::string name;                      ///< the source's name: "gtld", "cctld"
    bool country_codes = false;            ///< two-letter TLDs (true) or all the others (false)
    std::vector<std::string> default_skip; ///< TLDs left to a dedicated plugin ("jp")
};

/// @brief What an RDAP domain answer says (RFC 9083 with ICANN's gTLD profile).
struct DomainRdap {
    bool valid = false; ///< the body was a JSON object
    std::string registrar;
    /// The registrar's own RDAP record of the domain (a `related` link), when given.
    std::string registrar_link;
    std::vector<DomainContact> contacts;
    std::vector<std::string> redacted;
    /// Values that named an address the address rule refuses, with why, and malformed members
    /// skipped (reported as notes).
    std::vector<std::string> refused;
};

/// @brief Read an RDAP domain answer: every entity (nested ones too, so the registrar's abuse
/// contact), its roles, the e-mail and `contact-uri` of its vCard; values and RFC 9537
/// `redacted` members that withhold data. Bounded as the address RDAP reader is.
DomainRdap parse_domain_rdap(const std::string& body);

/// @brief The same, knowing the privacy and proxy services of the shipped list (see
/// parse_domain_whois).
DomainRdap parse_domain_rdap(const std::string& body, const PrivacyServices& services);

/// @brief What IANA's whois answer about a TLD says.
struct IanaTld {
    bool known = false; ///< IANA has a record of the TLD (a `domain:` line)
    std::string whois;  ///< its `whois:` server; empty when IANA lists none
};

/// @brief Read IANA's whois answer about a TLD.
IanaTld read_iana_tld(const std::string& iana_text);

/// @brief Findings, with signals, from the contacts a domain registry or registrar gave.
std::vector<Finding> domain_contact_findings(const std::vector<DomainContact>& contacts,
                                             const std::string& server, const std::string& domain);

/// @brief One plain-language line for withheld fields: "registrant, admin and tech contact
/// data withheld by whois.enom.com (REDACTED FOR PRIVACY)"; empty when nothing was withheld.
std::string redaction_caveat(const std::vector<std::string>& redacted, const std::string& server);

/// @brief A plugin factory for a family of domain registries.
class DomainRegistryFactory : public Factory {
  public:
    DomainRegistryFactory(DomainRegistryProfile profile, std::string description);
    SourceInfo info() const override;
    std::unique_ptr<Source> make(const SourceConfig& config) const override;

  private:
    DomainRegistryProfile profile_;
    std::string description_;
};

} // namespace renraku::registry
