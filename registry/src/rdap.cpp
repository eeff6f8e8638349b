// Reading an address registry's RDAP answer into findings.

#include "renraku/registry/rdap.hpp"

#include "rdap_json.hpp"

#include "renraku/registry/whois_text.hpp"
#include "renraku/sdk/signals.hpp"
#include "renraku/sdk/text.hpp"

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>

namespace renraku::registry {

namespace {

using nlohmann::json;
using rdap_json::entity_roles;
using rdap_json::is_web_url;
using rdap_json::kMaxCardValues;
using rdap_json::kMaxEntities;
using rdap_json::kMaxEntityDepth;
using rdap_json::read_vcard;
using rdap_json::str;
using rdap_json::VCard;

std::optional<Role> role_of(const std::string& rdap_role) {
    if (rdap_role == "abuse") return Role::abuse;
    if (rdap_role == "noc") return Role::noc;
    if (rdap_role == "technical") return Role::tech;
    if (rdap_role == "administrative") return Role::admin;
    if (rdap_role == "registrant") return Role::registrant;
    return std::nullopt;
}

// The descriptions of an object's remarks (or notices), one per line.
std::string remarks_text(const json& object, const char* key = "remarks") {
    std::string out;
    if (!object.is_object() || !object.contains(key) || !object[key].is_array()) return out;
    for (const auto& r : object[key]) {
        if (r.is_object() && r.contains("description") && r["description"].is_array())
            for (const auto& d : r["description"])
                if (d.is_string()) out += d.get<std::string>() + "\n";
        // After the description, which says more when both match a rule.
        std::string title = str(r, "title");
        if (!title.empty()) out += title + "\n";
        if (out.size() > 64 * 1024) break;
    }
    return out;
}

std::string scope_of(const json& root, std::string& kind) {
    std::string scope;
    kind = "network";
    if (root.contains("cidr0_cidrs") && root["cidr0_cidrs"].is_array()) {
        for (const auto& c : root["cidr0_cidrs"]) {
            std::string p = str(c, "v4prefix");
            if (p.empty()) p = str(c, "v6prefix");
            if (p.empty() || !c.contains("length") || !c["length"].is_number_integer()) continue;
            scope += (scope.empty() ? "" : ", ") + registry_address(p) + "/" +
                     std::to_string(c["length"].get<int>());
        }
    }
    if (scope.empty() && !str(root, "startAddress").empty())
        scope = registry_address(str(root, "startAddress")) + " - " +
                registry_address(str(root, "endAddress"));
    if (root.contains("startAutnum") && root["startAutnum"].is_number_integer()) {
        kind = "asn";
        auto first = root["startAutnum"].get<long long>();
        auto last = root.contains("endAutnum") && root["endAutnum"].is_number_integer()
                        ? root["endAutnum"].get<long long>()
                        : first;
        scope =
            "AS" + std::to_string(first) + (last != first ? " - AS" + std::to_string(last) : "");
    }
    return scope;
}

// The country of the registrant's address, else of the first entity that gives one.
std::string entity_country(const json& root) {
    std::string first;
    std::size_t seen = 0;
    std::function<std::string(const json&, int)> walk = [&](const json& holder,
                                                            int depth) -> std::string {
        if (depth > kMaxEntityDepth || !holder.contains("entities") ||
            !holder["entities"].is_array())
            return {};
        for (const auto& e : holder["entities"]) {
            if (++seen > kMaxEntities) return {};
            if (!e.is_object()) continue; // a malformed member loses itself, not the rest
            std::string code = country_code_of(read_vcard(e).adr_country);
            bool registrant = false;
            if (e.contains("roles") && e["roles"].is_array())
                for (const auto& r : e["roles"])
                    registrant |= r.is_string() && r.get<std::string>() == "registrant";
            if (!code.empty() && registrant) return code;
            if (!code.empty() && first.empty()) first = code;
            if (auto below = walk(e, depth + 1); !below.empty()) return below;
        }
        return {};
    };
    std::string r = walk(root, 0);
    return r.empty() ? first : r;
}

std::optional<json> parse_body(const std::string& body) {
    if (!json_depth_within(body, 64)) return std::nullopt;
    json root = json::parse(body, nullptr, false);
    if (root.is_discarded() || !root.is_object()) return std::nullopt;
    return root;
}

} // namespace

bool json_depth_within(const std::string& text, int max_depth) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"')
            in_string = true;
        else if (c == '[' || c == '{') {
            if (++depth > max_depth) return false;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return true;
}

std::string rdap_start_address(const std::string& body) {
    auto root = parse_body(body);
    if (!root) return {};
    std::string start = str(*root, "startAddress");
    return start.empty() ? std::string() : registry_address(start);
}

std::string rdap_country(const std::string& body) {
    auto root = parse_body(body);
    if (!root) return {};
    std::string c = country_code_of(str(*root, "country"));
    return c.empty() ? entity_country(*root) : c;
}

const NirProfile* rdap_nir(const std::string& body, const RegistryProfile& profile) {
    auto root = parse_body(body);
    if (!root) return nullptr;
    if (const NirProfile* n =
            nir_named_in(remarks_text(*root) + remarks_text(*root, "notices"), profile))
        return n;
    if (!root->contains("entities") || !(*root)["entities"].is_array()) return nullptr;
    std::size_t seen = 0;
    for (const auto& e : (*root)["entities"]) {
        if (++seen > kMaxEntities) break;
        for (const auto& n : profile.nirs)
            if (is_nir_own(n, "", str(e, "handle"))) return &n;
    }
    return nullptr;
}

RegistryRdap read_registry_rdap(const std::string& body, const std::string& server,
                                const RegistryProfile& profile, long today_days) {
    RegistryRdap out;
    if (!json_depth_within(body, 64)) {
        out.outcome = Outcome::failure(Outcome::Status::bad_answer,
                                       "RDAP answer from " + server + " nests too deeply");
        return out;
    }
    json root = json::parse(body, nullptr, false);
    if (root.is_discarded() || !root.is_object()) {
        out.outcome = Outcome::failure(Outcome::Status::bad_answer,
                                       "RDAP answer from " + server + " is not JSON");
        return out;
    }
    std::string scope_kind;
    std::string scope = scope_of(root, scope_kind);
    if (scope.empty()) {
        out.outcome =
            Outcome::nothing("RDAP answer from " + server + " has no network or AS range");
        return out;
    }
    if (std::string start = str(root, "startAddress"); !start.empty())
        out.start = registry_address(start);
    out.country = country_code_of(str(root, "country"));
    if (out.country.empty()) out.country = entity_country(root);

    std::string handle = str(root, "handle");
    std::vector<std::string> record_signals;
    bool event_skipped = false; // said once as a note, below
    if (root.contains("events") && root["events"].is_array()) {
        std::optional<long> changed;
        for (const auto& e : root["events"]) {
            // A null, a string, or a "last changed" whose date is no date loses itself only.
            if (!e.is_object()) {
                event_skipped = true;
                continue;
            }
            if (str(e, "eventAction") != "last changed") continue;
            if (auto d = registry_date_days(str(e, "eventDate")))
                changed = d;
            else
                event_skipped = true;
        }
        if (changed)
            if (const char* age = record_age_signal(*changed, today_days))
                record_signals.push_back(age);
    }
    std::string record_text = remarks_text(root) + remarks_text(root, "notices");
    const NirProfile* nir = nir_named_in(record_text, profile);

    std::vector<Finding> findings;
    std::vector<std::string> refused; // values the address rule refused, said as notes
    if (event_skipped)
        refused.push_back("an event that is not an object or has no readable date was skipped");
    std::vector<std::string> handles;
    std::size_t seen_entities = 0;
    bool skipped_said = false;
    std::function<void(const json&, int, std::string)> walk = [&](const json& holder, int depth,
                                                                  std::string org) {
        if (depth > kMaxEntityDepth || !holder.contains("entities") ||
            !holder["entities"].is_array())
            return;
        for (const auto& entity : holder["entities"]) {
            if (++seen_entities > kMaxEntities) return;
            if (!entity.is_object()) {
                // A malformed member (a null, a string) loses itself, not the entities after it.
                if (!skipped_said && refused.size() < 16)
                    refused.push_back("an entity that is not a JSON object was skipped");
                skipped_said = true;
                continue;
            }
            VCard card = read_vcard(entity);
            std::string ehandle = str(entity, "handle");
            std::string entity_org = card.org.empty() ? org : card.org;
            if (nir == nullptr)
                for (const auto& n : profile.nirs)
                    if (is_nir_own(n, "", ehandle)) nir = &n;
            // One entity, one voice: its most specific role.
            std::optional<Role> role;
            std::string role_words;
            for (const auto& r : entity_roles(entity)) {
                auto rr = role_of(ascii_lower(r));
                role_words += (role_words.empty() ? "" : ", ") + r;
                if (rr && (!role || role_specificity(*rr) < role_specificity(*role))) role = rr;
            }
            if (role) {
                std::string entity_text = remarks_text(entity);
                std::vector<Finding> mine;
                auto add = [&](const std::string& email, const std::string& phone, Role as,
                               std::vector<std::string> extra_signals,
                               std::vector<std::string> caveats) {
                    Finding f;
                    f.contact.email = email;
                    f.contact.phone = phone;
                    f.contact.name = card.fn;
                    f.contact.organization = entity_org;
                    f.role = as;
                    f.scope = {scope_kind, scope};
                    f.evidence.server = server;
                    f.evidence.object = handle.empty() ? scope : handle;
                    f.evidence.field = "entity " + ehandle + " (" + role_words + ") " +
                                       (email.empty() ? "tel" : "email");
                    f.evidence.excerpt = email.empty() ? phone : email;
                    f.signals = record_signals;
                    for (const auto& s : extra_signals)
                        f.signals.push_back(s);
                    f.caveats = std::move(caveats);
                    for (const auto& p : profile.placeholder_emails)
                        if (!email.empty() && ascii_lower(email) == ascii_lower(p)) {
                            f.signals.push_back(signals::placeholder);
                            f.caveats.push_back(email + " is " + profile.name + "'s placeholder");
                        }
                    mine.push_back(std::move(f));
                };
                std::string phone = card.tels.empty() ? std::string() : card.tels.front();
                // Distinct addresses, and which of them the entity marks as its abuse mailbox.
                // At most kMaxCardValues of them, from at most four times as many candidates
                // (one value may hold thousands, and each is looked for in the entity's
                // remarks); the remarks are lowered once, not for each address.
                std::vector<std::string> emails;
                std::vector<std::string> emails_lowered;
                std::vector<bool> marked;
                const std::string entity_text_lowered = ascii_lower(entity_text);
                std::size_t candidates = 0;
                for (std::size_t i = 0; i < card.emails.size(); ++i)
                    if (auto found = mailbox_of_field(card.emails[i], &refused)) {
                        const std::string& clean = *found;
                        if (++candidates > 4 * kMaxCardValues) break;
                        std::string lowered = ascii_lower(clean);
                        auto it = std::find(emails_lowered.begin(), emails_lowered.end(), lowered);
                        bool m = i < card.email_marked.size() && card.email_marked[i];
                        if (entity_text_lowered.find(lowered + " was validated") !=
                            std::string::npos)
                            m = true;
                        if (it == emails_lowered.end()) {
                            if (emails.size() == kMaxCardValues) continue;
                            emails.push_back(clean);
                            emails_lowered.push_back(std::move(lowered));
                            marked.push_back(m);
                        } else if (m) {
                            marked[static_cast<std::size_t>(it - emails_lowered.begin())] = true;
                        }
                    }
                bool any_marked = std::find(marked.begin(), marked.end(), true) != marked.end();
                for (std::size_t i = 0; i < emails.size(); ++i) {
                    if (*role != Role::abuse) {
                        add(emails[i], phone, *role, {signals::registry_contact}, {});
                    } else if (any_marked && !marked[i]) {
                        add(emails[i], phone, Role::tech, {signals::registry_contact},
                            {"the abuse contact's general e-mail, not its abuse mailbox"});
                    } else {
                        std::vector<std::string> sigs = {signals::registry_abuse_contact};
                        if (depth == 0) sigs.push_back(signals::most_specific_object);
                        std::vector<std::string> cavs;
                        if (!any_marked && emails.size() > 1) {
                            out.abuse_unclear = true;
                            cavs.push_back("one of several addresses of the abuse contact " +
                                           ehandle +
                                           "; the registry marks none as its abuse "
                                           "mailbox");
                        }
                        add(emails[i], phone, Role::abuse, sigs, cavs);
                    }
                }
                if (emails.empty() && !phone.empty())
                    add("", phone, *role,
                        {*role == Role::abuse ? signals::registry_abuse_contact
                                              : signals::registry_contact},
                        {});
                apply_validation(mine, entity_text, true);
                // A point of contact the registry marks "validated" (ARIN's yearly check).
                if (entity.contains("status") && entity["status"].is_array())
                    for (const auto& st : entity["status"])
                        if (st.is_string() && ascii_lower(st.get<std::string>()) == "validated")
                            for (auto& f : mine)
                                mark_validated(f, "status: validated");
                for (auto& f : mine) {
                    findings.push_back(std::move(f));
                    handles.push_back(ehandle);
                }
            }
            walk(entity, depth + 1, entity_org);
        }
    };
    walk(root, 0, "");
    for (auto& f : findings)
        f.contact.country = out.country;
    if (nir != nullptr) apply_nir_rule(findings, handles, *nir, profile);
    one_voice(findings);
    apply_validation(findings, record_text);
    out.outcome = Outcome::found(std::move(findings));
    for (const auto& r : refused)
        out.outcome.notes.push_back("RDAP record at " + server + ": " + r + "; not used");
    // Where the registry takes reports of wrong contact data (ARIN and APNIC link to it).
    auto inaccuracy = [&](const json& links) {
        if (!links.is_array()) return std::string();
        for (const auto& l : links)
            if (l.is_object() && str(l, "rel") == "inaccuracy-report" && is_web_url(str(l, "href")))
                return str(l, "href");
        return std::string();
    };
    std::string report = root.contains("links") ? inaccuracy(root["links"]) : std::string();
    if (report.empty() && root.contains("notices") && root["notices"].is_array())
        for (const auto& n : root["notices"])
            if (report.empty() && n.is_object() && n.contains("links"))
                report = inaccuracy(n["links"]);
    if (!report.empty())
        out.outcome.notes.push_back(std::string(sdk::kInaccuracyNote) + sanitize(report, 300));
    if (out.outcome.findings.empty())
        out.outcome.notes.push_back("no contact in the RDAP record of " + scope + " at " + server);
    return out;
}

Outcome registry_rdap_findings(const std::string& body, const std::string& server,
                               const RegistryProfile& profile, long today_days) {
    return read_registry_rdap(body, server, profile, today_days).outcome;
}

} // namespace renraku::registry
