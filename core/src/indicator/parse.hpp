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

/// How much of an indicator to work out. A name's registrable and registered domains take
/// most of its parse (Public Suffix List searches, each label in turn); text extraction parses
/// every token it keeps but needs only the value and type to tell them apart, and a lookup
/// parses each value it keeps again, in full (parse_value). Value, type, host, address and
/// acceptance are the same at both depths.
enum class ParseDepth {
    full,  ///< everything
    value, ///< `registrable`, `registered`, `input` and (but for IDN) `host_unicode` left empty
};

/// Parse one indicator. Accepts defanged forms (hxxp, [.], [@]), IDN in Unicode or punycode,
/// every IPv6 form, reverse names, and AS numbers as AS64496, ASN64496 or asdot.
ParseResult parse_indicator(std::string_view text, ParseDepth depth = ParseDepth::full);

/// Parse a value renraku itself wrote (Indicator::value): as it is, with nothing undone. A value
/// may hold what parse_indicator would take for defanging ("http://example.com/(.)/"), so a
/// value is read back with this, not with parse_indicator, to come to the same indicator.
ParseResult parse_value(std::string_view value);

/// Undo the usual defanging: "hxxp://example[.]com" -> "http://example.com".
std::string refang(std::string_view text);

} // namespace renraku::core
