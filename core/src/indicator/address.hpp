#pragma once
// IP address and prefix parsing in canonical forms.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace renraku::core {

struct IpAddress {
    bool v6 = false;
    std::array<std::uint8_t, 16> bytes{}; // IPv4 uses the first four

    int bits() const { return v6 ? 128 : 32; }
    std::string to_string() const;
    /// The reverse-DNS name: "10.2.0.192.in-addr.arpa" or the 32-nibble ip6.arpa name.
    std::string reverse_name() const;
    /// Zero every bit after the first `prefix_len`.
    IpAddress masked(int prefix_len) const;
    bool operator==(const IpAddress&) const = default;
};

/// Strict dotted-quad. On failure `why` says what is wrong.
std::optional<IpAddress> parse_ipv4(std::string_view s, std::string& why);
/// Any RFC 4291 textual form, optionally in brackets, with a zone index removed.
std::optional<IpAddress> parse_ipv6(std::string_view s, std::string& why);

} // namespace renraku::core
