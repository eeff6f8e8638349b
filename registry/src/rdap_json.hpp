#pragma once
// Pieces of RDAP JSON shared by the address and domain readers (not installed).

#include "renraku/sdk/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace renraku::registry::rdap_json {

using nlohmann::json;

constexpr int kMaxEntityDepth = 4;
constexpr std::size_t kMaxEntities = 200;
// What one entity is read for, at most. A real one lists a handful of addresses and roles; a
// hostile answer can list tens of thousands of each within the size cap, and the readers make a
// contact for each role and address (a 49 KB answer of 1,000 roles and 1,000 addresses made a
// million contacts) and compare addresses with each other.
constexpr std::size_t kMaxCardValues = 50; // e-mail addresses, contact URIs, phone numbers: each
constexpr std::size_t kMaxRoles = 16;      // distinct roles (RFC 9083 registers eleven)

/// An http(s) URL, as a link or a contact-uri must be to be followed or shown.
inline bool is_web_url(const std::string& v) {
    std::string lower = v.substr(0, 8);
    for (auto& c : lower)
        c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    return lower.rfind("https://", 0) == 0 || lower.rfind("http://", 0) == 0;
}

inline std::string str(const json& j, const char* key) {
    return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>()
                                                                  : std::string();
}

struct VCard {
    std::string fn;
    std::string org;
    std::vector<std::string> emails;
    /// Per e-mail: marked as the abuse mailbox (vCard TYPE "abuse", or PREF 1).
    std::vector<bool> email_marked;
    std::vector<std::string> tels;
    /// The country of the address: its structured country name, else the label's last line.
    std::string adr_country;
    std::vector<std::string> contact_uris; ///< web forms standing in for a withheld address
};

// An e-mail property's parameters mark it as the abuse mailbox: TYPE "abuse" (a string or a
// list), or PREF 1 among several.
inline bool marked_abuse(const json& params) {
    if (!params.is_object()) return false;
    if (params.contains("type")) {
        const auto& t = params["type"];
        if (t.is_string() && ascii_lower(t.get<std::string>()) == "abuse") return true;
        if (t.is_array())
            for (const auto& x : t)
                if (x.is_string() && ascii_lower(x.get<std::string>()) == "abuse") return true;
    }
    if (params.contains("pref")) {
        const auto& p = params["pref"];
        if ((p.is_string() && p.get<std::string>() == "1") ||
            (p.is_number_integer() && p.get<int>() == 1))
            return true;
    }
    return false;
}

// The country of an "adr" property: the structured value's country name (its 7th part), else
// the last line of its label.
inline std::string adr_country(const json& prop) {
    if (prop.size() >= 4 && prop[3].is_array() && prop[3].size() >= 7 && prop[3][6].is_string() &&
        !prop[3][6].get<std::string>().empty())
        return prop[3][6].get<std::string>();
    if (prop[1].is_object() && prop[1].contains("cc") && prop[1]["cc"].is_string())
        return prop[1]["cc"].get<std::string>();
    if (prop[1].is_object() && prop[1].contains("label") && prop[1]["label"].is_string()) {
        std::string label = prop[1]["label"].get<std::string>();
        while (!label.empty() && (label.back() == '\n' || label.back() == ' '))
            label.pop_back();
        auto nl = label.rfind('\n');
        return nl == std::string::npos ? std::string() : label.substr(nl + 1);
    }
    return {};
}

