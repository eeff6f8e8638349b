// Reading domain whois answers: one reader for the many dialects of registries and registrars.

#include "renraku/registry/domain_whois.hpp"

#include "renraku/registry/whois_text.hpp"
#include "renraku/sdk/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>
#include <set>

namespace renraku::registry {

namespace {

// "whois.fabulous.com": letters, digits, dots and hyphens, at least one dot, no spaces.
bool looks_like_host(const std::string& s) {
    if (s.empty() || s.size() > 253 || s.find('.') == std::string::npos) return false;
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-'))
            return false;
    return s.front() != '.' && s.back() != '.';
}

constexpr std::size_t kMaxLines = 20000;
constexpr std::size_t kMaxContacts = 500;
constexpr std::size_t kMaxRedacted = 20;
constexpr std::size_t kMaxKeyBytes = 60;
constexpr int kHeadingReach = 60; // lines looked back for the heading of a block

// Whether `hay` holds any of the (lower-case) phrases, in any case. The text is lowered once
// for all of them: lowering it again for each phrase was most of the reader's time.
template <std::size_t N>
bool contains_any_ci(std::string_view hay, const char* const (&phrases)[N]) {
    std::string lower = ascii_lower(hay);
    for (const char* p : phrases)
        if (lower.find(p) != std::string::npos) return true;
    return false;
}

struct RoleHit {
    Role role = Role::other;
    bool registrar = false;
};

struct Line {
    std::string key;   // as written, without trailing dots
    std::string value; // trimmed
    std::string text;  // the whole trimmed line
    bool keyed = false;
    bool comment = false;
    bool blank = false;
    bool indented = false;
    int indent = 0;                     // leading blanks, a tab counting as eight
    std::vector<std::string> key_words; // words_of(key), once: several passes ask for them
    std::optional<RoleHit> role;        // from the key, or from the text of an unkeyed line
    bool heading = false;               // the line names the role of the lines below it
    // "Contact:", "Contacts:", "Contact Information : For Customer # 4000": a heading that
    // names no role; the domain's contact, unless a heading above it names one.
    bool generic_contact = false;
};

// Words of a key: split at anything but letters and digits, and between a lower-case letter and
// an upper-case one ("OrgAbuseEmail"). Bytes of UTF-8 sequences stay inside words.
std::vector<std::string> words_of(std::string_view key) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        if (!cur.empty()) out.push_back(ascii_lower(cur));
        cur.clear();
    };
    for (std::size_t i = 0; i < key.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(key[i]);
        bool word = (c >= 0x80) || std::isalnum(c) != 0;
        if (!word) {
            flush();
            continue;
        }
        if (!cur.empty() && std::isupper(c) != 0 &&
            std::islower(static_cast<unsigned char>(cur.back())) != 0)
            flush();
        cur.push_back(key[i]);
    }
    flush();
    return out;
}

template <typename Words>
bool has_word(const Words& words, std::initializer_list<std::string_view> any) {
    for (const auto& w : words)
        for (auto a : any)
            if (w == a) return true;
    return false;
}

// The words are exactly these (without building a list to compare with).
bool words_are(const std::vector<std::string>& words,
               std::initializer_list<std::string_view> these) {
    return std::equal(words.begin(), words.end(), these.begin(), these.end());
}

template <typename Words> std::optional<RoleHit> role_of_words(const Words& w) {
    bool registrar = has_word(w, {"registrar", "sponsoring"});
    if (has_word(w, {"abuse"})) return RoleHit{Role::abuse, registrar};
    if (registrar) return RoleHit{Role::registrar, true};
    // The reseller ("Registration Service Provider") and the invoiced party: not the holder.
    if (has_word(w, {"reseller", "billing", "bill", "invoicing", "provider", "cobranza",
                     "facturacion", "facturación"}))
        return RoleHit{Role::other, false};
    if (has_word(w, {"registrant", "owner", "holder", "titular", "licensee", "titulaire", "inhaber",
                     "domaininhaber", "registrante", "등록인", "登録者"}))
        return RoleHit{Role::registrant, false};
    if (has_word(w, {"admin", "administrative", "administrator", "ac", "administrativo",
                     "administratif", "책임자"}))
        return RoleHit{Role::admin, false};
    if (has_word(w, {"tech", "technical", "tc", "technique", "tecnico", "técnico", "zone"}))
        return RoleHit{Role::tech, false};
    if (has_word(w, {"notify", "changed", "updated"})) return RoleHit{Role::notify, false};
    return std::nullopt;
}

