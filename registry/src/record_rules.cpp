// Rules that hold for a registry record whichever format it came in (whois or RDAP): NIR
// blocks, abuse-mailbox validation, one voice per address, referrals that end in nothing.

#include "renraku/registry/address_registry.hpp"
#include "renraku/registry/whois_text.hpp"
#include "renraku/sdk/signals.hpp"
#include "renraku/sdk/text.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

namespace renraku::registry {

namespace {

bool has(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

void add_once(std::vector<std::string>& v, const std::string& s) {
    if (!has(v, s)) v.push_back(s);
}

bool at_or_below_domain(const std::string& email, const std::string& domain) {
    auto at = email.rfind('@');
    if (at == std::string::npos) return false;
    return is_at_or_below(ascii_lower(email.substr(at + 1)), ascii_lower(domain));
}

bool contains_word(const std::string& haystack_lower, const std::string& word_lower) {
    auto word_char = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    for (auto pos = haystack_lower.find(word_lower); pos != std::string::npos;
         pos = haystack_lower.find(word_lower, pos + 1)) {
        bool left = pos == 0 || !word_char(haystack_lower[pos - 1]);
        auto end = pos + word_lower.size();
        bool right = end >= haystack_lower.size() || !word_char(haystack_lower[end]);
        if (left && right) return true;
    }
    return false;
}

std::string same_key(const Finding& f) {
    if (!f.contact.email.empty()) {
        auto at = f.contact.email.rfind('@');
        return "e:" + f.contact.email.substr(0, at) + ascii_lower(f.contact.email.substr(at));
    }
    return "p:" + f.contact.phone;
}

} // namespace

const char* record_age_signal(long updated_days, long today_days) {
    constexpr long kRecentDays = 2 * 365;
    constexpr long kStaleDays = 5 * 365;
    if (today_days <= 0) return nullptr;
    if (today_days - updated_days <= kRecentDays) return signals::recently_updated;
    if (today_days - updated_days > kStaleDays) return signals::stale_record;
    return nullptr;
}

bool is_nir_own(const NirProfile& nir, const std::string& email, const std::string& handle) {
    for (const auto& d : nir.domains)
        if (!email.empty() && at_or_below_domain(email, d)) return true;
    if (handle.empty()) return false;
    std::string h = ascii_upper(handle);
    for (const auto& own : nir.handles)
        if (h == ascii_upper(own)) return true;
    std::string name = ascii_upper(nir.name);
    std::size_t start = 0;
    while (start <= h.size()) {
        auto dash = h.find('-', start);
        if (h.substr(start, dash == std::string::npos ? std::string::npos : dash - start) == name)
            return true;
        if (dash == std::string::npos) break;
        start = dash + 1;
    }
    return false;
}

const NirProfile* nir_named_in(const std::string& text, const RegistryProfile& profile) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        std::string l = ascii_lower(line);
        bool marker = l.find("allocation block") != std::string::npos ||
                      l.find("assignment block") != std::string::npos ||
                      l.find("mirrored") != std::string::npos;
        if (!marker) continue;
        for (const auto& nir : profile.nirs)
            if (contains_word(l, ascii_lower(nir.name))) return &nir;
    }
    return nullptr;
}

void apply_nir_rule(std::vector<Finding>& findings, const std::vector<std::string>& handle_of,
                    const NirProfile& nir, const RegistryProfile& profile) {
    std::string where =
        nir.whois_server.empty() ? nir.name : nir.name + " (" + nir.whois_server + ")";
    for (std::size_t i = 0; i < findings.size(); ++i) {
        auto& f = findings[i];
        const std::string handle = i < handle_of.size() ? handle_of[i] : std::string();
        if (is_nir_own(nir, f.contact.email, handle)) {
            add_once(f.signals, signals::placeholder);
            add_once(f.caveats, profile.name + "'s record for a block " + nir.name +
                                    " manages: the NIR's own contact, not the holder's; ask " +
                                    where);
        } else {
            add_once(f.signals, signals::nir_mirrored);
            add_once(f.caveats, "the holder's contact as " + nir.name + " mirrors it into " +
                                    profile.name + "'s database; " + where +
                                    " may be more current");
        }
    }
}

void mark_validated(Finding& f, const std::string& how) {
    if (f.contact.email.empty() || has(f.signals, signals::mailbox_validated) ||
        has(f.signals, signals::mailbox_validation_failed))
        return;
    f.signals.push_back(signals::mailbox_validated);
    f.evidence.excerpt += " (" + how + ")";
}

