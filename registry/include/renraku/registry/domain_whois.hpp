#pragma once
/// @file domain_whois.hpp
/// @brief Reading the answers of domain registries and registrars: the ICANN key-value layout,
/// RPSL objects with handles, indented contact blocks under a heading, `[bracket]` fields,
/// dotted keys ("email......: x"), and the redaction and privacy services that stand in for a
/// registrant.

#include "renraku/registry/kit.hpp"
#include "renraku/registry/privacy_services.hpp"
#include "renraku/sdk/finding.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace renraku::registry {

/// @brief One way to reach someone, as a domain whois answer gives it.
struct DomainContact {
    Role role = Role::other;
    std::string email; ///< set, or `url` is
    std::string url;   ///< a web form standing in for an e-mail address
    std::string field; ///< the key the value was read from, as written ("Tech Email")
    /// The contact is the registrar's (its abuse, customer service or admin address).
    bool registrar = false;
    /// Found in the registry's own notice or disclaimer text, not in the record.
    bool registry_text = false;
    /// The contact is a privacy or proxy service standing in for the registrant.
    bool privacy_proxy = false;
    /// The service, when the shipped list of privacy and proxy services names it.
    std::string privacy_service;
};

/// @brief What a domain whois answer says.
struct DomainWhois {
    bool not_found = false; ///< the server says there is no such domain
    std::string registrar;
    std::string registrar_whois_server;  ///< "Registrar WHOIS Server:" (thin registries)
    std::string last_update;             ///< as written
    std::vector<DomainContact> contacts; ///< in the order of the answer; one per (address, role)
    /// Fields withheld by the registry, "Registrant Email: REDACTED FOR PRIVACY".
    std::vector<std::string> redacted;
    /// Values that named an address the address rule refuses, with why (reported as notes).
    std::vector<std::string> refused;
};

/// @brief Read a domain whois answer (already in UTF-8). Bounded: at most 20,000 lines and 500
/// contacts are looked at.
///
/// The role of an address comes from, in order: its own key ("Admin Email", "tech-c"), the
/// handle of the RPSL object it is in when another object names that handle ("admin-c: X" ...
/// "nic-hdl: X"), or the nearest heading above it ("Technical contact:", "[Tech-C]",
/// "Registrant:"). Addresses in comment lines ('%', '#') and in free text with no key are the
/// registry's own (`registry_text`).
DomainWhois parse_domain_whois(std::string_view text);

/// @brief The same, knowing the privacy and proxy services of the shipped list: a contact whose
/// address, name, organisation or handle the list names is `privacy_proxy`, with the service.
DomainWhois parse_domain_whois(std::string_view text, const PrivacyServices& services);

/// @brief True when a value stands for withheld data: "REDACTED FOR PRIVACY", "Data Protected",
/// "Not Disclosed", "Please query the RDDS service of the Registrar of Record", ...
bool is_redacted_value(std::string_view value);

/// @brief True when a name, organisation or address belongs to a privacy or proxy service
/// ("Domains By Proxy, LLC", "WhoisGuard", "Contact Privacy Inc.", "withheldforprivacy.com").
bool is_privacy_service(std::string_view value);

} // namespace renraku::registry
