#include "ours.hpp"

#include "renraku/sdk/text.hpp"

#include <arpa/inet.h>
#include <cstdlib>

namespace renraku::core {

namespace {

std::string bytes_of(std::string_view text) {
    std::string t(sdk::trim_blanks(text));
    if (!t.empty() && t.front() == '[' && t.back() == ']') t = t.substr(1, t.size() - 2);
    if (auto pct = t.find('%'); pct != std::string::npos) t.resize(pct); // an IPv6 zone
    unsigned char buf[16];
    if (inet_pton(AF_INET, t.c_str(), buf) == 1)
        return std::string(reinterpret_cast<char*>(buf), 4);
    if (inet_pton(AF_INET6, t.c_str(), buf) == 1)
        return std::string(reinterpret_cast<char*>(buf), 16);
    return {};
}

bool at_or_below(std::string_view name, std::string_view domain) {
    return name == domain ||
           (name.size() > domain.size() &&
            name.compare(name.size() - domain.size(), domain.size(), domain) == 0 &&
            name[name.size() - domain.size() - 1] == '.');
}

} // namespace

bool prefix_range(std::string_view text, std::string& start, std::string& end) {
    auto slash = text.find('/');
    std::string addr = bytes_of(text.substr(0, slash));
    if (addr.empty()) return false;
    std::size_t bits = addr.size() * 8;
    std::size_t len = bits;
    if (slash != std::string_view::npos) {
        std::string digits(text.substr(slash + 1));
        if (digits.empty() || digits.size() > 3 ||
            digits.find_first_not_of("0123456789") != std::string::npos)
            return false;
        len = static_cast<std::size_t>(std::atoi(digits.c_str()));
        if (len > bits) return false;
    }
    start = addr;
    end = addr;
    for (std::size_t b = len; b < bits; ++b) {
        start[b / 8] = static_cast<char>(start[b / 8] & ~(0x80 >> (b % 8)));
        end[b / 8] = static_cast<char>(end[b / 8] | (0x80 >> (b % 8)));
    }
    return true;
}

Ours::Ours(const std::vector<std::string>& entries, const std::vector<std::string>& hosts) {
    for (const auto& e : entries)
        add(e);
    for (const auto& h : hosts)
        add_host(h);
}

bool Ours::add(std::string_view entry) {
    Range r;
    if (prefix_range(entry, r.start, r.end)) {
        prefixes_.push_back(std::move(r));
        return true;
    }
    std::string d = sdk::ascii_lower(sdk::trim_blanks(entry));
    while (!d.empty() && d.back() == '.')
        d.pop_back();
    if (d.empty() || d.find_first_of(" /@:") != std::string::npos) return false;
    if (d.find('.') == std::string::npos) {
        add_host(d);
        return true;
    }
    domains_.push_back(std::move(d));
    return true;
}

void Ours::add_host(std::string_view short_name) {
    std::string h = sdk::ascii_lower(sdk::trim_blanks(short_name));
    if (!h.empty()) hosts_.push_back(std::move(h));
}

bool Ours::address(std::string_view text) const {
    std::string b = bytes_of(text);
    if (b.empty()) return false;
    for (const auto& r : prefixes_)
        if (b.size() == r.start.size() && b >= r.start && b <= r.end) return true;
    return false;
}

bool Ours::short_host(std::string_view word) const {
    std::string w = sdk::ascii_lower(word);
    for (const auto& h : hosts_)
        if (w == h) return true;
    return false;
}

bool Ours::name(std::string_view host) const {
    std::string h = sdk::ascii_lower(host);
    while (!h.empty() && h.back() == '.')
        h.pop_back();
    if (h.empty()) return false;
    for (const auto& d : domains_)
        if (at_or_below(h, d)) return true;
    // A short name of ours, alone or as the first label ("bastion", "bastion.local").
    return short_host(std::string_view(h).substr(0, h.find('.')));
}

bool Ours::contains(std::string_view indicator) const {
    return contains(indicator, true);
}

bool Ours::owns(std::string_view indicator) const {
    return contains(indicator, false);
}

bool Ours::contains(std::string_view indicator, bool first_label) const {
    std::string_view t = sdk::trim_blanks(indicator);
    if (t.empty()) return false;
    std::string start, end;
    if (prefix_range(t, start, end)) {
        // A prefix is ours when it lies inside one of ours.
        for (const auto& r : prefixes_)
            if (start.size() == r.start.size() && start >= r.start && end <= r.end) return true;
        return false;
    }
    // A URL's host, a mailbox's domain.
    if (auto scheme = t.find("://"); scheme != std::string_view::npos) {
        t = t.substr(scheme + 3);
        t = t.substr(0, t.find_first_of("/?#"));
        if (auto at = t.rfind('@'); at != std::string_view::npos) t = t.substr(at + 1);
        if (!t.empty() && t.front() == '[') {
            auto close = t.find(']');
            return close != std::string_view::npos && address(t.substr(1, close - 1));
        }
        t = t.substr(0, t.find(':'));
    } else if (auto at = t.rfind('@'); at != std::string_view::npos) {
        t = t.substr(at + 1);
    }
    if (address(t)) return true;
    if (first_label) return name(t);
    std::string h = sdk::ascii_lower(t);
    while (!h.empty() && h.back() == '.')
        h.pop_back();
    for (const auto& d : domains_)
        if (at_or_below(h, d)) return true;
    return short_host(h);
}

} // namespace renraku::core