void apply_validation(std::vector<Finding>& findings, const std::string& text, bool whole_scope) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.size() > 1000) continue;
        std::string l = ascii_lower(line);
        if (auto pos = l.find(" was validated on "); pos != std::string::npos) {
            auto emails = find_emails(line.substr(0, pos));
            std::string date(trim_blanks(line.substr(pos + 18)));
            date = date.substr(0, date.find_first_of(" \t\"'"));
            if (emails.empty()) continue;
            for (auto& f : findings)
                if (ascii_lower(f.contact.email) == ascii_lower(emails.back()))
                    mark_validated(f, "validated on " + date);
            continue;
        }
        bool failed = (l.find("validation failed") != std::string::npos &&
                       l.find("abuse") != std::string::npos) ||
                      l.find("unvalidated poc") != std::string::npos ||
                      l.find("has received no response from the poc") != std::string::npos;
        if (!failed) continue;
        auto emails = find_emails(line);
        for (auto& f : findings) {
            bool named = false;
            for (const auto& e : emails)
                named |= ascii_lower(e) == ascii_lower(f.contact.email);
            bool applies = emails.empty() ? whole_scope || f.role == Role::abuse : named;
            if (!applies || f.contact.email.empty() ||
                has(f.signals, signals::mailbox_validation_failed))
                continue;
            std::erase(f.signals, std::string(signals::mailbox_validated));
            add_once(f.signals, signals::mailbox_validation_failed);
            std::string said(trim_blanks(line));
            while (!said.empty() && (said.front() == '%' || said.front() == ' '))
                said.erase(0, 1);
            add_once(f.caveats, "the registry says: \"" + said.substr(0, 160) + "\"");
        }
    }
}

void one_voice(std::vector<Finding>& findings) {
    std::vector<Finding> out;
    std::map<std::string, std::size_t> at;
    for (auto& f : findings) {
        auto [it, fresh] = at.emplace(same_key(f), out.size());
        if (fresh) {
            out.push_back(std::move(f));
            continue;
        }
        Finding& kept = out[it->second];
        bool better = role_specificity(f.role) < role_specificity(kept.role) ||
                      (f.role == kept.role && has(f.signals, signals::abuse_header) &&
                       !has(kept.signals, signals::abuse_header));
        std::string also = std::string(role_name(better ? kept.role : f.role));
        if (better) {
            std::string fields = kept.evidence.field;
            kept = std::move(f);
            fields.swap(kept.evidence.field);
            kept.evidence.field = fields + "; also " + also;
        } else if (kept.evidence.field.find("also " + also) == std::string::npos) {
            kept.evidence.field += "; also " + also;
        }
    }
    findings = std::move(out);
}

void mark_dead_end(std::vector<Finding>& findings, const RegistryProfile& profile,
                   const std::string& trail) {
    for (auto& f : findings) {
        add_once(f.signals, signals::referral_dead_end);
        add_once(f.caveats, trail);
        for (const auto& d : profile.own_domains)
            if (at_or_below_domain(f.contact.email, d)) {
                add_once(f.signals, signals::placeholder);
                add_once(f.caveats, f.contact.email + " is " + profile.name +
                                        "'s own address, not the holder's");
            }
    }
}

long days_of_iso8601(const std::string& iso) {
    auto d = registry_date_days(iso.substr(0, 10));
    return d ? *d : 0;
}

std::string country_code_of(const std::string& name_or_code) {
    static std::once_flag once;
    static std::map<std::string, std::string> codes;
    std::call_once(once, [] {
        std::ifstream in("/usr/share/iso-codes/json/iso_3166-1.json");
        if (!in) return;
        std::ostringstream text;
        text << in.rdbuf();
        auto root = nlohmann::json::parse(text.str(), nullptr, false);
        if (!root.is_object() || !root.contains("3166-1") || !root["3166-1"].is_array()) return;
        for (const auto& c : root["3166-1"]) {
            if (!c.is_object() || !c.contains("alpha_2") || !c["alpha_2"].is_string()) continue;
            std::string code = c["alpha_2"].get<std::string>();
            for (const char* key : {"alpha_2", "alpha_3", "name", "common_name", "official_name"})
                if (c.contains(key) && c[key].is_string())
                    codes.emplace(ascii_lower(c[key].get<std::string>()), code);
        }
    });
    std::string key = ascii_lower(trim_blanks(name_or_code));
    if (auto it = codes.find(key); it != codes.end()) return it->second;
    // Without the table, a two-letter code is still a code.
    bool two_letters = codes.empty() && key.size() == 2 && key[0] >= 'a' && key[0] <= 'z' &&
                       key[1] >= 'a' && key[1] <= 'z';
    return two_letters ? ascii_upper(key) : std::string();
}

} // namespace renraku::registry
