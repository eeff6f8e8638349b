#pragma once
// Pieces of RDAP JSON shared by the address and domain readers (not installed).

#include "renraku/sdk/text.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace renraku::sdk::rdap_json {

using nlohmann::json;

constexpr int kMaxEntityDepth = 4;
constexpr std::size_t kMaxEntities = 200;

inline std::string str(const json& j, const char* key) {
    return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>()
                                                                  : std::string();
}

struct VCard {
    std::string fn;
    std::string org;
    std::vector<std::string> emails;
    std::vector<std::string> tels;
    std::vector<std::string> contact_uris; ///< web forms standing in for a withheld address
};

inline VCard read_vcard(const json& entity) {
    VCard v;
    if (!entity.contains("vcardArray") || !entity["vcardArray"].is_array() ||
        entity["vcardArray"].size() < 2 || !entity["vcardArray"][1].is_array())
        return v;
    for (const auto& prop : entity["vcardArray"][1]) {
        if (!prop.is_array() || prop.size() < 4 || !prop[0].is_string()) continue;
        std::string name = ascii_lower(prop[0].get<std::string>());
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
        else if (name == "email")
            v.emails.push_back(value);
        else if (name == "contact-uri")
            v.contact_uris.push_back(value);
        else if (name == "tel")
            v.tels.push_back(value.rfind("tel:", 0) == 0 ? value.substr(4) : value);
    }
    return v;
}

} // namespace renraku::sdk::rdap_json
