#include "endpoint.hpp"

#include "renraku/sdk/text.hpp"

#include <charconv>
#include <stdexcept>

namespace renraku::core::net {

std::string Endpoint::text() const {
    bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

namespace {

bool parse_port(std::string_view s, int& port) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), port);
    return !s.empty() && ec == std::errc() && p == s.data() + s.size() && port > 0 && port < 65536;
}

// Split "a:b:c:d" where any part may be a bracketed IPv6 address.
std::vector<std::string> split_colons(const std::string& s) {
    std::vector<std::string> parts;
    std::string cur;
    bool bracket = false;
    for (char c : s) {
        if (c == '[') bracket = true;
        if (c == ']') bracket = false;
        if (c == ':' && !bracket) {
            parts.push_back(cur);
            cur.clear();
        } else {
            cur.push_back(c);
        }
    }
    parts.push_back(cur);
    return parts;
}

std::string unbracket(const std::string& h) {
    if (h.size() >= 2 && h.front() == '[' && h.back() == ']') return h.substr(1, h.size() - 2);
    return h;
}

} // namespace

std::optional<Endpoint> parse_endpoint(const std::string& text, int default_port) {
    auto parts = split_colons(text);
    Endpoint e;
    if (parts.size() == 1) {
        e.host = unbracket(parts[0]);
        e.port = default_port;
    } else if (parts.size() == 2) {
        e.host = unbracket(parts[0]);
        if (!parse_port(parts[1], e.port)) return std::nullopt;
    } else {
        return std::nullopt;
    }
    if (e.host.empty()) return std::nullopt;
    e.host = sdk::ascii_lower(e.host);
    return e;
}

ConnectTo::ConnectTo(const std::vector<std::string>& entries) {
    for (const auto& entry : entries) {
        auto parts = split_colons(entry);
        Endpoint from;
        Endpoint to;
        if (parts.size() != 4 || !parse_port(parts[1], from.port) || !parse_port(parts[3], to.port))
            throw std::invalid_argument("network.connect_to: \"" + entry +
                                        "\" is not HOST:PORT:HOST:PORT");
        from.host = sdk::ascii_lower(unbracket(parts[0]));
        to.host = unbracket(parts[2]);
        rules_.emplace_back(from, to);
    }
}

bool ConnectTo::maps(const Endpoint& e) const {
    for (const auto& [from, to] : rules_)
        if ((from.host == "*" || from.host == e.host) && from.port == e.port) return true;
    return false;
}

bool ConnectTo::names(const std::string& host) const {
    for (const auto& [from, to] : rules_)
        if (from.host == host) return true;
    return false;
}

Endpoint ConnectTo::resolve(const Endpoint& e) const {
    for (const auto& [from, to] : rules_)
        if ((from.host == "*" || from.host == e.host) && from.port == e.port) return to;
    return e;
}

} // namespace renraku::core::net
