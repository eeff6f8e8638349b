#include "range_text.hpp"

#include "../util/trim.hpp"

#include <arpa/inet.h>
#include <array>
#include <optional>

namespace renraku::core {

namespace {

struct Address {
    std::array<unsigned char, 16> bytes{};
    int size = 0; // 4 or 16
};

std::optional<Address> parse(const std::string& text) {
    Address a;
    if (text.size() > 64) return std::nullopt;
    if (inet_pton(AF_INET, text.c_str(), a.bytes.data()) == 1) {
        a.size = 4;
        return a;
    }
    if (inet_pton(AF_INET6, text.c_str(), a.bytes.data()) == 1) {
        a.size = 16;
        return a;
    }
    return std::nullopt;
}

std::string text_of(const Address& a) {
    char buf[INET6_ADDRSTRLEN] = {};
    inet_ntop(a.size == 4 ? AF_INET : AF_INET6, a.bytes.data(), buf, sizeof buf);
    return buf;
}

bool bit(const Address& a, int i) {
    return ((a.bytes[static_cast<std::size_t>(i / 8)] >> (7 - i % 8)) & 1) != 0;
}

// The prefix length when first..last is exactly one prefix: first has only zeros after the
// length, last only ones, and they agree before it.
std::optional<int> prefix_of(const Address& first, const Address& last) {
    const int bits = first.size * 8;
    int common = 0;
    while (common < bits && bit(first, common) == bit(last, common))
        ++common;
    for (int i = common; i < bits; ++i)
        if (bit(first, i) || !bit(last, i)) return std::nullopt;
    return common;
}

} // namespace

std::string tidy_range(const std::string& scope) {
    auto dash = scope.find(" - ");
    if (dash == std::string::npos) {
        auto slash = scope.find('/');
        if (slash == std::string::npos || scope.find(':') == std::string::npos) return scope;
        auto a = parse(scope.substr(0, slash));
        return a ? text_of(*a) + scope.substr(slash) : scope;
    }
    auto first = parse(trimmed_blanks(scope.substr(0, dash)));
    auto last = parse(trimmed_blanks(scope.substr(dash + 3)));
    if (!first || !last || first->size != last->size) return scope;
    if (auto len = prefix_of(*first, *last)) return text_of(*first) + "/" + std::to_string(*len);
    return text_of(*first) + " - " + text_of(*last);
}

} // namespace renraku::core