// Words that may sit beside a role word in a heading ("Administrative Contact/Agent").
bool heading_words_only(const std::vector<std::string>& w) {
    static const std::set<std::string, std::less<>> filler = {
        "c",   "contact", "contacts", "information", "info",   "data",         "of",
        "the", "domain",  "name",     "agent",       "person", "organization", "organisation",
        "hdl", "handle",  "id",       "details",     "section"};
    for (const auto& word : w)
        if (!filler.count(word) && !role_of_words(std::array<std::string_view, 1>{word}))
            return false;
    return true;
}

bool is_url(std::string_view v) {
    auto lower = ascii_lower(v.substr(0, 8));
    return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
}

bool digits_in(std::string_view s) {
    return std::any_of(s.begin(), s.end(),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

// SWITCH (.ch) writes "Registrar<TAB>Gandi SAS": a key of words, a tab, the value. Only
// words before the tab (letters, spaces, '-', '/'): "ns2.switch.ch<TAB>130.59.31.29" and
// "Google Inc  (go101-adnic-o)<TAB><TAB>mail@..." are not keys. Returns where the key ends.
std::optional<std::size_t> tab_key(std::string_view t) {
    auto tab = t.find('\t');
    if (tab == std::string_view::npos || tab == 0 || tab > kMaxKeyBytes) return std::nullopt;
    if (std::isalpha(static_cast<unsigned char>(t.front())) == 0) return std::nullopt;
    for (char c : t.substr(0, tab)) {
        unsigned char u = static_cast<unsigned char>(c);
        if (!(std::isalpha(u) != 0 || u >= 0x80 || c == ' ' || c == '-' || c == '/'))
            return std::nullopt;
    }
    if (trim_blanks(t.substr(tab)).empty()) return std::nullopt;
    return tab;
}

// SK-NIC writes "Admin-email         x@example.sk": one compound word at the margin, two or
// more spaces, the value. Compound (joined by '-' or '_'), so that a name at the margin
// ("Instra  (instr-adnic)") or a sentence ("Registrar  Users may ...") is not a key.
std::optional<std::size_t> spaced_key(std::string_view t) {
    auto gap = t.find("  ");
    if (gap == std::string_view::npos || gap < 3 || gap > kMaxKeyBytes) return std::nullopt;
    if (std::isalpha(static_cast<unsigned char>(t.front())) == 0) return std::nullopt;
    bool joined = false;
    for (char c : t.substr(0, gap)) {
        unsigned char u = static_cast<unsigned char>(c);
        if (c == '-' || c == '_')
            joined = true;
        else if (!(std::isalpha(u) != 0 || c == '.'))
            return std::nullopt;
    }
    if (!joined || t[gap - 1] == '-' || t[gap - 1] == '_') return std::nullopt;
    if (trim_blanks(t.substr(gap)).empty()) return std::nullopt;
    return gap;
}

// "key: value", "key.....: value", "a. [Key]  value", "[Key]", "Key<TAB>value",
// "Key   value", or plain text.
Line read_line(std::string_view raw) {
    Line l;
    std::string_view t = trim_blanks(raw);
    l.text = std::string(t);
    l.indented = !raw.empty() && (raw.front() == ' ' || raw.front() == '\t');
    for (char c : raw) {
        if (c == ' ')
            ++l.indent;
        else if (c == '\t')
            l.indent += 8;
        else
            break;
        if (l.indent > 1000) break;
    }
    if (t.empty()) {
        l.blank = true;
        return l;
    }
    if (t.front() == '%' || t.front() == '#' || t.rfind(">>>", 0) == 0 ||
        (t.front() == '[' && t.back() == ']' && t.size() > 40)) {
        l.comment = true;
        return l;
    }
    std::string_view rest = t;
    if (rest.size() > 3 && std::isalpha(static_cast<unsigned char>(rest[0])) != 0 &&
        rest[1] == '.' && rest[2] == ' ')
        rest = trim_blanks(rest.substr(3)); // JPRS/JPNIC "a. [Domain Name]"
    else if (rest.size() > 3 && std::isalpha(static_cast<unsigned char>(rest[0])) != 0 &&
             rest[1] == ' ' && rest[2] == '[')
        rest = rest.substr(2); // MYNIC "f [Invoicing Party]"
    if (!rest.empty() && rest.front() == '[') {
        auto close = rest.find(']');
        if (close != std::string_view::npos && close <= kMaxKeyBytes) {
            l.keyed = true;
            l.key = std::string(trim_blanks(rest.substr(1, close - 1)));
            l.value = std::string(trim_blanks(rest.substr(close + 1)));
            return l;
        }
    }
    auto colon = t.find(':');
    if (colon != std::string_view::npos && colon > 0 && colon <= kMaxKeyBytes) {
        std::string_view before = t.substr(0, colon);
        bool scheme = colon + 1 < t.size() && t[colon + 1] == '/';
        if (before.find('@') == std::string_view::npos && !scheme) {
            std::string_view key = trim_blanks(before);
            while (!key.empty() && (key.back() == '.' || key.back() == ' ' || key.back() == '\t'))
                key.remove_suffix(1);
            if (!key.empty()) {
                l.keyed = true;
                l.key = std::string(key);
                l.value = std::string(trim_blanks(t.substr(colon + 1)));
                return l;
            }
        }
    }
    std::optional<std::size_t> end = tab_key(t);
    if (!end && !l.indented) end = spaced_key(t);
    if (end) {
        l.keyed = true;
        l.key = std::string(t.substr(0, *end));
        l.value = std::string(trim_blanks(t.substr(*end)));
    }
    return l;
}

void classify(Line& l) {
    if (l.comment || l.blank) return;
    if (l.keyed) {
        l.key_words = words_of(l.key);
        const auto& w = l.key_words;
        l.role = role_of_words(w);
        if (l.role && l.role->role != Role::notify &&
            (l.value.empty() || has_word(w, {"contact", "contacts"}) || heading_words_only(w)) &&
            l.value.find('@') == std::string::npos)
            l.heading = true;
        // TWNIC's "   Contact:", .ee's "   Contacts:", a registrar's "Contact Information :
        // For Customer # 400014033" above an indented block; not RPSL's "contact: JD1-EXAMPLE"
        // (a handle) nor "Contact: x@example.net".
        const bool bare = words_are(w, {"contact"}) || words_are(w, {"contacts"});
        const bool about = has_word(w, {"information", "info", "details"});
        if (!l.role && has_word(w, {"contact", "contacts"}) && heading_words_only(w) &&
            ((bare && l.value.empty()) ||
             (about && l.value.find('@') == std::string::npos && !is_url(l.value)))) {
            l.role = RoleHit{Role::registrant, false};
            l.heading = true;
            l.generic_contact = true;
        }
        return;
    }
    // An unkeyed heading starts at the margin ("Tech", "Registrant"); indented text is a value
    // such as a name ("Domain Admin") inside a block.
    if (l.indented || l.text.size() > 48 || l.text.find('@') != std::string::npos ||
        digits_in(l.text))
        return;
    auto w = words_of(l.text);
    if (w.size() > 6) return;
    l.role = role_of_words(w);
    l.heading = l.role.has_value() && l.role->role != Role::notify && heading_words_only(w);
    if (!l.heading) l.role.reset();
}

// A single handle as a value: "GOOG123-ARIN", "YN47525JP"; not a name or an address.
bool handle_like(std::string_view v) {
    return !v.empty() && v.size() <= 40 && v.find(' ') == std::string_view::npos &&
           v.find('\t') == std::string_view::npos && v.find('@') == std::string_view::npos &&
           !is_url(v) && v.find("***") == std::string_view::npos;
}

bool handle_key(const std::vector<std::string>& w) {
    return words_are(w, {"nic", "hdl"}) || words_are(w, {"handle"}) ||
           words_are(w, {"nic", "handle"}) || words_are(w, {"contact"}) ||
           words_are(w, {"contact", "id"}) || words_are(w, {"nic", "hdl", "br"});
}

bool references_handle(const std::vector<std::string>& w) {
    // "admin-c", "tech-c", "holder-c", "registrant", "Administrative Contact", "Registrant ID"
    return has_word(w, {"c", "contact", "id", "handle"}) || heading_words_only(w);
}

class Reader {
  public:
    Reader(std::string_view text, const PrivacyServices& services) : services_(services) {
        std::size_t start = 0;
        while (start <= text.size() && lines_.size() < kMaxLines) {
            auto nl = text.find('\n', start);
            std::string_view raw =
                text.substr(start, nl == std::string_view::npos ? text.size() - start : nl - start);
            lines_.push_back(read_line(raw));
            classify(lines_.back());
            if (nl == std::string_view::npos) break;
            start = nl + 1;
        }
    }

    DomainWhois read() {
        collect_handles();
        collect_facts();
        for (std::size_t i = 0; i < lines_.size() && out_.contacts.size() < kMaxContacts; ++i)
            read_contacts_of(i);
        collect_private_blocks();
        mark_privacy();
        out_.not_found = out_.contacts.empty() && says_not_found();
        return std::move(out_);
    }

  private:
    void collect_handles() {
        for (const auto& l : lines_) {
            if (!l.keyed || !l.role || l.role->role == Role::notify || !handle_like(l.value))
                continue;
            if (!references_handle(l.key_words)) continue;
            handles_[ascii_lower(l.value)].push_back(*l.role);
        }
    }

    void collect_facts() {
        std::string legacy_whois_server; // "Whois Server:", Verisign's thin answers before 2017
        for (const auto& l : lines_) {
            if (!l.keyed || l.value.empty()) continue;
            const auto& w = l.key_words;
            if (legacy_whois_server.empty() && words_are(w, {"whois", "server"}))
                legacy_whois_server = ascii_lower(l.value);
            if (out_.registrar.empty() &&
                (words_are(w, {"registrar"}) || words_are(w, {"sponsoring", "registrar"}) ||
                 words_are(w, {"registrar", "name"})))
                out_.registrar = l.value;
            if (out_.registrar_whois_server.empty() &&
                words_are(w, {"registrar", "whois", "server"}))
                out_.registrar_whois_server = ascii_lower(l.value);
            if (out_.last_update.empty() &&
                (words_are(w, {"updated", "date"}) || words_are(w, {"last", "updated"}) ||
                 words_are(w, {"last", "update"}) || words_are(w, {"last", "modified"}) ||
                 words_are(w, {"changed"})))
                out_.last_update = l.value;
            if (l.role && l.role->role != Role::notify && is_redacted_value(l.value) &&
                out_.redacted.size() < kMaxRedacted) {
                std::string field = l.key + ": " + l.value;
                if (std::find(out_.redacted.begin(), out_.redacted.end(), field) ==
                    out_.redacted.end())
                    out_.redacted.push_back(field);
            }
            if (l.role && !l.role->registrar) {
                const PrivacyService* known = services_.by_name(l.value);
                if (!known && handle_like(l.value)) known = services_.by_handle(l.value);
                if (known) proxy_service_.emplace(l.role->role, known->name);
                if (known || is_privacy_service(l.value)) proxy_roles_.insert(l.role->role);
            }
        }
        // The legacy key names the registrar's server only where the current one is absent, and
        // only as a host name (the banner "Whois Server Version 2.0" has no value to take).
        if (out_.registrar_whois_server.empty() && looks_like_host(legacy_whois_server))
            out_.registrar_whois_server = legacy_whois_server;
    }

    // The roles the handle of the RPSL object around line `i` was given elsewhere; `bounded` is
    // set when the object has a handle at all, so that the search for a heading stays inside it.
    // Each object is looked at once, whatever the number of its lines (a hostile answer may
    // hold tens of thousands of e-mail lines in one object).
    std::vector<RoleHit> object_roles(std::size_t i, bool& bounded) {
        std::size_t a = i;
        while (a > 0 && !lines_[a - 1].blank && !lines_[a - 1].comment) {
            if (auto known = object_start_.find(a - 1); known != object_start_.end()) {
                a = known->second;
                break;
            }
            --a;
        }
        object_start_[i] = a;
        auto cached = objects_.find(a);
        if (cached == objects_.end()) {
            ObjectRoles found;
            for (std::size_t k = a; k < lines_.size() && !lines_[k].blank && !lines_[k].comment;
                 ++k) {
                const auto& l = lines_[k];
                if (!l.keyed || !handle_like(l.value) || !handle_key(l.key_words)) continue;
                found.bounded = true;
                auto it = handles_.find(ascii_lower(l.value));
                if (it != handles_.end()) {
                    found.roles = it->second;
                    break;
                }
            }
            cached = objects_.emplace(a, std::move(found)).first;
        }
        bounded = cached->second.bounded;
        return cached->second.roles;
    }

    std::optional<RoleHit> heading_above(std::size_t i, bool bounded) const {
        for (std::size_t k = i; k-- > 0 && i - k <= kHeadingReach;) {
            const auto& l = lines_[k];
            if (l.comment || (bounded && l.blank)) break;
            if (l.role && l.role->role != Role::notify) return l.role;
        }
        return std::nullopt;
    }

    // For an unkeyed line inside a block: the heading that opens the block.
    std::optional<RoleHit> heading_of_block(std::size_t i) const {
        for (std::size_t k = i; k-- > 0 && i - k <= kHeadingReach;) {
            const auto& l = lines_[k];
            if (l.comment || l.blank) break;
            if (l.heading) return role_of_heading(k);
        }
        return std::nullopt;
    }

    // The line an indented line hangs from: the nearest line above that is less indented.
    // Blank and whitespace-only lines inside the block are passed over (EDUCAUSE leaves one
    // after "Administrative Contact:", TWNIC and .tr a whitespace-only one inside the block).
    std::optional<std::size_t> parent_of(std::size_t i) const {
        const int indent = lines_[i].indent;
        if (indent == 0) return std::nullopt;
        for (std::size_t k = i; k-- > 0 && i - k <= kHeadingReach;) {
            const auto& l = lines_[k];
            if (l.comment) return std::nullopt;
            if (l.blank) continue;
            if (l.indent < indent) return k;
        }
        return std::nullopt;
    }

    // The role the lines under the heading at `k` have. A generic "Contact:" takes the role of
    // a heading it hangs from ("Registrant:" above TWNIC's and .ee's), else the holder's.
    std::optional<RoleHit> role_of_heading(std::size_t k) const {
        const auto& l = lines_[k];
        if (!l.generic_contact) return l.role;
        for (auto p = parent_of(k); p; p = parent_of(*p))
            if (lines_[*p].heading && !lines_[*p].generic_contact) return lines_[*p].role;
        return l.role;
    }

    // An indented unkeyed line under a heading or under a keyed line that names a role
    // ("f [Invoicing Party]  R014" above the invoiced party's address lines, .my).
    std::optional<RoleHit> role_from_parent(std::size_t i) const {
        for (auto p = parent_of(i); p; p = parent_of(*p)) {
            const auto& l = lines_[*p];
            if (l.heading) return role_of_heading(*p);
            if (l.keyed) return l.role; // a key without a role ("Domain servers:") ends it
        }
        return std::nullopt;
    }

    void add(const DomainContact& c) {
        std::string key = ascii_lower(c.email) + '\n' + c.url + '\n' +
                          std::to_string(static_cast<int>(c.role)) + (c.registrar ? "r" : "-");
        if (!added_.insert(std::move(key)).second) return;
        if (out_.contacts.size() < kMaxContacts) out_.contacts.push_back(c);
    }

    void read_contacts_of(std::size_t i) {
        const auto& l = lines_[i];
        if (l.blank) return;
        std::string_view where = l.keyed ? std::string_view(l.value) : std::string_view(l.text);
        auto emails = find_emails(where, l.comment ? nullptr : &out_.refused);
        bool form = l.keyed && l.role && is_url(l.value) &&
                    has_word(l.key_words, {"email", "mail", "contact"});
        if (emails.empty() && !form) return;

        std::vector<RoleHit> roles;
        bool registry_text = false;
        std::optional<RoleHit> block;
        // A short line, or a record line with its columns split by tabs (NIC-Venezuela's
        // "Instra  Corporation Pty Ltd  (zumba.com.ve-dom)<TAB><TAB>x@..."); a long line of
        // prose is the registry's text.
        const bool record_line =
            l.text.size() <= 60 || (l.text.size() <= 160 && l.text.find('\t') != std::string::npos);
        if (!l.comment && !l.keyed && record_line) block = heading_of_block(i);
        if (!l.comment && !l.keyed && !block) block = role_from_parent(i);
        if (l.comment || (!l.keyed && !block)) {
            registry_text = true;
            roles.push_back({Role::other, false});
        } else if (block) {
            roles.push_back(*block);
        } else if (l.role) {
            roles.push_back(*l.role);
        } else {
            bool bounded = false;
            roles = object_roles(i, bounded);
            if (roles.empty()) {
                auto above = heading_above(i, bounded);
                roles.push_back(above ? *above : RoleHit{Role::other, false});
            }
        }
        for (const auto& hit : roles) {
            DomainContact c;
            c.role = hit.role;
            c.registrar = hit.registrar || hit.role == Role::registrar;
            c.registry_text = registry_text;
            c.field = l.keyed ? l.key : std::string();
            if (form && emails.empty()) {
                c.url = l.value;
                add(c);
                continue;
            }
            for (const auto& e : emails) {
                c.email = e;
                add(c);
            }
        }
    }

    // A block that says of itself that it is private ("Domain Contact / is Private",
    // "Address is private", Communigal): its address is the registrar's forwarding box.
    void collect_private_blocks() {
        for (std::size_t i = 0; i < lines_.size(); ++i) {
            const auto& l = lines_[i];
            if (l.keyed || l.comment || l.blank || l.text.size() > 40) continue;
            auto w = words_of(l.text);
            if (w.empty() || w.back() != "private") continue;
            auto role = heading_of_block(i);
            if (!role) role = role_from_parent(i);
            if (role && !role->registrar) proxy_roles_.insert(role->role);
        }
    }

    void mark_privacy() {
        for (auto& c : out_.contacts) {
            if (c.registry_text) continue;
            if (const auto* known = services_.by_email(c.email)) {
                c.privacy_proxy = true;
                c.privacy_service = known->name;
                continue;
            }
            if (c.registrar || c.role == Role::other) {
                c.privacy_proxy = c.privacy_proxy || is_privacy_service(c.email);
                continue;
            }
            if (is_privacy_service(c.email) || proxy_roles_.count(c.role)) c.privacy_proxy = true;
            if (auto it = proxy_service_.find(c.role); it != proxy_service_.end())
                c.privacy_service = it->second;
        }
    }

    bool says_not_found() const {
        static const char* const kPhrases[] = {"no match",
                                               "not found",
                                               "no entries found",
                                               "no data found",
                                               "no object found",
                                               "nothing found",
                                               "no such domain",
                                               "status: free",
                                               "status:\tfree",
                                               "status: available",
                                               "is available",
                                               "not registered",
                                               "does not exist",
                                               "no information available",
                                               "available for registration",
                                               "is free",
                                               "no found",
                                               "not exist"};
        for (const auto& l : lines_)
            if (contains_any_ci(l.text, kPhrases)) return true;
        return false;
    }

    struct ObjectRoles {
        bool bounded = false;
        std::vector<RoleHit> roles;
    };
    std::vector<Line> lines_;
    std::map<std::string, std::vector<RoleHit>> handles_;
    std::map<std::size_t, std::size_t> object_start_; // line -> first line of its object
    std::map<std::size_t, ObjectRoles> objects_;      // first line -> the object's roles
    std::set<std::string> added_;                     // contacts already kept
    std::set<Role> proxy_roles_;
    std::map<Role, std::string> proxy_service_; // role -> the listed service standing in for it
    const PrivacyServices& services_;
    DomainWhois out_;
};

} // namespace

bool is_redacted_value(std::string_view value) {
    static const char* const kMarks[] = {"redacted",
                                         "data protected",
                                         "not disclosed",
                                         "non-public",
                                         "withheld",
                                         "statutory masking",
                                         "gdpr",
                                         "query the rdds",
                                         "hidden upon user request",
                                         "not available from registry",
                                         "privacy",
                                         "data restricted",
                                         "private person",
                                         "on request",
                                         "not shown"};
    return contains_any_ci(value, kMarks);
}

bool is_privacy_service(std::string_view value) {
    static const char* const kServices[] = {
        "privacy",          "proxy",           "whoisguard",
        "whois guard",      "redacted",        "protected",
        "anonymize",        "anonymise",       "private registration",
        "identity protect", "domainsbyproxy",  "withheldforprivacy",
        "contactprivacy",   "perfect privacy", "whoisprotect",
        "data protected"};
    return contains_any_ci(value, kServices);
}

DomainWhois parse_domain_whois(std::string_view text, const PrivacyServices& services) {
    return Reader(text, services).read();
}

DomainWhois parse_domain_whois(std::string_view text) {
    static const PrivacyServices none;
    return Reader(text, none).read();
}

} // namespace renraku::registry
