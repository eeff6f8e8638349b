#include "renraku/sdk/reverse.hpp"

#include <arpa/inet.h>

namespace renraku::sdk {

std::optional<std::string> reverse_name(std::string_view address, int prefix_len) {
    std::string text(address);
    unsigned char bytes[16] = {};
    bool v6 = text.find(':') != std::string::npos;
    if (inet_pton(v6 ? AF_INET6 : AF_INET, text.c_str(), bytes) != 1) return std::nullopt;
    int bits = v6 ? 128 : 32;
    if (prefix_len < 0 || prefix_len > bits) prefix_len = bits;
    std::string out;
    if (!v6) {
        for (int i = prefix_len / 8 - 1; i >= 0; --i)
            out += std::to_string(bytes[i]) + ".";
        return out + "in-addr.arpa";
    }
    static const char* hex = "0123456789abcdef";
    for (int n = prefix_len / 4 - 1; n >= 0; --n) {
        unsigned char b = bytes[n / 2];
        out.push_back(hex[n % 2 == 0 ? b >> 4 : b & 0xF]);
        out.push_back('.');
    }
    return out + "ip6.arpa";
}

} // namespace renraku::sdk
