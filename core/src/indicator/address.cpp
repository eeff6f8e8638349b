#include "address.hpp"

#include <arpa/inet.h>

namespace renraku::core {

namespace {

// Addresses are written by hand, exactly as glibc's inet_ntop writes them (values already stored
// in caches and ledgers depend on it), because inet_ntop writes each part with sprintf: a tenth
// of the time of extracting a log of distinct addresses.

// Both write into a buffer on the stack and the string is made once at the end: appending
// character by character checked the capacity each time, and an IPv6 text reserved on the heap.
constexpr std::size_t kMaxAddressText = 46; // INET6_ADDRSTRLEN

char* write_ipv4(char* out, const std::uint8_t* b) {
    for (std::size_t i = 0; i < 4; ++i) {
        unsigned v = b[i];
        if (i > 0) *out++ = '.';
        if (v >= 100) *out++ = static_cast<char>('0' + v / 100);
        if (v >= 10) *out++ = static_cast<char>('0' + v / 10 % 10);
        *out++ = static_cast<char>('0' + v % 10);
    }
    return out;
}

// RFC 5952 as inet_ntop has it: lower-case hex, the first longest run of two or more zero
// groups as "::", and the last 32 bits as IPv4 after 96 zero bits or ::ffff:.
char* write_ipv6(char* out, const std::array<std::uint8_t, 16>& bytes) {
    std::array<unsigned, 8> words{};
    for (std::size_t i = 0; i < 8; ++i)
        words[i] = (static_cast<unsigned>(bytes[2 * i]) << 8) | bytes[2 * i + 1];
    int best_base = -1;
    int best_len = 0;
    int cur_base = -1;
    int cur_len = 0;
    for (int i = 0; i < 8; ++i) {
        if (words[static_cast<std::size_t>(i)] == 0) {
            if (cur_base < 0) {
                cur_base = i;
                cur_len = 0;
            }
            ++cur_len;
            if (cur_len > best_len) { // the first of equal runs stays the best
                best_base = cur_base;
                best_len = cur_len;
            }
        } else {
            cur_base = -1;
        }
    }
    if (best_len < 2) best_base = -1;

    static constexpr char kHex[] = "0123456789abcdef";
    for (int i = 0; i < 8; ++i) {
        if (best_base >= 0 && i >= best_base && i < best_base + best_len) {
            if (i == best_base) *out++ = ':';
            continue;
        }
        if (i != 0) *out++ = ':';
        if (i == 6 && best_base == 0 && (best_len == 6 || (best_len == 5 && words[5] == 0xffff)))
            return write_ipv4(out, bytes.data() + 12);
        unsigned w = words[static_cast<std::size_t>(i)];
        bool started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            unsigned nibble = (w >> shift) & 0xF;
            if (nibble == 0 && !started && shift > 0) continue;
            started = true;
            *out++ = kHex[nibble];
        }
    }
    if (best_base >= 0 && best_base + best_len == 8) *out++ = ':';
    return out;
}

} // namespace

std::string IpAddress::to_string() const {
    std::array<char, kMaxAddressText> text{};
    char* end = v6 ? write_ipv6(text.data(), bytes) : write_ipv4(text.data(), bytes.data());
    return std::string(text.data(), end);
}

std::string IpAddress::reverse_name() const {
    std::string out;
    if (!v6) {
        for (int i = 3; i >= 0; --i)
            out += std::to_string(bytes[static_cast<std::size_t>(i)]) + ".";
        return out + "in-addr.arpa";
    }
    static const char* hex = "0123456789abcdef";
    for (int i = 15; i >= 0; --i) {
        auto b = bytes[static_cast<std::size_t>(i)];
        out.push_back(hex[b & 0xF]);
        out.push_back('.');
        out.push_back(hex[b >> 4]);
        out.push_back('.');
    }
    return out + "ip6.arpa";
}

IpAddress IpAddress::masked(int prefix_len) const {
    IpAddress out = *this;
    for (int i = 0; i < 16; ++i) {
        int keep = prefix_len - i * 8;
        auto& b = out.bytes[static_cast<std::size_t>(i)];
        if (keep <= 0) {
            b = 0;
        } else if (keep < 8) {
            b = static_cast<std::uint8_t>(b & (0xFF << (8 - keep)));
        }
    }
    return out;
}

std::optional<IpAddress> parse_ipv4(std::string_view s, std::string& why) {
    IpAddress ip;
    int part = 0;
    std::size_t i = 0;
    while (true) {
        std::size_t start = i;
        unsigned value = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            value = value * 10 + static_cast<unsigned>(s[i] - '0');
            if (i - start >= 3) {
                why = "not an IPv4 address: a part has more than three digits";
                return std::nullopt;
            }
            ++i;
        }
        std::size_t len = i - start;
        if (len == 0) {
            why = "not an IPv4 address: empty or non-numeric part";
            return std::nullopt;
        }
        if (len > 1 && s[start] == '0') {
            why = "not an IPv4 address: part \"" + std::string(s.substr(start, len)) +
                  "\" has a leading zero (octal or decimal?)";
            return std::nullopt;
        }
        if (value > 255) {
            why = "not an IPv4 address: part " + std::to_string(value) + " is above 255";
            return std::nullopt;
        }
        if (part >= 4) {
            why = "not an IPv4 address: more than four parts";
            return std::nullopt;
        }
        ip.bytes[static_cast<std::size_t>(part++)] = static_cast<std::uint8_t>(value);
        if (i == s.size()) break;
        if (s[i] != '.') {
            why = "not an IPv4 address: unexpected character";
            return std::nullopt;
        }
        ++i;
    }
    if (part != 4) {
        why = "not an IPv4 address: " + std::to_string(part) + " parts, need 4";
        return std::nullopt;
    }
    return ip;
}

std::optional<IpAddress> parse_ipv6(std::string_view s, std::string& why) {
    if (!s.empty() && s.front() == '[') {
        if (s.back() != ']') {
            why = "not an IPv6 address: unbalanced brackets";
            return std::nullopt;
        }
        s = s.substr(1, s.size() - 2);
    }
    if (auto pct = s.find('%'); pct != std::string_view::npos) s = s.substr(0, pct);
    if (s.size() > 45) {
        why = "not an IPv6 address: too long";
        return std::nullopt;
    }
    std::string text(s);
    IpAddress ip;
    ip.v6 = true;
    if (inet_pton(AF_INET6, text.c_str(), ip.bytes.data()) != 1) {
        why = "not an IPv6 address";
        return std::nullopt;
    }
    return ip;
}

} // namespace renraku::core
