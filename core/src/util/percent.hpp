#pragma once
// %XX escapes (RFC 3986) decoded, for reading what a URL's query hides: extraction, redaction
// and the leak scan read escaped text the same way.

#include <cstddef>
#include <string>
#include <string_view>

namespace renraku::core {

struct PercentDecoded {
    std::string text;        // a decoded control byte (a line break) becomes a blank: it must
                             // not start a line or a header of its own
    std::size_t escapes = 0; // how many %XX were decoded ("+" is kept as it is)
};

PercentDecoded percent_decode(std::string_view text);

} // namespace renraku::core
