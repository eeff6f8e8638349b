#pragma once
// Host and domain names: IDN to ASCII and back, syntax, and the registrable domain.

#include <optional>
#include <string>
#include <string_view>

namespace renraku::core {

struct HostName {
    std::string ascii;       // lower case, punycode, no trailing dot
    std::string unicode;     // for display
    std::string registrable; // per the Public Suffix List; empty when the name is a suffix
    std::string registered;  // per its ICANN section only: the domain a registry knows
};

/// Normalise a host name (Unicode or punycode, any case, optional trailing dot). Without
/// `full`, `registrable`, `registered` and (but for a punycode name) `unicode` are left empty
/// (see ParseDepth).
std::optional<HostName> normalize_host(std::string_view text, std::string& why,
                                       bool full = true);

/// The registrable domain of an ASCII host name, per the Public Suffix List.
std::string registrable_domain(const std::string& ascii_host);

/// The registrable domain per the ICANN section of the Public Suffix List only, so that a name
/// under a private entry ("blog.example.blogspot.com") gives the domain its registry knows
/// ("blogspot.com"); empty when the name is itself a suffix.
std::string registered_domain(const std::string& ascii_host);
/// The same, searching from the domain that starts at `start` (the registrable domain, whose
/// suffix is at least as long as the ICANN one).
std::string registered_domain_from(const std::string& ascii_host, std::size_t start);

/// True when the name ends in a top-level domain the Public Suffix List names (not merely one
/// its "*" rule would allow): "example.jp" yes, "access.log" or "host.internal" no.
bool has_listed_suffix(const std::string& ascii_host);

} // namespace renraku::core
