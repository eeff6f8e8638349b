#include "teams.hpp"

#include "renraku/sdk/text.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace renraku::first {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxFileBytes = 16 << 20;

std::string str(const json& j, std::initializer_list<const char*> keys) {
    for (const char* k : keys)
        if (j.contains(k) && j[k].is_string()) return j[k].get<std::string>();
    return {};
}

std::string upper(std::string s) {
    for (auto& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
}

// "6A49 0DEB ..." -> "6A490DEB..."; anything but 40 hex digits is not a fingerprint.
std::string fingerprint(const std::string& text) {
    std::string out;
    for (char c : text)
        if (std::isxdigit(static_cast<unsigned char>(c)) != 0)
            out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
        else if (c != ' ')
            return {};
    return out.size() == 40 ? out : std::string();
}

Team team_of(const json& j, const std::string& file) {
    Team t;
    t.team = str(j, {"team", "short-name", "shortname"});
    t.team_full = str(j, {"team_full", "team-full", "full-name", "fullname"});
    t.country = upper(str(j, {"country", "country-code"}));
    t.national = j.contains("national") && j["national"].is_boolean() && j["national"].get<bool>();
    t.email = str(j, {"email", "email-address"});
    t.phone = str(j, {"phone", "telephone"});
    t.website = str(j, {"website", "url"});
    t.report_url = str(j, {"report_url"});
    t.pgp_fingerprint = fingerprint(str(j, {"pgp_fingerprint", "pgp-fingerprint"}));
    t.source_seen = str(j, {"source_seen", "last_modified", "last-modified"});
    t.file = file;
    for (const char* key : {"constituency_domains", "constituency-domains"})
        if (j.contains(key) && j[key].is_array())
            for (const auto& d : j[key])
                if (d.is_string())
                    t.constituency_domains.push_back(sdk::ascii_lower(d.get<std::string>()));
    for (const char* key : {"constituency_asns", "constituency-asns"})
        if (j.contains(key) && j[key].is_array())
            for (const auto& a : j[key])
                if (a.is_number_unsigned()) t.constituency_asns.push_back(a.get<std::uint32_t>());
    return t;
}

} // namespace

std::vector<Team> read_teams(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read team data " + path);
    std::stringstream text;
    text << in.rdbuf();
    if (text.str().size() > kMaxFileBytes)
        throw std::runtime_error("team data " + path + " is too large");
    json root = json::parse(text.str(), nullptr, false);
    if (root.is_object() && root.contains("data")) root = root["data"]; // FIRST's API answer
    if (!root.is_array())
        throw std::runtime_error("team data " + path + " is not a JSON array of teams");
    std::vector<Team> out;
    for (const auto& j : root)
        if (j.is_object()) {
            Team t = team_of(j, path);
            if (!t.team.empty()) out.push_back(std::move(t));
        }
    return out;
}

void merge_teams(std::vector<Team>& into, std::vector<Team> later) {
    for (auto& t : later) {
        bool replaced = false;
        for (auto& have : into)
            if (sdk::ascii_lower(have.team) == sdk::ascii_lower(t.team)) {
                have = t;
                replaced = true;
            }
        if (!replaced) into.push_back(std::move(t));
    }
}

} // namespace renraku::first
