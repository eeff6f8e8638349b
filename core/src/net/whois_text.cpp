// Reading what a whois answer says about itself: referrals, ranges, refusals.

#include "renraku/sdk/text.hpp"
#include "whois_client.hpp"

#include "../util/trim.hpp"

#include <arpa/inet.h>
#include <map>
#include <sstream>

namespace renraku::core::net {

namespace {

// "key: value" with the key compared case-insensitively; nullopt for other lines.
std::optional<std::pair<std::string, std::string>> key_value(const std::string& line) {
    auto colon = line.find(':');
    if (colon == std::string::npos || colon == 0 || colon > 40) return std::nullopt;
    std::string key = sdk::ascii_lower(trimmed_blanks(line.substr(0, colon)));
    if (key.find(' ') != std::string::npos && key != "abuse contact") return std::nullopt;
    return std::make_pair(key, trimmed_blanks(line.substr(colon + 1)));
}

std::string bytes_with_prefix(const std::string& text, int& prefix) {
    auto slash = text.find('/');
    std::string addr = trimmed_blanks(text.substr(0, slash));
    // Some registries abbreviate IPv4 prefixes: "200.57.128/19".
    if (slash != std::string::npos && addr.find(':') == std::string::npos) {
        int dots = 0;
        for (char c : addr)
            dots += c == '.' ? 1 : 0;
        for (; dots < 3; ++dots)
            addr += ".0";
    }
    prefix = -1;
    if (slash != std::string::npos) {
        try {
            prefix = std::stoi(text.substr(slash + 1));
        } catch (...) {
            return {};
        }
    }
    return address_bytes(addr);
}

std::string last_address(std::string bytes, int prefix) {
    int bits = static_cast<int>(bytes.size()) * 8;
    for (int i = std::max(prefix, 0); i < bits; ++i)
        bytes[static_cast<std::size_t>(i / 8)] = static_cast<char>(
            static_cast<unsigned char>(bytes[static_cast<std::size_t>(i / 8)]) | (0x80 >> (i % 8)));
    return bytes;
}

} // namespace

namespace {

// "... transferred to <name> ...": the whois server of the registry so named (the names come
// with the request), or empty.
std::string transferred_to(const std::string& line,
                           const std::map<std::string, std::string>& names) {
    std::string l = sdk::ascii_lower(line);
    auto pos = l.find("transferred to ");
    if (pos == std::string::npos) return {};
    std::string rest = l.substr(pos + 15);
    if (rest.rfind("the ", 0) == 0) rest = rest.substr(4);
    std::string best;
    std::size_t best_len = 0;
    for (const auto& [name, server] : names)
        if (name.size() > best_len && rest.rfind(name, 0) == 0) {
            best = server;
            best_len = name.size();
        }
    return best;
}

} // namespace

std::string find_referral(const std::string& text,
                          const std::map<std::string, std::string>& transfer_names) {
    std::istringstream in(text);
    std::string line;
    std::string referral;
    while (std::getline(in, line)) {
        // A registry's note on a block transferred to another registry.
        if (auto moved = transferred_to(line, transfer_names); !moved.empty() && referral.empty()) {
            referral = moved;
            continue;
        }
        auto kv = key_value(line);
        if (!kv) continue;
        const auto& [key, value] = *kv;
        if (key == "referralserver") {
            std::string v = sdk::ascii_lower(value);
            if (v.rfind("whois://", 0) == 0)
                referral = value.substr(8);
            else if (v.rfind("rwhois://", 0) == 0)
                referral.clear(); // rwhois is another protocol
        } else if ((key == "refer" || key == "whois") && referral.empty() && !value.empty() &&
                   value.find(' ') == std::string::npos) {
            referral = value;
        }
    }
    while (!referral.empty() && referral.back() == '/')
        referral.pop_back();
    return sdk::ascii_lower(referral);
}

std::optional<std::pair<std::string, std::string>> find_range(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        auto kv = key_value(line);
        if (!kv) continue;
        const auto& [key, value] = *kv;
        if (key == "netrange" || key == "inetnum" || key == "inet6num" || key == "cidr" ||
            key == "a. [network number]") {
            auto dash = value.find(" - ");
            if (dash != std::string::npos) {
                std::string a = address_bytes(trimmed_blanks(value.substr(0, dash)));
                std::string b = address_bytes(trimmed_blanks(value.substr(dash + 3)));
                if (!a.empty() && a.size() == b.size() && a <= b) return std::make_pair(a, b);
                continue;
            }
            std::string first = value.substr(0, value.find(','));
            int prefix = -1;
            std::string a = bytes_with_prefix(first, prefix);
            if (a.empty()) continue;
            if (prefix < 0) prefix = static_cast<int>(a.size()) * 8;
            if (prefix > static_cast<int>(a.size()) * 8) continue;
            return std::make_pair(a, last_address(a, prefix));
        }
    }
    return std::nullopt;
}

std::string rate_limit_line(const std::string& text) {
    static const char* kMarks[] = {"%ERROR:201", "Query rate limit exceeded", "%ERROR:202",
                                   "query limit exceeded", "Too many queries"};
    std::istringstream in(text.substr(0, 8192));
    std::string line;
    while (std::getline(in, line))
        for (const char* m : kMarks)
            if (line.find(m) != std::string::npos) return trimmed_blanks(line);
    return {};
}

} // namespace renraku::core::net
