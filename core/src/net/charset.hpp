#pragma once
// Registry text in the charset its server speaks, to UTF-8.

#include <string>
#include <string_view>

namespace renraku::core::net {

struct Decoded {
    std::string text;
    std::size_t replaced = 0; // bytes that could not be decoded and became U+FFFD
};

/// Decode `raw` from `charset` ("utf-8", "iso-8859-1", "iso-2022-jp", "euc-jp", "shift_jis",
/// or any name iconv knows). For "utf-8" (and an empty charset), bytes that are not valid
/// UTF-8 are taken as ISO-8859-1, so nothing is lost. Other undecodable bytes become U+FFFD
/// and are counted; none is dropped silently.
Decoded decode_to_utf8(std::string_view raw, const std::string& charset);

} // namespace renraku::core::net
