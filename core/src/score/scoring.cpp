#include "scoring.hpp"

#include "../util/did_you_mean.hpp"
#include "renraku/sdk/channel.hpp"
#include "renraku/sdk/signals.hpp"
#include "renraku/sdk/text.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cmath>
#include <optional>
#include <set>

namespace renraku::core {

namespace sig = sdk::signals;

ScoringModel ScoringModel::from_config(const ScoringConfig& cfg) {
    ScoringModel m;
    m.signal_weights = {
        {sig::registry_abuse_contact, 0.60},
        {sig::registrar_abuse_contact, 0.55},
        {sig::registry_operator_desk, 0.20},
        {sig::site_published, 0.50},
        {sig::signature_verified, 0.05},
        {sig::expired_publication, -0.20},
        {sig::signature_bad, -0.50},
        {sig::registry_contact, 0.25},
        {sig::most_specific_object, 0.10},
        {sig::recently_updated, 0.05},
        {sig::soa_rname, 0.30},
        {sig::reverse_zone, -0.10},
        {sig::classless_delegation, 0.10},
        {sig::public_suffix_zone, -0.40},
        {sig::guessed_role_mailbox, 0.10},
        {sig::domain_accepts_mail, 0.10},
        {sig::implicit_mx, -0.05},
        {sig::rarely_read_mailbox, -0.20},
        {sig::notify_address, -0.15},
        {sig::parent_allocation, -0.20},
        {sig::placeholder, -0.50},
        {sig::stale_record, -0.10},
        {sig::privacy_proxy, -0.40},
        {sig::platform_desk, 0.70},
        {sig::platform_api, 0.20},
        {sig::form_only, 0.0},
        {sig::csirt_team, 0.30},
        {sig::national_csirt, 0.10},
        {sig::abuse_header, 0.0},
        {sig::mailbox_validated, 0.05},
        {sig::mailbox_validation_failed, -0.30},
        {sig::nir_mirrored, 0.0},
        {sig::referral_dead_end, -0.20},
        {sig::mailbox_unreachable, -0.50},
        {sig::mailbox_confusable, -0.50},
        // How it travelled (derived from the evidence's channel).
        {sig::dnssec_secure, 0.05},
        {sig::clear_text_whois, -0.05},
        {sig::dnssec_bogus, -0.50},
        // What came back from our own notices (renraku feedback).
        {"mailbox_bounced", -0.40},
        {"mailbox_answered", 0.10},
    };
    m.role_weights = {
        {"abuse", 0.20},      {"security", 0.10},   {"csirt", 0.10}, {"noc", 0.05},
        {"postmaster", 0.05}, {"hostmaster", 0.05}, {"tech", 0.05},  {"registrar", 0.05},
        {"admin", 0.0},       {"registrant", 0.0},  {"root", 0.0},   {"soa", 0.0},
        {"notify", 0.0},      {"maintainer", 0.0},  {"other", 0.0},
    };
    for (const auto& [k, v] : cfg.weights)
        m.signal_weights[k] = v;
    for (const auto& [k, v] : cfg.roles)
        m.role_weights[k] = v;
    if (cfg.corroboration) m.corroboration = *cfg.corroboration;
    if (cfg.to_threshold) m.to_threshold = *cfg.to_threshold;
    if (cfg.tie_margin) m.tie_margin = *cfg.tie_margin;
    if (cfg.max_cc) m.max_cc = *cfg.max_cc;
    return m;
}

void check_scoring_names(const Config& cfg) {
    const ScoringModel defaults = ScoringModel::from_config(ScoringConfig{});
    auto check = [&](const std::map<std::string, double>& given,
                     const std::map<std::string, double>& known, const char* table,
                     const char* what) {
        std::vector<std::string> names;
        for (const auto& [k, v] : known)
            names.push_back(k);
        for (const auto& [k, v] : given) {
            if (known.count(k) != 0) continue;
            auto line = cfg.scoring.lines.find(std::string(table) + "." + k);
            throw ConfigError(where(cfg.file, line == cfg.scoring.lines.end() ? 0 : line->second) +
                              "[scoring." + table + "] unknown " + what + " \"" + k + "\"" +
                              did_you_mean(k, names) + " (known: " + comma_list(names) + ")");
        }
    };
    check(cfg.scoring.weights, defaults.signal_weights, "weights", "signal");
    check(cfg.scoring.roles, defaults.role_weights, "roles", "role");
}

std::string caveat_for_signal(const std::string& s) {
    static const std::map<std::string, std::string> kCaveats = {
        {sig::soa_rname, "SOA RNAME: the zone's DNS administrator, who may be a DNS hosting "
                         "provider rather than the site"},
        {sig::reverse_zone, "from a reverse zone's SOA: often the upstream provider, not the "
                            "site itself"},
        {sig::public_suffix_zone, "SOA of a registry's zone (a public suffix, or the top of the "
                                  "reverse tree): the registry's contact, not the site's"},
        {sig::guessed_role_mailbox, "guessed from RFC 2142 role names; not published by the site"},
        {sig::implicit_mx, "the domain has no MX record; mail would go to its A/AAAA host"},
        {sig::rarely_read_mailbox, "root@ and Administrator@ mailboxes may not be read at all"},
        {sig::notify_address, "notify/changed address: often the upstream ISP's"},
        {sig::placeholder, "registry placeholder, not the holder's own contact"},
        {sig::parent_allocation, "contact of a parent allocation; a more specific range exists"},
        {sig::stale_record, "record not updated for over five years; the contact may have left"},
        {sig::privacy_proxy, "privacy or proxy service: forwards mail, may not act on it"},
        {sig::registry_abuse_contact, "registry contact; may be the upstream provider, an "
                                      "outsourcer or someone who left"},
        {sig::registry_contact, "registry contact; may be the upstream provider, an outsourcer "
                                "or someone who left"},
        {sig::site_published, ""},
        {sig::platform_desk, "the platform's desk for its tenants' content: it can act on this "
                             "host, not on the platform's other users"},
        {sig::platform_api, "the platform's reporting API: for a user with an account there; "
                            "its desk's address or form is the way for a notice"},
        {sig::form_only, "the desk takes reports through its web form only: the notice is a "
                         "form packet to submit by hand"},
        {sig::expired_publication, "published by the site, but past its Expires date: the site "
                                   "may not keep it current"},
        {sig::signature_bad, "its OpenPGP signature does not verify: the file may have been "
                             "altered"},
        {sig::mailbox_validation_failed, "the registry's check of this mailbox failed: mail to "
                                         "it may not be read"},
        {sig::referral_dead_end, "from a registry record that points to another registry, "
                                 "which had no record: shown for reference, not recommended"},
        {sig::mailbox_unreachable, "this mailbox's domain accepts no mail (null MX) or does not "
                                   "exist: not recommended"},
        {sig::mailbox_confusable, "the mailbox's domain may imitate another name (mixed or "
                                  "lookalike letters): not recommended"},
        {sig::clear_text_whois, "read over clear-text whois although the registry serves RDAP "
                                "over HTTPS: the answer could have been altered on the way"},
    };
    auto it = kCaveats.find(s);
    return it == kCaveats.end() ? std::string() : it->second;
}

std::string contact_key(const sdk::Contact& c) {
    if (!c.email.empty()) {
        auto at = c.email.rfind('@');
        if (at == std::string::npos) return "email:" + c.email;
        return "email:" + c.email.substr(0, at) + "@" + sdk::ascii_lower(c.email.substr(at + 1));
    }
    if (!c.phone.empty()) {
        std::string digits;
        for (char ch : c.phone)
            if ((ch >= '0' && ch <= '9') || ch == '+') digits.push_back(ch);
        return "phone:" + digits;
    }
    if (c.url.empty() && !c.api.empty()) return "api:" + c.api;
    return "url:" + c.url;
}

namespace {

void fill_missing(std::string& into, const std::string& from) {
    if (into.empty()) into = from;
}

bool is_csirt(const ScoredContact& c) {
    return c.role == sdk::Role::csirt ||
           std::find(c.signals.begin(), c.signals.end(), sig::csirt_team) != c.signals.end();
}

bool may_be_to(const ScoredContact& c, double threshold) {
    static const std::set<std::string> kNever = {
        sig::placeholder,        sig::public_suffix_zone, sig::privacy_proxy,
        sig::signature_bad,      sig::referral_dead_end,  sig::mailbox_unreachable,
        sig::mailbox_confusable, sig::dnssec_bogus,       "mailbox_bounced"};
    for (const auto& s : c.signals)
        if (kNever.count(s) != 0) return false;
    return c.score >= threshold;
}

} // namespace

std::vector<ScoredContact> merge_findings(const std::vector<SourcedFinding>& findings) {
    std::vector<ScoredContact> out;
    std::map<std::string, std::size_t> index;
    for (const auto& f : findings) {
        const auto& c = f.finding.contact;
        if (c.email.empty() && c.phone.empty() && c.url.empty() && c.api.empty()) continue;
        std::string key = contact_key(c);
        auto [it, fresh] = index.emplace(key, out.size());
        if (fresh) {
            ScoredContact sc;
            sc.contact = c;
            sc.role = f.finding.role;
            out.push_back(std::move(sc));
        }
        ScoredContact& sc = out[it->second];
        fill_missing(sc.contact.name, c.name);
        fill_missing(sc.contact.organization, c.organization);
        fill_missing(sc.contact.country, c.country);
        fill_missing(sc.contact.pgp_fingerprint, c.pgp_fingerprint);
        if (sdk::role_specificity(f.finding.role) < sdk::role_specificity(sc.role))
            sc.role = f.finding.role;
        for (const auto& s : f.finding.signals)
            if (std::find(sc.signals.begin(), sc.signals.end(), s) == sc.signals.end())
                sc.signals.push_back(s);
        for (const auto& cv : f.finding.caveats)
            if (std::find(sc.caveats.begin(), sc.caveats.end(), cv) == sc.caveats.end())
                sc.caveats.push_back(cv);
        sc.evidence.push_back(f);
    }
    return out;
}

double signals_weight(const std::vector<std::string>& signals, const ScoringModel& model) {
    double total = 0;
    for (const auto& s : signals) {
        auto it = model.signal_weights.find(s);
        total += it == model.signal_weights.end() ? 0.0 : it->second;
    }
    return total;
}

double role_weight(sdk::Role role, const ScoringModel& model) {
    auto it = model.role_weights.find(std::string(sdk::role_name(role)));
    return it == model.role_weights.end() ? 0.0 : it->second;
}

// One source, one voice: of the findings one source made about a contact (one record listing
// an address as tech, admin and notify), the one with the most specific role counts, then the
// one weighing most; the others are evidence only. Its signals and role are what count.
void choose_voices(ScoredContact& c, const ScoringModel& model) {
    std::map<std::string, const sdk::Finding*> voice;
    for (const auto& e : c.evidence) {
        const sdk::Finding* f = &e.finding;
        auto [it, fresh] = voice.emplace(e.source, f);
        if (fresh) continue;
        const sdk::Finding* kept = it->second;
        int a = sdk::role_specificity(f->role);
        int b = sdk::role_specificity(kept->role);
        double wa = signals_weight(f->signals, model) + role_weight(f->role, model);
        double wb = signals_weight(kept->signals, model) + role_weight(kept->role, model);
        if (a < b || (a == b && wa > wb)) it->second = f;
    }
    c.signals.clear();
    bool first = true;
    for (const auto& [source, f] : voice) {
        for (const auto& s : f->signals)
            if (std::find(c.signals.begin(), c.signals.end(), s) == c.signals.end())
                c.signals.push_back(s);
        if (first || sdk::role_specificity(f->role) < sdk::role_specificity(c.role))
            c.role = f->role;
        first = false;
    }
    for (const auto& s : c.core_signals)
        if (std::find(c.signals.begin(), c.signals.end(), s) == c.signals.end())
            c.signals.push_back(s);
}

// The size of a network scope ("192.0.2.0/24", "192.0.2.0 - 192.0.2.255", "AS1 - AS9"), for
// preferring the more specific object; nullopt for other scopes.
std::optional<double> scope_size(const sdk::Scope& scope) {
    if (scope.kind != "network" && scope.kind != "asn") return std::nullopt;
    const std::string& v = scope.value;
    if (auto slash = v.find('/');
        slash != std::string::npos && v.find(" - ") == std::string::npos) {
        int len = std::atoi(v.c_str() + slash + 1);
        int bits = v.find(':') != std::string::npos ? 128 : 32;
        if (len < 0 || len > bits) return std::nullopt;
        return std::pow(2.0, bits - len);
    }
    auto dash = v.find(" - ");
    if (dash == std::string::npos)
        return scope.kind == "asn" ? std::optional<double>(1.0) : std::nullopt;
    auto value = [](std::string a) -> std::optional<double> {
        a.erase(0, a.find_first_not_of(' '));
        if (a.rfind("AS", 0) == 0) return std::atof(a.c_str() + 2);
        unsigned char b[16];
        int n = inet_pton(AF_INET, a.c_str(), b) == 1    ? 4
                : inet_pton(AF_INET6, a.c_str(), b) == 1 ? 16
                                                         : 0;
        if (n == 0) return std::nullopt;
        double out = 0;
        for (int i = 0; i < n; ++i)
            out = out * 256 + b[i];
        return out;
    };
    auto lo = value(v.substr(0, dash));
    auto hi = value(v.substr(dash + 3));
    if (!lo || !hi) return std::nullopt;
    return *hi - *lo + 1;
}

std::optional<double> smallest_scope(const ScoredContact& c) {
    std::optional<double> best;
    for (const auto& e : c.evidence)
        if (auto s = scope_size(e.finding.scope); s && (!best || *s < *best)) best = s;
    return best;
}

std::size_t first_source(const ScoredContact& c, const ScoringModel& model) {
    std::size_t best = model.source_order.size();
    for (const auto& e : c.evidence) {
        auto it = std::find(model.source_order.begin(), model.source_order.end(), e.source);
        best = std::min(best, static_cast<std::size_t>(it - model.source_order.begin()));
    }
    return best;
}

bool has_signal(const ScoredContact& c, const char* s) {
    return std::find(c.signals.begin(), c.signals.end(), s) != c.signals.end();
}

// The documented order of equal scores: the abuse mailbox a registry names in its abuse
// header first; then the more specific object; then the source that runs first; then the more
// specific role; then the address. Returns <0, 0, >0 and, when the scores tie and a rule
// decides, which rule it was.
int tie_break(const ScoredContact& a, const ScoredContact& b, const ScoringModel& model,
              std::string* rule) {
    auto decided = [&](int r, const char* why) {
        if (rule != nullptr) *rule = why;
        return r;
    };
    bool ha = has_signal(a, sig::abuse_header);
    bool hb = has_signal(b, sig::abuse_header);
    if (ha != hb) return decided(ha ? -1 : 1, "named in the registry's abuse-contact header");
    auto sa = smallest_scope(a);
    auto sb = smallest_scope(b);
    if (sa && sb && *sa != *sb) return decided(*sa < *sb ? -1 : 1, "the more specific object");
    auto oa = first_source(a, model);
    auto ob = first_source(b, model);
    if (oa != ob) return decided(oa < ob ? -1 : 1, "its source runs first");
    if (sdk::role_specificity(a.role) != sdk::role_specificity(b.role))
        return decided(sdk::role_specificity(a.role) < sdk::role_specificity(b.role) ? -1 : 1,
                       "the more specific role");
    auto ka = contact_key(a.contact);
    auto kb = contact_key(b.contact);
    if (ka != kb) return decided(ka < kb ? -1 : 1, "address order (nothing else tells them apart)");
    return 0;
}

namespace {

bool any_authenticated(const ScoredContact& c) {
    for (const auto& e : c.evidence)
        if (sdk::authenticated(e.finding.evidence)) return true;
    return false;
}

void add_core_signal(ScoredContact& c, const char* s) {
    if (std::find(c.core_signals.begin(), c.core_signals.end(), s) == c.core_signals.end())
        c.core_signals.push_back(s);
}

// The channel's word on a contact: a DNSSEC-secure answer is a little more trustworthy; one
// whose validation failed may be forged, and its contact is never a recipient unless an
// authenticated channel names it too (then the forgery, if it is one, changed nothing).
void add_channel_signals(ScoredContact& c) {
    bool authenticated = any_authenticated(c);
    for (const auto& e : c.evidence) {
        const auto& ev = e.finding.evidence;
        if (ev.transport != "dns") continue;
        if (ev.dnssec == "secure") add_core_signal(c, sig::dnssec_secure);
        if (ev.dnssec == "bogus" && !authenticated) {
            add_core_signal(c, sig::dnssec_bogus);
            std::string caveat = "the DNS answer it came from (" + ev.object +
                                 ") failed DNSSEC validation" +
                                 (ev.dnssec_reason.empty() ? "" : " (" + ev.dnssec_reason + ")") +
                                 ": it may be forged; not a recipient";
            if (std::find(c.caveats.begin(), c.caveats.end(), caveat) == c.caveats.end())
                c.caveats.push_back(caveat);
        }
    }
}

} // namespace

void score_contacts(std::vector<ScoredContact>& contacts, const ScoringModel& model) {
    for (auto& c : contacts) {
        c.explanation.clear();
        add_channel_signals(c);
        choose_voices(c, model);
        // Clear-text whois weighs against a contact seen only there.
        if (has_signal(c, sig::clear_text_whois) && any_authenticated(c))
            c.signals.erase(std::find(c.signals.begin(), c.signals.end(), sig::clear_text_whois));
        double total = 0;
        for (const auto& s : c.signals) {
            auto it = model.signal_weights.find(s);
            double w = it == model.signal_weights.end() ? 0.0 : it->second;
            c.explanation.push_back({s, w});
            total += w;
            std::string caveat = caveat_for_signal(s);
            if (!caveat.empty() &&
                std::find(c.caveats.begin(), c.caveats.end(), caveat) == c.caveats.end())
                c.caveats.push_back(caveat);
        }
        double rw = role_weight(c.role, model);
        c.explanation.push_back({"role:" + std::string(sdk::role_name(c.role)), rw});
        total += rw;
        std::set<std::string> sources;
        for (const auto& e : c.evidence)
            sources.insert(e.source);
        if (sources.size() > 1) {
            double bonus = std::min(model.corroboration_cap,
                                    model.corroboration * static_cast<double>(sources.size() - 1));
            c.explanation.push_back({"corroboration", bonus});
            total += bonus;
        }
        c.score = std::clamp(total, 0.0, 1.0);
        // A contact that can never be `to` (a placeholder, a registry's zone, a proxy, a bad
        // signature, a dead-end record, a mailbox that takes no mail) is not the right party,
        // however many other signals it has: it never outscores one that may be.
        if (!may_be_to(c, 0.0) && c.score > model.never_to_cap) {
            c.explanation.push_back({"cap: never to", model.never_to_cap - c.score});
            c.score = model.never_to_cap;
        }
        c.score = static_cast<double>(static_cast<long long>(c.score * 1000 + 0.5)) / 1000.0;
    }
    // A mailbox our notice bounced from is below every alternative, until it is seen working.
    for (auto& c : contacts)
        if (has_signal(c, "mailbox_bounced") && c.score > 0) {
            c.explanation.push_back({"bounced: below every alternative", -c.score});
            c.score = 0;
        }
    std::stable_sort(contacts.begin(), contacts.end(), [&](const auto& a, const auto& b) {
        bool ba = has_signal(a, "mailbox_bounced");
        bool bb = has_signal(b, "mailbox_bounced");
        if (ba != bb) return bb;
        if (a.score != b.score) return a.score > b.score;
        return tie_break(a, b, model, nullptr) < 0;
    });
    // Say, where a score ties with the next one, which rule put this one first.
    for (std::size_t i = 0; i + 1 < contacts.size(); ++i) {
        if (contacts[i].score != contacts[i + 1].score) continue;
        std::string rule;
        if (tie_break(contacts[i], contacts[i + 1], model, &rule) >= 0) continue;
        std::string other = contact_key(contacts[i + 1].contact);
        contacts[i].explanation.push_back(
            {"tie-break over " + other.substr(other.find(':') + 1) + ": " + rule, 0.0});
    }
    int to = 0;
    int cc = 0;
    for (auto& c : contacts) {
        c.recommend = Recommend::alt;
        // To and Cc are mail headers: a phone number or a web form is shown, as alt, never put
        // there, except a form where the desk takes nothing else: it may be `to`, and its
        // notice is a packet to submit by hand.
        bool form_to =
            c.contact.email.empty() && !c.contact.url.empty() && has_signal(c, sig::form_only);
        if ((c.contact.email.empty() && !form_to) || has_signal(c, sig::mailbox_confusable) ||
            has_signal(c, sig::dnssec_bogus))
            continue;
        if (form_to) {
            if (to == 0 && may_be_to(c, model.to_threshold)) {
                c.recommend = Recommend::to;
                ++to;
            }
            continue;
        }
        if (is_csirt(c)) {
            if (cc < model.max_cc) {
                c.recommend = Recommend::cc;
                ++cc;
            }
            continue;
        }
        if (!may_be_to(c, model.to_threshold)) continue;
        // One plan per indicator: one `to`, the one ranked first (ties broken by the documented
        // rules, the registry's own mark first); the others are alternatives.
        if (to == 0) {
            c.recommend = Recommend::to;
            ++to;
        }
    }
}

} // namespace renraku::core
