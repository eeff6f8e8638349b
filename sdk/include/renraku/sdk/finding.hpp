#pragma once
/// @file finding.hpp
/// @brief What a source reports: contacts, with where each came from and the facts seen.
///
/// A source never scores. It reports *signals* (facts, see signals.hpp) and the core turns them
/// into a score with the weights of the user's configuration.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace renraku::sdk {

/// @brief The role a contact plays, as the contract names them.
enum class Role {
    abuse,      ///< handles abuse reports (registry abuse-c, abuse@)
    security,   ///< security team (security@, security.txt)
    csirt,      ///< a CSIRT: to ask for advice, to copy, or to relay
    noc,        ///< network operations
    tech,       ///< technical contact of a registration
    admin,      ///< administrative contact of a registration
    registrant, ///< the holder of a domain or network
    registrar,  ///< the registrar of a domain
    postmaster, ///< postmaster@ (RFC 5321, RFC 2142)
    hostmaster, ///< hostmaster@ (RFC 2142)
    root,       ///< root@ or Administrator@: may not be read at all
    soa,        ///< the RNAME of a zone's SOA record
    notify,     ///< notify/changed addresses of a registry object
    maintainer, ///< mnt-by and similar maintainers
    other,
};

/// @brief The contract's name of a role ("abuse", "soa", ...).
std::string_view role_name(Role r);
/// @brief The role of a contract name; nullopt when unknown.
std::optional<Role> role_from_name(std::string_view name);
/// @brief How specific a role is, lower first: what an address is for before whose it is
/// (abuse, csirt, security, noc, registrar, tech, admin, registrant, postmaster, hostmaster, soa,
/// notify, maintainer, root, other). Where one address has several roles, the most specific
/// one is its role.
int role_specificity(Role r);

/// @brief A way to reach someone. At least one of email, phone, url, api is set.
struct Contact {
    std::string
        email; ///< "abuse@example.net"; the core compares the domain part case-insensitively
    std::string phone; ///< as published, e.g. "+81-3-1234-5678"
    std::string url;   ///< a web form or a security.txt Contact URL
    /// A reporting API, or the service that offers one to reporters ("https://www.cleandns.com"):
    /// reports sent by software, with an account there
    std::string api;
    std::string name;
    std::string organization;
    std::string country; ///< ISO 3166 alpha-2 when known
    std::string pgp_fingerprint;
};

/// @brief What the contact is attached to.
struct Scope {
    std::string kind;  ///< "network", "domain", "zone", "asn"
    std::string value; ///< "192.0.2.0/24", "example.jp", "2.0.192.in-addr.arpa", "AS64496"
};

/// @brief Where a finding came from, precisely enough for a responder to check it by hand.
struct Evidence {
    std::string server;       ///< the server asked: "whois.arin.net", "127.0.0.1:5353"
    std::string object;       ///< the object read: "NET-192-0-2-0-1", "example.jp. SOA"
    std::string field;        ///< the field read: "OrgAbuseEmail", "RNAME"
    std::string excerpt;      ///< a short raw excerpt (the core bounds and sanitises it)
    std::string retrieved_at; ///< ISO 8601 UTC; the core fills it in when empty
    /// How it travelled (see channel.hpp, whose helpers fill these from an answer):
    /// "https", "http", "whois", "dns", "data" or "mirror". Empty: not said.
    std::string transport;
    /// DNS only: "secure", "insecure", "bogus" or "indeterminate" (validation off or failed
    /// to reach a verdict).
    std::string dnssec;
    /// DNS only, for "bogus": why validation failed.
    std::string dnssec_reason;
    /// HTTPS only: the certificate was verified, and whose it was.
    bool tls_verified = false;
    std::string tls_subject;
    std::string tls_issuer;
    /// Shipped or mirrored data: the file read and the date of its data.
    std::string data_file;
    std::string data_date;
    /// Mirrored data or a zone: the serial of what was read, when known.
    std::string serial;
};

/// @brief One contact as one source saw it.
struct Finding {
    Contact contact;
    Role role = Role::other;
    Scope scope;
    Evidence evidence;
    /// Facts about this finding, by name (see signals.hpp). Unknown names are kept and shown by
    /// --explain but weigh nothing unless the user's [scoring] gives them a weight.
    std::vector<std::string> signals;
    /// Caveats specific to this source, in plain language. The core adds the caveats that
    /// follow from the signals itself, so do not repeat those here.
    std::vector<std::string> caveats;
};

} // namespace renraku::sdk
