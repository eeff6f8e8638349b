#pragma once
/// @file reverse.hpp
/// @brief Reverse-DNS names for addresses and prefixes.

#include <optional>
#include <string>
#include <string_view>

namespace renraku::sdk {

/// @brief The reverse name that covers an address or prefix: the full name for one address
/// ("10.2.0.192.in-addr.arpa"), and for a prefix the name of the last whole octet (IPv4) or
/// nibble (IPv6) inside it ("2.0.192.in-addr.arpa" for 192.0.2.0/24 and for 192.0.2.0/26).
/// nullopt when `address` is not an address.
std::optional<std::string> reverse_name(std::string_view address, int prefix_len);

} // namespace renraku::sdk
