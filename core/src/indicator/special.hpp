#pragma once
// Addresses no registry can answer for: IANA's special-purpose address registries (RFC 6890
// and its updates) and multicast. Asking a registry about them leaks what we look at and
// answers nothing; the result says what they are instead.

#include <optional>
#include <string>
#include <string_view>

namespace renraku::core {

struct SpecialRange {
    std::string prefix; // "10.0.0.0/8"
    std::string name;   // "private-use"
    std::string rfc;    // "RFC 1918"
};

/// The special-purpose block holding `address` (canonical text), or that a prefix of
/// `prefix_len` bits at `address` lies inside; nullopt for ordinary, global space.
std::optional<SpecialRange> special_purpose(const std::string& address, int prefix_len);

/// What a special-purpose block is, without building strings (extraction asks for every
/// address of a log).
struct SpecialKind {
    std::string_view name;  // "private-use"
    std::string_view rfc;   // "RFC 1918"
    std::string_view label; // "private-use, RFC 1918" (kept for the program's lifetime)
};
std::optional<SpecialKind> special_purpose_kind(const std::string& address, int prefix_len);

/// The sentence a result carries for such an address.
std::string special_purpose_note(const std::string& indicator, const SpecialRange& range);

} // namespace renraku::core
