#pragma once
/// @file indicator.hpp
/// @brief What a source is asked about.
///
/// The core parses and normalises everything the user types (defanged URLs, IDN, reverse names,
/// every IPv6 form) before a source sees it, so a source can trust these fields: they are
/// canonical, ASCII and bounded.

#include <cstdint>
#include <string>
#include <string_view>

namespace renraku::sdk {

/// @brief The kinds of indicator. Values are bits so that a source can declare a set of them.
enum class IndicatorType : std::uint32_t {
    ipv4 = 1U << 0,   ///< one IPv4 address
    ipv6 = 1U << 1,   ///< one IPv6 address
    cidr = 1U << 2,   ///< an IPv4 or IPv6 prefix
    asn = 1U << 3,    ///< an autonomous system number
    domain = 1U << 4, ///< a domain or host name
    url = 1U << 5,    ///< a URL; the core also derives its host as a `domain` or address indicator
    email = 1U << 6,  ///< an e-mail address; the core also derives its domain
};

/// @brief A set of IndicatorType bits.
using TypeMask = std::uint32_t;

/// @brief The bit of one type, for building a TypeMask.
constexpr TypeMask bit(IndicatorType t) {
    return static_cast<TypeMask>(t);
}

/// @brief The contract's name of a type: "ipv4", "ipv6", "cidr", "asn", "domain", "url", "email".
std::string_view type_name(IndicatorType t);

/// @brief One indicator, normalised.
struct Indicator {
    IndicatorType type = IndicatorType::domain;
    /// The text as the user gave it (may be defanged). Untrusted: sanitise before printing.
    std::string input;
    /// Canonical form: "192.0.2.10", "2001:db8::1", "192.0.2.0/24", "AS64496",
    /// "www.example.jp" (ASCII, lower case, no trailing dot), the URL with its host normalised,
    /// or "user@example.jp".
    std::string value;
    /// domain, url and email: the host name in ASCII (punycode), lower case. Empty when a URL's
    /// host is an address literal.
    std::string host;
    /// The host name in Unicode, for display (equal to `host` when it has no IDN label).
    std::string host_unicode;
    /// The registrable domain of `host` per the Public Suffix List (e.g. "example.co.jp"); empty
    /// when the host is itself a public suffix.
    std::string registrable;
    /// The domain its registry knows: the registrable domain per the ICANN section of the
    /// Public Suffix List only ("blogspot.com" for "x.blogspot.com", where `registrable` is
    /// "x.blogspot.com" because of the list's private section). Domain registry sources ask
    /// about this one.
    std::string registered;
    /// ipv4, ipv6, cidr (the network address), or a URL whose host is an address literal.
    std::string address;
    /// cidr: the prefix length; ipv4: 32; ipv6: 128; otherwise -1.
    int prefix_len = -1;
    /// asn: the AS number.
    std::uint32_t asn = 0;
    /// For indicators the core derived from another (a URL's host, a host's address), the
    /// canonical value of that other indicator; empty for what the user gave.
    std::string parent;

    /// @brief True for an IPv6 address, an IPv6 prefix, or a URL with an IPv6 literal.
    bool is_ipv6() const { return address.find(':') != std::string::npos; }
};

/// @brief The domain to ask a registry about: `registered` (the ICANN registrable domain), else
/// `registrable`, else the host itself.
std::string registered_domain_of(const Indicator& ind);


} // namespace renraku::sdk
