#include "renraku/registry/referrals.hpp"

#include "renraku/sdk/text.hpp"

#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

namespace renraku::registry {

namespace {

WhoisDirectory read_directory(const std::string& data_dir) {
    WhoisDirectory d;
    std::string path = data_dir + "/registries/whois.json";
    std::ifstream in(path);
    if (!in) {
        d.problem = "cannot read " + path;
        return d;
    }
    std::ostringstream text;
    text << in.rdbuf();
    auto root = nlohmann::json::parse(text.str(), nullptr, false);
    if (root.is_discarded() || !root.is_object() || !root.contains("servers") ||
        !root["servers"].is_array()) {
        d.problem = path + " is not a registry whois directory";
        return d;
    }
    for (const auto& s : root["servers"]) {
        if (!s.is_object() || !s.contains("server") || !s["server"].is_string()) continue;
        std::string server = ascii_lower(s["server"].get<std::string>());
        auto text_of = [&](const char* key) {
            return s.contains(key) && s[key].is_string() ? s[key].get<std::string>()
                                                         : std::string("{}");
        };
        d.ip_templates[server] = text_of("ip_template");
        d.asn_templates[server] = text_of("asn_template");
        if (s.contains("domains") && s["domains"].is_array())
            for (const auto& n : s["domains"])
                if (n.is_string()) d.domains.push_back(ascii_lower(n.get<std::string>()));
        if (s.contains("names") && s["names"].is_array())
            for (const auto& n : s["names"])
                if (n.is_string()) d.names[ascii_lower(n.get<std::string>())] = server;
    }
    return d;
}

} // namespace

const WhoisDirectory& whois_directory(const std::string& data_dir) {
    static std::mutex mutex;
    static std::map<std::string, WhoisDirectory> read;
    std::lock_guard lock(mutex);
    auto it = read.find(data_dir);
    if (it == read.end()) it = read.emplace(data_dir, read_directory(data_dir)).first;
    return it->second;
}

void add_referral_facts(sdk::WhoisRequest& request, const WhoisDirectory& directory, bool asn) {
    for (const auto& [server, tmpl] : asn ? directory.asn_templates : directory.ip_templates)
        request.templates.emplace(server, tmpl);
    for (const auto& [name, server] : directory.names)
        request.transfer_names.emplace(name, server);
}

} // namespace renraku::registry
