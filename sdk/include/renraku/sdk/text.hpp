#pragma once
/// @file text.hpp
/// @brief Text helpers every source needs for hostile registry and DNS data.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace renraku::sdk {

/// @brief Split a presentation-form domain name into labels, undoing RFC 1035 escapes
/// (`\.` stays a dot inside its label, `\DDD` is a byte). nullopt when malformed.
std::optional<std::vector<std::string>> split_dns_name(std::string_view name);

/// @brief The e-mail address an SOA RNAME stands for (RFC 1035 §8): the first label is the
/// local part, the rest the domain. "first\.last.example.jp" -> "first.last@example.jp".
/// nullopt when the RNAME cannot be a mailbox (fewer than two labels after the local part is
/// removed, empty or unprintable labels).
std::optional<std::string> rname_to_email(std::string_view rname);

/// @brief Lower-case ASCII letters only (registry data is not locale text).
std::string ascii_lower(std::string_view s);

/// @brief One character in ASCII lower case; other bytes unchanged (no locale lookup).
constexpr char ascii_lower_char(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

/// @brief `s` with ASCII letters in upper case ("jp" -> "JP"); other bytes unchanged.
std::string ascii_upper(std::string_view s);

/// @brief `s` without the spaces, tabs and carriage returns at either end.
std::string_view trim_blanks(std::string_view s);

/// @brief True when the name is `name` or below `zone` ("a.b.example.jp" is below "example.jp").
bool is_at_or_below(std::string_view name, std::string_view zone);

/// @brief Make untrusted text safe to show: control characters (C0, DEL, C1), terminal escape
/// sequences and invalid UTF-8 become visible escapes ("\x1b"); at most `max_bytes` bytes are
/// kept, with "…" added when cut. Never returns a string that can move a terminal's cursor.
std::string sanitize(std::string_view text, std::size_t max_bytes = 4096);

/// @brief An address as registries write it, made canonical enough to parse: a prefix suffix
/// dropped ("62.239.237.0/32"), IPv4 octets' zero padding removed ("074.125.000.000"), IPv6 in
/// lower case.
std::string registry_address(std::string_view text);

/// @brief True for a web address data may name as a desk's form or reporting API: https, a host
/// after the scheme, printable ASCII with no blank, quote or angle bracket, at most 2,000 bytes.
/// Anything else (http, javascript:, a line break that would start a header) is no desk's way in.
bool is_https_address(std::string_view url);

} // namespace renraku::sdk
