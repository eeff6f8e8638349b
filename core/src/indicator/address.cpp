#include "address.hpp"

#include <arpa/inet.h>

namespace renraku::core {

std::string IpAddress::to_string() const {
    char buf[INET6_ADDRSTRLEN] = {};
    if (v6) {
        inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf);
    } else {
        inet_ntop(AF_INET, bytes.data(), buf, sizeof buf);
    }
    return buf;
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
