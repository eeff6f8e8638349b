#include "renraku/sdk/rdap.hpp"

#include "rdap_json.hpp"

#include "renraku/sdk/signals.hpp"
#include "renraku/sdk/text.hpp"
#include "renraku/sdk/whois_text.hpp"

#include <functional>
#include <nlohmann/json.hpp>

namespace renraku::sdk {

namespace {

using nlohmann::json;
using rdap_json::kMaxEntities;
using rdap_json::kMaxEntityDepth;
using rdap_json::read_vcard;
using rdap_json::str;
using rdap_json::VCard;

std::optional<Role> role_of(const std::string& rdap_role) {
    if (rdap_role == "abuse") return Role::abuse;
    if (rdap_role == "technical") return Role::tech;
    if (rdap_role == "administrative") return Role::admin;
    if (rdap_role == "noc") return Role::noc;
    if (rdap_role == "registrant") return Role::registrant;
    return std::nullopt;
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
    if (!json_depth_within(body, 64)) return {};
    json root = json::parse(body, nullptr, false);
    if (root.is_discarded() || !root.is_object()) return {};
    std::string start = str(root, "startAddress");
    return start.empty() ? std::string() : registry_address(start);
}

Outcome registry_rdap_findings(const std::string& body, const std::string& server,
                               const RegistryProfile& profile, long today_days) {
    if (!json_depth_within(body, 64))
        return Outcome::failure(Outcome::Status::bad_answer,
                                "RDAP answer from " + server + " nests too deeply");
    json root = json::parse(body, nullptr, false);
    if (root.is_discarded() || !root.is_object())
        return Outcome::failure(Outcome::Status::bad_answer,
                                "RDAP answer from " + server + " is not JSON");

    // The range or AS numbers the object covers.
    std::string scope;
    std::string scope_kind = "network";
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
        scope_kind = "asn";
        auto first = root["startAutnum"].get<long long>();
        auto last = root.contains("endAutnum") && root["endAutnum"].is_number_integer()
                        ? root["endAutnum"].get<long long>()
                        : first;
        scope =
            "AS" + std::to_string(first) + (last != first ? " - AS" + std::to_string(last) : "");
    }
    if (scope.empty())
        return Outcome::nothing("RDAP answer from " + server + " has no network or AS range");

    std::string handle = str(root, "handle");
    std::string country = str(root, "country");
    std::vector<std::string> record_signals;
    std::vector<std::string> record_caveats;
    if (root.contains("events") && root["events"].is_array()) {
        std::optional<long> changed;
        for (const auto& e : root["events"])
            if (str(e, "eventAction") == "last changed")
                if (auto d = registry_date_days(str(e, "eventDate"))) changed = d;
        if (changed)
            if (const char* age = record_age_signal(*changed, today_days))
                record_signals.push_back(age);
    }

    std::vector<Finding> findings;
    std::size_t seen_entities = 0;
    std::function<void(const json&, int, std::string)> walk = [&](const json& holder, int depth,
                                                                  std::string org) {
        if (depth > kMaxEntityDepth || !holder.contains("entities") ||
            !holder["entities"].is_array())
            return;
        for (const auto& entity : holder["entities"]) {
            if (++seen_entities > kMaxEntities || !entity.is_object()) return;
            VCard card = read_vcard(entity);
            std::string ehandle = str(entity, "handle");
            std::string entity_org = card.org.empty() ? org : card.org;
            bool nir_record = false;
            std::string nir;
            for (const auto& [mnt, name] : profile.nir_maintainers)
                if (!name.empty() && ehandle.find(name) != std::string::npos) {
                    nir_record = true;
                    nir = name;
                }
            if (entity.contains("roles") && entity["roles"].is_array()) {
                for (const auto& r : entity["roles"]) {
                    if (!r.is_string()) continue;
                    auto role = role_of(ascii_lower(r.get<std::string>()));
                    if (!role) continue;
                    std::vector<std::string> sigs = record_signals;
                    sigs.push_back(*role == Role::abuse ? signals::registry_abuse_contact
                                                        : signals::registry_contact);
                    if (*role == Role::abuse && depth == 0)
                        sigs.push_back(signals::most_specific_object);
                    std::vector<std::string> cavs = record_caveats;
                    if (nir_record) {
                        sigs.push_back(signals::placeholder);
                        cavs.push_back(nir_caveat(profile, nir));
                    }
                    auto add = [&](const std::string& email, const std::string& phone) {
                        Finding f;
                        f.contact.email = email;
                        f.contact.phone = phone;
                        f.contact.name = card.fn;
                        f.contact.organization = entity_org;
                        f.contact.country = country;
                        f.role = *role;
                        f.scope = {scope_kind, scope};
                        f.evidence.server = server;
                        f.evidence.object = handle.empty() ? scope : handle;
                        f.evidence.field = "entity " + ehandle + " (" + r.get<std::string>() +
                                           ") " + (email.empty() ? "tel" : "email");
                        f.evidence.excerpt = email.empty() ? phone : email;
                        f.signals = sigs;
                        f.caveats = cavs;
                        for (const auto& p : profile.placeholder_emails)
                            if (!email.empty() && ascii_lower(email) == ascii_lower(p)) {
                                f.signals.push_back(signals::placeholder);
                                f.caveats.push_back(email + " is " + profile.name +
                                                    "'s placeholder");
                            }
                        findings.push_back(std::move(f));
                    };
                    std::string phone = card.tels.empty() ? std::string() : card.tels.front();
                    for (const auto& e : card.emails)
                        for (const auto& clean : find_emails(e))
                            add(clean, phone);
                    if (card.emails.empty() && !phone.empty()) add("", phone);
                }
            }
            walk(entity, depth + 1, entity_org);
        }
    };
    walk(root, 0, "");
    Outcome out = Outcome::found(std::move(findings));
    if (out.findings.empty())
        out.notes.push_back("no contact in the RDAP record of " + scope + " at " + server);
    return out;
}

} // namespace renraku::sdk
