#include "percent.hpp"

namespace renraku::core {

namespace {

int hex_value(char c) {
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

} // namespace

PercentDecoded percent_decode(std::string_view text) {
    PercentDecoded out;
    out.text.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        int hi = 0;
        int lo = 0;
        if (text[i] == '%' && i + 2 < text.size() && (hi = hex_value(text[i + 1])) >= 0 &&
            (lo = hex_value(text[i + 2])) >= 0) {
            auto c = static_cast<unsigned char>(hi * 16 + lo);
            out.text.push_back(c < 0x20 || c == 0x7f ? ' ' : static_cast<char>(c));
            ++out.escapes;
            i += 2;
        } else {
            out.text.push_back(text[i]);
        }
    }
    return out;
}

} // namespace renraku::core
