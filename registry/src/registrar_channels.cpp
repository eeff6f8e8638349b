#include "registrar_channels.hpp"

#include "changed_file_cache.hpp"

#include "renraku/sdk/mailbox.hpp"
#include "renraku/sdk/text.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace renraku::registry {

namespace {

constexpr std::uintmax_t kMaxFileBytes = 8u << 20;
constexpr std::size_t kMaxBody = 4u << 20;

std::uint32_t parse_id(std::string_view text) {
    text = sdk::trim_blanks(text);
    if (text.empty() || text.size() > 9) return 0;
    std::uint32_t n = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return 0;
        n = n * 10 + static_cast<std::uint32_t>(c - '0');
    }
    return n;
}

std::string string_of(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool is_registrar(const nlohmann::json& entity) {
    auto roles = entity.find("roles");
    if (roles == entity.end() || !roles->is_array()) return false;
    for (const auto& r : *roles)
        if (r.is_string() && sdk::ascii_lower(r.get<std::string>()) == "registrar") return true;
    return false;
}

std::uint32_t id_in(const nlohmann::json& entities, int depth) {
    if (!entities.is_array() || depth > 4) return 0;
    for (const auto& e : entities) {
        if (!e.is_object()) continue;
        if (is_registrar(e)) {
            auto ids = e.find("publicIds");
            if (ids != e.end() && ids->is_array())
                for (const auto& p : *ids)
                    if (p.is_object() &&
                        sdk::ascii_lower(string_of(p, "type")) == "iana registrar id")
                        if (auto n = parse_id(string_of(p, "identifier"))) return n;
        }
        if (auto it = e.find("entities"); it != e.end())
            if (auto n = id_in(*it, depth + 1)) return n;
    }
    return 0;
}

// Only an https address without anything that could break out of where it is shown.
std::string https_address(const std::string& url) {
    return sdk::is_https_address(url) ? url : std::string();
}

} // namespace

std::optional<RegistrarChannel> desk_channel_of(const nlohmann::json& entry) {
    RegistrarChannel c;
    c.name = sdk::sanitize(string_of(entry, "name"), 200);
    // Only an address that passes the one strict rule, only an https form.
    std::string email = string_of(entry, "email");
    if (sdk::check_mailbox(email).ok()) c.email = email;
    c.form = https_address(string_of(entry, "form"));
    c.api = https_address(string_of(entry, "api"));
    c.api_by = sdk::sanitize(string_of(entry, "api_by"), 100);
    c.as_of = sdk::sanitize(string_of(entry, "as_of"), 10);
    if (c.email.empty() && c.form.empty() && c.api.empty()) return std::nullopt;
    return c;
}

std::uint32_t registrar_iana_id_rdap(const std::string& body) {
    if (body.size() > kMaxBody) return 0;
    auto j = nlohmann::json::parse(body, nullptr, false);
    if (!j.is_object()) return 0;
    auto it = j.find("entities");
    return it == j.end() ? 0 : id_in(*it, 0);
}

std::uint32_t registrar_iana_id_whois(const std::string& text) {
    std::istringstream lines(text.substr(0, kMaxBody));
    std::string line;
    while (std::getline(lines, line)) {
        auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        if (sdk::ascii_lower(sdk::trim_blanks(std::string_view(line).substr(0, colon))) ==
            "registrar iana id")
            return parse_id(std::string_view(line).substr(colon + 1));
    }
    return 0;
}

std::shared_ptr<const RegistrarChannels> RegistrarChannels::load(const std::string& path) {
    return read_once_per_change<RegistrarChannels>(path, [&] {
        auto list = std::make_shared<RegistrarChannels>();
        list->path_ = path;
        std::error_code ec;
        auto size = std::filesystem::file_size(path, ec);
        if (ec || size > kMaxFileBytes) return std::shared_ptr<const RegistrarChannels>(list);
        std::ifstream in(path, std::ios::binary);
        auto j = nlohmann::json::parse(in, nullptr, false);
        if (!j.is_object()) return std::shared_ptr<const RegistrarChannels>(list);
        list->source_ = sdk::sanitize(string_of(j, "source"), 300);
        auto rs = j.find("registrars");
        if (rs == j.end() || !rs->is_array()) return std::shared_ptr<const RegistrarChannels>(list);
        for (const auto& r : *rs) {
            if (!r.is_object() || list->by_id_.size() >= 20000) continue;
            auto id = r.find("iana_id");
            if (id == r.end() || !id->is_number_unsigned()) continue;
            if (auto c = desk_channel_of(r)) list->by_id_[id->get<std::uint32_t>()] = std::move(*c);
        }
        return std::shared_ptr<const RegistrarChannels>(list);
    });
}

const RegistrarChannel* RegistrarChannels::find(std::uint32_t iana_id) const {
    auto it = by_id_.find(iana_id);
    return it == by_id_.end() ? nullptr : &it->second;
}

} // namespace renraku::registry
