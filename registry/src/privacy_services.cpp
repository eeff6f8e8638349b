// The list of privacy and proxy services, read from shipped data.

#include "renraku/registry/privacy_services.hpp"

#include "changed_file_cache.hpp"

#include "renraku/sdk/text.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace renraku::registry {

namespace {

using nlohmann::json;
constexpr std::size_t kMaxServices = 5000;
constexpr std::size_t kMaxPatterns = 50;
constexpr std::size_t kMaxFileBytes = 4 << 20;

std::vector<std::string> lower_strings(const json& o, const char* key) {
    std::vector<std::string> out;
    if (!o.contains(key) || !o[key].is_array()) return out;
    for (const auto& v : o[key]) {
        if (!v.is_string() || out.size() >= kMaxPatterns) continue;
        std::string s = sdk::ascii_lower(sdk::trim_blanks(v.get<std::string>()));
        if (s.size() >= 3 && s.size() <= 200) out.push_back(std::move(s));
    }
    return out;
}

std::string text_of(const json& o, const char* key) {
    return o.contains(key) && o[key].is_string() ? o[key].get<std::string>() : std::string();
}

} // namespace

PrivacyServices PrivacyServices::parse(std::string_view json_text, std::string* error) {
    PrivacyServices list;
    json root = json::parse(json_text, nullptr, false);
    if (root.is_discarded() || !root.is_object() || !root.contains("services") ||
        !root["services"].is_array()) {
        if (error) *error = "not a list of privacy services (an object with a \"services\" array)";
        return list;
    }
    list.date_ = sdk::sanitize(text_of(root, "date"), 40);
    for (const auto& s : root["services"]) {
        if (!s.is_object() || list.services_.size() >= kMaxServices) continue;
        PrivacyService service;
        service.name = sdk::sanitize(text_of(s, "name"), 120);
        service.names = lower_strings(s, "names");
        service.email_domains = lower_strings(s, "email_domains");
        service.handles = lower_strings(s, "handles");
        service.source = sdk::sanitize(text_of(s, "source"), 400);
        if (service.name.empty() ||
            (service.names.empty() && service.email_domains.empty() && service.handles.empty()))
            continue;
        list.services_.push_back(std::move(service));
    }
    return list;
}

std::shared_ptr<const PrivacyServices> PrivacyServices::load(const std::string& path,
                                                             std::string* error) {
    return read_once_per_change<PrivacyServices>(path, [&] {
        std::string why;
        PrivacyServices list;
        std::error_code ec;
        auto size = std::filesystem::file_size(path, ec);
        if (ec) {
            why = "cannot read " + path;
        } else if (size > kMaxFileBytes) {
            why = path + " is larger than 4 MiB";
        } else {
            std::ifstream in(path, std::ios::binary);
            std::stringstream text;
            text << in.rdbuf();
            list = parse(text.str(), &why);
            if (!why.empty()) why = path + ": " + why;
        }
        if (error) *error = why;
        return std::make_shared<const PrivacyServices>(std::move(list));
    });
}

const PrivacyService* PrivacyServices::by_email(std::string_view email) const {
    auto at = email.rfind('@');
    if (at == std::string_view::npos) return nullptr;
    std::string domain = sdk::ascii_lower(email.substr(at + 1));
    for (const auto& s : services_)
        for (const auto& d : s.email_domains)
            if (sdk::is_at_or_below(domain, d)) return &s;
    return nullptr;
}

const PrivacyService* PrivacyServices::by_name(std::string_view value) const {
    if (value.empty()) return nullptr;
    std::string lower = sdk::ascii_lower(value);
    for (const auto& s : services_)
        for (const auto& n : s.names)
            if (lower.find(n) != std::string::npos) return &s;
    return nullptr;
}

const PrivacyService* PrivacyServices::by_handle(std::string_view handle) const {
    if (handle.empty()) return nullptr;
    std::string lower = sdk::ascii_lower(sdk::trim_blanks(handle));
    for (const auto& s : services_)
        for (const auto& h : s.handles)
            if (lower == h) return &s;
    return nullptr;
}

} // namespace renraku::registry
