#pragma once
// Turning what a user typed into a normalised Indicator, or one line saying why not.

#include "renraku/sdk/indicator.hpp"

#include <string>
#include <string_view>
#include <variant>

namespace renraku::core {

struct ParseError {
    std::string message; // "not an IPv4 address: octet 256 is out of range"
};

using ParseResult = std::variant<sdk::Indicator, ParseError>;

/// Parse one indicator. Accepts defanged forms (hxxp, [.], [@]), IDN in Unicode or punycode,
/// every IPv6 form, reverse names, and AS numbers as AS64496, ASN64496 or asdot.
ParseResult parse_indicator(std::string_view text);

/// Undo the usual defanging: "hxxp://example[.]com" -> "http://example.com".
std::string refang(std::string_view text);

} // namespace renraku::core
