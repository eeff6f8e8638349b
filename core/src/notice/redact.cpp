#include "redact.hpp"

#include "../indicator/special.hpp"
#include "../util/percent.hpp"
#include "renraku/sdk/text.hpp"
#include "user_names.hpp"

#include <cctype>

namespace renraku::core::notice {

namespace {

bool token_char(unsigned char c) {
    return std::isalnum(c) != 0 || c == '.' || c == ':' || c == '-' || c == '_' || c == '%' ||
           c == '@';
}

// A private network's address: never global, so in our log it is our inside. Documentation
// and benchmarking space are not among them (they stand for the internet in examples).
bool internal_address(const std::string& text) {
    if (text.find_first_not_of("0123456789abcdef.:") != std::string::npos) return false;
    auto kind = special_purpose_kind(text, -1);
    if (!kind) return false;
    return kind->rfc == "RFC 1918" || kind->rfc == "RFC 6598" || kind->name == "loopback" ||
           kind->name == "link-local" || kind->rfc == "RFC 4193";
}

} // namespace

bool is_ours(const std::vector<std::string>& ours, const std::string& indicator) {
    return Ours(ours).contains(indicator);
}

Redactor::Redactor(Ours ours, std::set<std::string> others, bool user_names)
    : ours_(std::move(ours)), others_(std::move(others)), user_names_(user_names) {}

std::string Redactor::new_label(const std::string& key, const char* kind, int& counter) {
    auto known = labels_.find(key);
    if (known != labels_.end()) return known->second;
    std::string label = std::string("[") + kind + " " + std::to_string(counter++) + "]";
    labels_[key] = label;
    return label;
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
    const std::string tail = raw.substr(core.size());
    std::string lower = sdk::ascii_lower(core);
    if (lower.empty()) return raw;
    auto known = labels_.find(lower);
    if (known != labels_.end()) return known->second + tail;
    if (others_.count(lower) != 0) {
        labels_[lower] = "[another party]";
        return "[another party]" + tail;
    }
    if (ours_.address(lower)) return new_label(lower, "our address", next_address_) + tail;
    if (internal_address(lower)) return new_label(lower, "internal address", next_internal_) + tail;
    auto at = lower.find('@');
    if (at != std::string::npos) {
        // A mailbox: its domain decides.
        if (ours_.name(lower.substr(at + 1)))
            return new_label(lower, "our mailbox", next_mailbox_) + tail;
        return raw;
    }
    if (ours_.name(lower) && lower.find_first_not_of("0123456789.:") != std::string::npos)
        return new_label(lower, "our host", next_host_) + tail;
    return raw;
}

std::string Redactor::users(const std::string& text) {
    auto spans = user_name_spans(text);
    if (spans.empty()) return text;
    std::string out;
    std::size_t last = 0;
    for (const auto& [at, len] : spans) {
        out.append(text, last, at - last);
        // One label for one name, whatever its case ("Taro", "taro" are one user).
        out += new_label(sdk::ascii_lower(text.substr(at, len)), "user", next_user_);
        last = at + len;
    }
    out.append(text, last, std::string::npos);
    return out;
}

std::string Redactor::tokens(const std::string& text, int depth) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (!token_char(static_cast<unsigned char>(text[i]))) {
            out.push_back(text[i++]);
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && token_char(static_cast<unsigned char>(text[j])))
            ++j;
        std::string token = text.substr(i, j - i);
        std::string labelled = label_for(token);
        // What an escaped query hides ("next=https%3A%2F%2Fportal.corp.example.jp"): read
        // decoded, and written decoded where something in it had to be replaced (twice
        // escaped too, but not without end).
        if (labelled == token && depth < 3 && token.find('%') != std::string::npos) {
            auto decoded = percent_decode(token);
            if (decoded.escapes > 0) {
                std::string inner = tokens(decoded.text, depth + 1);
                if (inner != decoded.text) labelled = inner;
            }
        }
        out += labelled;
        i = j;
    }
    return out;
}

std::string Redactor::apply(const std::string& text) {
    std::string out = tokens(text, 0);
    return user_names_ ? users(out) : out;
}

std::string Redactor::apply_log_line(const std::string& line) {
    auto [at, len] = syslog_host_span(line);
    if (len == 0) return apply(line);
    // The host that wrote our syslog line is ours, whatever its name.
    std::string host = line.substr(at, len);
    std::string lower = sdk::ascii_lower(host);
    std::string label = labels_.count(lower) != 0 ? labels_[lower]
                        : ours_.address(lower)    ? label_for(host)
                                                  : new_label(lower, "our host", next_host_);
    return apply(line.substr(0, at)) + label + apply(line.substr(at + len));
}

} // namespace renraku::core::notice