// A string member of an object, or "".
inline std::string member_text(const json& o, const char* key) {
    if (!o.is_object()) return {};
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The card of the RDAP JSContact extension (RFC 9553 Card), which a server may send instead of
// a jCard: under "jscard" (or the earlier drafts' "jscard_0" and "jscontact_card"). Its
// members are maps of id -> object; only objects are read, a malformed member loses itself.
inline const json* jscontact_card(const json& entity) {
    for (const char* key : {"jscard", "jscard_0", "jscontact_card"}) {
        auto it = entity.find(key);
        if (it != entity.end() && it->is_object()) return &*it;
    }
    return nullptr;
}

inline VCard read_jscontact(const json& card) {
    VCard v;
    if (card.contains("name") && card["name"].is_object()) v.fn = member_text(card["name"], "full");
    if (v.fn.empty()) v.fn = member_text(card, "fullName"); // the drafts before RFC 9553
    auto each = [&](const char* key, auto&& take) {
        auto it = card.find(key);
        if (it == card.end() || !it->is_object()) return;
        std::size_t n = 0;
        for (const auto& [id, item] : it->items()) {
            (void)id;
            if (++n > kMaxCardValues * 4) break;
            if (item.is_object()) take(item);
        }
    };
    each("organizations", [&](const json& o) {
        if (v.org.empty()) v.org = member_text(o, "name");
    });
    each("emails", [&](const json& e) {
        std::string address = member_text(e, "address");
        if (address.empty()) address = member_text(e, "email");
        if (ascii_lower(address.substr(0, 7)) == "mailto:") address = address.substr(7);
        if (address.empty() || v.emails.size() >= kMaxCardValues) return;
        v.emails.push_back(address);
        v.email_marked.push_back(e.contains("pref") && e["pref"].is_number_integer() &&
                                 e["pref"].get<long long>() == 1);
    });
    each("phones", [&](const json& p) {
        std::string number = member_text(p, "number");
        if (number.rfind("tel:", 0) == 0) number = number.substr(4);
        if (!number.empty() && v.tels.size() < kMaxCardValues) v.tels.push_back(number);
    });
    each("addresses", [&](const json& a) {
        if (v.adr_country.empty()) v.adr_country = member_text(a, "countryCode");
    });
    each("links", [&](const json& l) {
        std::string uri = member_text(l, "uri");
        if (!uri.empty() && ascii_lower(member_text(l, "kind")) == "contact" &&
            v.contact_uris.size() < kMaxCardValues)
            v.contact_uris.push_back(uri);
    });
    return v;
}

inline VCard read_vcard(const json& entity) {
    VCard v;
    if (!entity.contains("vcardArray") || !entity["vcardArray"].is_array() ||
        entity["vcardArray"].size() < 2 || !entity["vcardArray"][1].is_array()) {
        if (const json* card = jscontact_card(entity)) return read_jscontact(*card);
        return v;
    }
    for (const auto& prop : entity["vcardArray"][1]) {
        if (!prop.is_array() || prop.size() < 4 || !prop[0].is_string()) continue;
        std::string name = ascii_lower(prop[0].get<std::string>());
        if (name == "adr") {
            v.adr_country = adr_country(prop);
            continue;
        }
        std::string value;
        if (prop[3].is_string())
            value = prop[3].get<std::string>();
        else if (prop[3].is_array() && !prop[3].empty() && prop[3][0].is_string())
            value = prop[3][0].get<std::string>();
        if (value.empty()) continue;
        if (name == "fn")
            v.fn = value;
        else if (name == "org")
            v.org = value;
        else if (name == "email" && v.emails.size() < kMaxCardValues) {
            v.emails.push_back(value);
            v.email_marked.push_back(marked_abuse(prop[1]));
        } else if (name == "contact-uri" && v.contact_uris.size() < kMaxCardValues)
            v.contact_uris.push_back(value);
        else if (name == "tel" && v.tels.size() < kMaxCardValues)
            v.tels.push_back(value.rfind("tel:", 0) == 0 ? value.substr(4) : value);
    }
    return v;
}

/// An entity's roles as written, each once (whatever its case), at most kMaxRoles.
inline std::vector<std::string> entity_roles(const json& entity) {
    std::vector<std::string> roles;
    std::vector<std::string> lowered;
    if (!entity.contains("roles") || !entity["roles"].is_array()) return roles;
    for (const auto& r : entity["roles"]) {
        if (!r.is_string()) continue;
        std::string lower = ascii_lower(r.get<std::string>());
        if (std::find(lowered.begin(), lowered.end(), lower) != lowered.end()) continue;
        roles.push_back(r.get<std::string>());
        lowered.push_back(std::move(lower));
        if (roles.size() == kMaxRoles) break;
    }
    return roles;
}

} // namespace renraku::registry::rdap_json
