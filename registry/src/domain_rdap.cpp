// Reading RDAP domain answers of registries and registrars.

#include "renraku/registry/domain_registry.hpp"
#include "renraku/registry/rdap.hpp"
#include "renraku/registry/whois_text.hpp"
#include "renraku/sdk/mailbox.hpp"

#include "rdap_json.hpp"

#include <functional>

namespace renraku::registry {

namespace {

using rdap_json::entity_roles;
using rdap_json::is_web_url;
using rdap_json::json;
using rdap_json::kMaxCardValues;
using rdap_json::kMaxEntities;
using rdap_json::kMaxEntityDepth;
using rdap_json::read_vcard;
using rdap_json::str;
using rdap_json::VCard;

struct RoleHit {
    Role role;
    bool registrar;
};

std::optional<RoleHit> domain_role_of(const std::string& rdap_role, bool inside_registrar) {
    if (rdap_role == "abuse") return RoleHit{Role::abuse, inside_registrar};
    if (rdap_role == "registrar") return RoleHit{Role::registrar, true};
    if (rdap_role == "registrant") return RoleHit{Role::registrant, false};
    if (rdap_role == "administrative") return RoleHit{Role::admin, false};
    if (rdap_role == "technical") return RoleHit{Role::tech, false};
    if (rdap_role == "noc") return RoleHit{Role::noc, false};
    if (rdap_role == "billing" || rdap_role == "reseller") return RoleHit{Role::other, false};
    return std::nullopt;
}

void add_redacted(DomainRdap& out, const std::string& what) {
    if (out.redacted.size() < 20 &&
        std::find(out.redacted.begin(), out.redacted.end(), what) == out.redacted.end())
        out.redacted.push_back(what);
}

} // namespace

DomainRdap parse_domain_rdap(const std::string& body) {
    static const PrivacyServices none;
    return parse_domain_rdap(body, none);
}

DomainRdap parse_domain_rdap(const std::string& body, const PrivacyServices& services) {
    DomainRdap out;
    if (!json_depth_within(body, 64)) return out;
    json root = json::parse(body, nullptr, false);
    if (root.is_discarded() || !root.is_object()) return out;
    out.valid = true;

    if (root.contains("links") && root["links"].is_array())
        for (const auto& link : root["links"]) {
            std::string href = str(link, "href");
            if (str(link, "rel") == "related" && is_web_url(href) &&
                (str(link, "type") == "application/rdap+json" ||
                 href.find("/domain/") != std::string::npos) &&
                out.registrar_link.empty())
                out.registrar_link = href;
        }
    if (root.contains("redacted") && root["redacted"].is_array()) // RFC 9537
        for (const auto& r : root["redacted"]) {
            std::string name = r.contains("name") ? str(r["name"], "description") : "";
            if (name.empty() && r.contains("name")) name = str(r["name"], "type");
            if (!name.empty()) add_redacted(out, name + ": redacted");
        }

    std::size_t seen = 0;
    bool skipped_said = false;
    std::function<void(const json&, int, bool)> walk = [&](const json& holder, int depth,
                                                           bool inside_registrar) {
        if (depth > kMaxEntityDepth || !holder.contains("entities") ||
            !holder["entities"].is_array())
            return;
        for (const auto& entity : holder["entities"]) {
            if (++seen > kMaxEntities) return;
            if (!entity.is_object()) {
                // One malformed member (a null, a string) loses itself, not the entities after
                // it: the registrar and its nested abuse contact often come later.
                if (!skipped_said && out.refused.size() < 16)
                    out.refused.push_back("an entity that is not a JSON object was skipped");
                skipped_said = true;
                continue;
            }
            VCard card = read_vcard(entity);
            bool is_registrar = false;
            // Facts of the entity, the same for each of its roles.
            const PrivacyService* listed = services.by_name(card.fn);
            if (!listed) listed = services.by_name(card.org);
            if (!listed) listed = services.by_handle(str(entity, "handle"));
            const bool proxy =
                listed || is_privacy_service(card.fn) || is_privacy_service(card.org);
            const bool name_redacted = is_redacted_value(card.fn);
            for (const auto& role_as_written : entity_roles(entity)) {
                std::string rdap_role = ascii_lower(role_as_written);
                auto hit = domain_role_of(rdap_role, inside_registrar);
                if (!hit) continue;
                if (hit->role == Role::registrar) {
                    is_registrar = true;
                    if (out.registrar.empty()) out.registrar = card.fn.empty() ? card.org : card.fn;
                }
                DomainContact base;
                base.role = hit->role;
                base.registrar = hit->registrar;
                base.field = "entity " + str(entity, "handle") + " (" + rdap_role + ")";
                std::size_t before = out.contacts.size();
                for (const auto& e : card.emails) {
                    // An address is never a redaction mark, even at withheldforprivacy.com.
                    if (e.find('@') == std::string::npos && is_redacted_value(e)) {
                        add_redacted(out, rdap_role + " email: " + e);
                        continue;
                    }
                    if (out.contacts.size() - before >= kMaxCardValues) break;
                    if (auto clean = mailbox_of_field(e, &out.refused)) {
                        DomainContact c = base;
                        c.email = *clean;
                        const PrivacyService* by_address = services.by_email(*clean);
                        c.privacy_proxy = proxy || by_address || is_privacy_service(*clean);
                        if (by_address)
                            c.privacy_service = by_address->name;
                        else if (listed)
                            c.privacy_service = listed->name;
                        out.contacts.push_back(c);
                    }
                }
                for (const auto& uri : card.contact_uris) {
                    DomainContact c = base;
                    if (ascii_lower(uri.substr(0, 7)) == "mailto:") {
                        // Exactly one address, the query (?cc=, ?bcc=) dropped, or none.
                        auto m = sdk::mailbox_from_uri(uri);
                        if (!m.ok()) {
                            if (out.refused.size() < 16)
                                out.refused.push_back("\"" + sdk::sanitize(uri, 120) +
                                                      "\" is not a mailbox (" + m.refused + ")");
                            continue;
                        }
                        c.email = m.address;
                    } else if (is_web_url(uri))
                        c.url = uri;
                    else
                        continue;
                    c.privacy_proxy = proxy;
                    if (listed) c.privacy_service = listed->name;
                    out.contacts.push_back(c);
                }
                if (name_redacted) add_redacted(out, rdap_role + " name: " + card.fn);
                if (out.contacts.size() == before && hit->role != Role::registrar &&
                    hit->role != Role::other)
                    add_redacted(out, rdap_role + ": no e-mail address published");
            }
            walk(entity, depth + 1, inside_registrar || is_registrar);
        }
    };
    walk(root, 0, false);
    return out;
}

IanaTld read_iana_tld(const std::string& iana_text) {
    IanaTld tld;
    for (const auto& object : parse_whois_objects(iana_text)) {
        tld.known = tld.known || object.has("domain");
        if (tld.whois.empty()) tld.whois = ascii_lower(object.get("whois"));
    }
    return tld;
}

} // namespace renraku::registry
