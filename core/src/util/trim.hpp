#pragma once
// Text without the ASCII white space at either end (space, tab, CR, LF, VT, FF). For blanks
// on one line only (space, tab, CR), the SDK's sdk::trim_blanks.

#include "renraku/sdk/text.hpp"

#include <string>
#include <string_view>

namespace renraku::core {

inline std::string_view trim_space(std::string_view s) {
    auto space = [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
    };
    while (!s.empty() && space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && space(s.back()))
        s.remove_suffix(1);
    return s;
}

inline std::string trimmed_space(std::string_view s) {
    return std::string(trim_space(s));
}

/// Without spaces, tabs and carriage returns at either end (sdk::trim_blanks), as a string.
inline std::string trimmed_blanks(std::string_view s) {
    return std::string(sdk::trim_blanks(s));
}

} // namespace renraku::core
