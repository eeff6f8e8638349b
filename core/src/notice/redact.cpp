#include "redact.hpp"

#include "../indicator/hostname.hpp"
#include "../net/whois_client.hpp"
#include "renraku/sdk/text.hpp"

#include <algorithm>
#include <cctype>

namespace renraku::core::notice {

namespace {

bool token_char(unsigned char c) {
    return std::isalnum(c) != 0 || c == '.' || c == ':' || c == '-' || c == '_' || c == '%';
}

// A prefix "192.0.2.0/24" or an address as first and last address bytes.
bool prefix_bytes(const std::string& text, std::string& start, std::string& end) {
    auto slash = text.find('/');
    std::string addr = net::address_bytes(text.substr(0, slash));
    if (addr.empty()) return false;
    std::size_t bits = addr.size() * 8;
    std::size_t len = bits;
    if (slash != std::string::npos) {
        try {
            len = std::stoul(text.substr(slash + 1));
        } catch (...) {
            return false;
        }
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

bool under(const std::string& host, const std::string& domain) {
    return host == domain ||
           (host.size() > domain.size() && host.compare(host.size() - domain.size(),
                                                        domain.size(), domain) == 0 &&
            host[host.size() - domain.size() - 1] == '.');
}

} // namespace

bool is_ours(const std::vector<std::string>& ours, const std::string& indicator) {
    std::string lower = sdk::ascii_lower(indicator);
    std::string bytes = net::address_bytes(lower);
    for (const auto& o : ours) {
        std::string s, e;
        if (prefix_bytes(o, s, e)) {
            if (!bytes.empty() && bytes.size() == s.size() && bytes >= s && bytes <= e)
                return true;
        } else if (under(lower, sdk::ascii_lower(o))) {
            return true;
        }
    }
    return false;
}

Redactor::Redactor(const std::vector<std::string>& ours, std::set<std::string> others,
                   bool user_names)
    : others_(std::move(others)), user_names_(user_names) {
    for (const auto& o : ours) {
        Prefix p;
        if (prefix_bytes(o, p.start, p.end))
            prefixes_.push_back(p);
        else
            domains_.push_back(sdk::ascii_lower(o));
    }
}

std::string Redactor::label_for(const std::string& raw) {
    // What follows the thing itself is kept: a sentence's full stop, an IPv4 address's port.
    std::string core = raw;
    while (!core.empty() && (core.back() == '.' || core.back() == ':'))
        core.pop_back();
    if (auto colon = core.find(':'); colon != std::string::npos &&
                                     core.find(':', colon + 1) == std::string::npos &&
                                     core.find('.') < colon)
        core = core.substr(0, colon);
    const std::string& token = raw;
    std::string lower = sdk::ascii_lower(core);
    auto known = labels_.find(lower);
    if (known != labels_.end()) return known->second + token.substr(core.size());
    if (others_.count(lower) != 0) {
        labels_[lower] = "[another party]";
        return "[another party]" + token.substr(core.size());
    }
    std::string bytes = net::address_bytes(lower);
    if (!bytes.empty()) {
        for (const auto& p : prefixes_)
            if (bytes.size() == p.start.size() && bytes >= p.start && bytes <= p.end) {
                std::string label = "[our address " + std::to_string(next_address_++) + "]";
                labels_[lower] = label;
                return label + token.substr(core.size());
            }
        return token;
    }
    // user@host: the host part decides
    auto at = lower.find('@');
    std::string host = at == std::string::npos ? lower : lower.substr(at + 1);
    for (const auto& d : domains_)
        if (under(host, d)) {
            std::string label = at == std::string::npos
                                    ? "[our host " + std::to_string(next_host_++) + "]"
                                    : "[our mailbox]";
            labels_[lower] = label;
            return label + token.substr(core.size());
        }
    return token;
}

// The words after "user", "for" (sshd: "Failed password for root from"), "user=", "login=".
std::string Redactor::users(const std::string& text) {
    static const char* const kBefore[] = {"invalid user ", "user ", "user=", "login=", "uid=",
                                          "account ", "for "};
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        bool done = false;
        for (const char* marker : kBefore) {
            std::size_t n = std::char_traits<char>::length(marker);
            if (text.compare(i, n, marker) != 0) continue;
            if (i > 0 && std::isalnum(static_cast<unsigned char>(text[i - 1])) != 0) continue;
            std::size_t j = i + n;
            std::size_t k = j;
            while (k < text.size() && !std::isspace(static_cast<unsigned char>(text[k])) &&
                   text[k] != ',' && text[k] != ';' && text[k] != '"')
                ++k;
            std::string word = text.substr(j, k - j);
            // "for 3 seconds", "for [our address 1]" are not user names
            bool name = !word.empty() && std::isalpha(static_cast<unsigned char>(word[0])) != 0 &&
                        word.find('.') == std::string::npos && word != "from" &&
                        word != "user" && word != "invalid";
            if (name && std::string(marker) == "for ") {
                // sshd writes "for NAME from ADDRESS"; other "for" is prose
                name = text.compare(k, 6, " from ") == 0;
            }
            if (!name) continue;
            out += text.substr(i, n) + "[user]";
            i = k;
            done = true;
            break;
        }
        if (!done) out.push_back(text[i++]);
    }
    return out;
}

std::string Redactor::apply(const std::string& text) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (!token_char(static_cast<unsigned char>(text[i])) && text[i] != '@') {
            out.push_back(text[i++]);
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && (token_char(static_cast<unsigned char>(text[j])) || text[j] == '@'))
            ++j;
        out += label_for(text.substr(i, j - i));
        i = j;
    }
    return user_names_ ? users(out) : out;
}

} // namespace renraku::core::notice
