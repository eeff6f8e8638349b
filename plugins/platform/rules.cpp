#include "rules.hpp"

#include "data_file.hpp"

#include "renraku/sdk/text.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace platform {

using renraku::sdk::ascii_lower;
using renraku::sdk::is_at_or_below;
using renraku::sdk::sanitize;
using renraku::sdk::trim_blanks;

namespace {

constexpr std::size_t kMaxFileBytes = 8u << 20;
constexpr std::size_t kMaxRules = 20000;
constexpr std::size_t kMaxPatternBytes = 300;

std::string read_bounded(const std::string& path) {
    std::string text, error;
    if (!read_data_file(path, kMaxFileBytes, text, error)) throw std::runtime_error(error);
    return text;
}

std::vector<std::string> strings_of(const nlohmann::json& r, const char* key, bool lower) {
    std::vector<std::string> out;
    if (!r.contains(key) || !r[key].is_array()) return out;
    for (const auto& s : r[key]) {
        if (!s.is_string()) continue;
        std::string v(trim_blanks(s.get<std::string>()));
        if (v.empty() || v.size() > kMaxPatternBytes) continue;
        out.push_back(lower ? ascii_lower(v) : v);
    }
    return out;
}

std::string string_of(const nlohmann::json& r, const char* key) {
    auto it = r.find(key);
    return it != r.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace

RuleFile read_rules(const std::string& path) {
    auto root = nlohmann::json::parse(read_bounded(path), nullptr, false);
    if (root.is_discarded() || !root.is_object() || !root.contains("rules") ||
        !root["rules"].is_array())
        throw std::runtime_error(path + " is not a rule file (an object with a \"rules\" list)");
    RuleFile f;
    f.path = path;
    f.date = sanitize(string_of(root, "date"), 40);
    for (const auto& r : root["rules"]) {
        if (!r.is_object() || f.rules.size() >= kMaxRules) continue;
        Rule rule;
        rule.platform = sanitize(string_of(r, "platform"), 120);
        rule.kind = sanitize(string_of(r, "kind"), 40);
        rule.email = string_of(r, "email");
        rule.form = https_or_nothing(string_of(r, "form"));
        rule.api = https_or_nothing(string_of(r, "api"));
        rule.wants = sanitize(string_of(r, "wants"), 400);
        rule.source = sanitize(string_of(r, "source"), 600);
        auto checked = r.find("desk_checked");
        rule.desk_checked = checked == r.end() || !checked->is_boolean() || checked->get<bool>();
        rule.suffixes = strings_of(r, "suffixes", true);
        // A URL pattern's host is compared in lower case, its path as written.
        for (auto& u : strings_of(r, "urls", false))
            rule.urls.push_back(url_host_path(u));
        if (rule.platform.empty() || (rule.suffixes.empty() && rule.urls.empty()) ||
            (rule.email.empty() && rule.form.empty()))
            continue;
        f.rules.push_back(std::move(rule));
    }
    return f;
}

RuleMatch match_host(const std::vector<RuleFile>& files, const std::string& host) {
    for (const auto& f : files) {
        RuleMatch best;
        for (const auto& r : f.rules)
            for (const auto& s : r.suffixes)
                if (s.size() > best.matched.size() && is_at_or_below(host, s)) best = {&r, &f, s};
        if (best.rule != nullptr) return best;
    }
    return {};
}

std::string url_host_path(const std::string& url) {
    std::string_view v = url;
    if (auto scheme = v.find("://"); scheme != std::string_view::npos) v.remove_prefix(scheme + 3);
    auto slash = v.find_first_of("/?#");
    std::string_view authority = v.substr(0, slash);
    std::string_view rest =
        slash == std::string_view::npos ? std::string_view("/") : v.substr(slash);
    if (auto at = authority.rfind('@'); at != std::string_view::npos)
        authority.remove_prefix(at + 1);
    if (!authority.empty() && authority.front() != '[') {
        if (auto colon = authority.find(':'); colon != std::string_view::npos)
            authority = authority.substr(0, colon);
    }
    std::string host = ascii_lower(authority);
    while (!host.empty() && host.back() == '.')
        host.pop_back();
    if (!rest.empty() && rest.front() != '/') return host + "/" + std::string(rest);
    return host + std::string(rest);
}

RuleMatch match_url(const std::vector<RuleFile>& files, const std::string& url) {
    const std::string target = url_host_path(url);
    for (const auto& f : files) {
        RuleMatch best;
        for (const auto& r : f.rules)
            for (const auto& u : r.urls)
                if (u.size() > best.matched.size() && target.compare(0, u.size(), u) == 0)
                    best = {&r, &f, u};
        if (best.rule != nullptr) return best;
    }
    return {};
}

} // namespace platform
