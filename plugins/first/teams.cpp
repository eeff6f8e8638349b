#include "teams.hpp"

#include "renraku/registry/whois_text.hpp"
#include "renraku/sdk/text.hpp"

#include <cctype>
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

// The Trusted Introducer directory's layout: nested country, constituency, e-mails, keys.
Team team_of_trusted_introducer(const json& j, const std::string& file, long today_days) {
    Team t;
    t.team = str(j, {"short_name"});
    t.team_full = str(j, {"official_name"});
    if (auto host = str(j, {"host_organisation"}); !host.empty() && host != t.team_full)
        t.team_full += t.team_full.empty() ? host : " (" + host + ")";
    if (j.contains("country") && j["country"].is_object())
        t.country = sdk::ascii_upper(str(j["country"], {"code"}));
    t.source_seen = str(j, {"last_updated", "updated"});
    t.file = file;
    if (j.contains("emails") && j["emails"].is_array()) {
        for (const auto& e : j["emails"]) {
            std::string address = str(e, {"address"});
            bool incident =
                e.contains("usage") && e["usage"].dump().find("incident") != std::string::npos;
            if (!address.empty() && (t.email.empty() || incident)) t.email = address;
        }
    }
    if (j.contains("phones") && j["phones"].is_array())
        for (const auto& p : j["phones"])
            if (t.phone.empty() && p.contains("usage") &&
                p["usage"].dump().find("voice") != std::string::npos)
                t.phone = str(p, {"number"});
    if (j.contains("pgp_keys") && j["pgp_keys"].is_array())
        for (const auto& k : j["pgp_keys"]) {
            auto expires = registry::registry_date_days(str(k, {"expires"}));
            if (expires && *expires < today_days) continue; // expired keys are not offered
            if (t.pgp_fingerprint.empty()) t.pgp_fingerprint = fingerprint(str(k, {"fingerprint"}));
        }
    if (j.contains("constituency") && j["constituency"].is_object()) {
        const auto& c = j["constituency"];
        t.national_known = c.contains("types") && c["types"].is_array();
        t.national =
            t.national_known && c["types"].dump().find("\"National\"") != std::string::npos;
        if (c.contains("domains") && c["domains"].is_array())
            for (const auto& d : c["domains"])
                if (d.is_string())
                    t.constituency_domains.push_back(sdk::ascii_lower(d.get<std::string>()));
        if (c.contains("asns") && c["asns"].is_array())
            for (const auto& a : c["asns"])
                if (a.is_number_unsigned()) t.constituency_asns.push_back(a.get<std::uint32_t>());
        if (c.contains("ipranges") && c["ipranges"].is_array())
            for (const auto& r : c["ipranges"])
                if (r.is_string()) t.constituency_ranges.push_back(r.get<std::string>());
    }
    return t;
}

Team team_of(const json& j, const std::string& file) {
    Team t;
    t.team = str(j, {"team", "short-name", "shortname"});
    t.team_full = str(j, {"team_full", "team-full", "full-name", "fullname"});
    t.country = sdk::ascii_upper(str(j, {"country", "country-code"}));
    t.national_known = j.contains("national") && j["national"].is_boolean();
    t.national = t.national_known && j["national"].get<bool>();
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
    if (j.contains("constituency_ranges") && j["constituency_ranges"].is_array())
        for (const auto& r : j["constituency_ranges"])
            if (r.is_string()) t.constituency_ranges.push_back(r.get<std::string>());
    return t;
}

} // namespace

namespace {

// "2024-06-06", also at the start of a timestamp.
bool is_day(const std::string& s) {
    if (s.size() < 10) return false;
    for (std::size_t i = 0; i < 10; ++i) {
        bool dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : std::isdigit(static_cast<unsigned char>(s[i])) == 0) return false;
    }
    return true;
}

} // namespace

std::vector<Team> read_teams(const std::string& path, long today_days) {
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
            Team t = j.contains("short_name") ? team_of_trusted_introducer(j, path, today_days)
                                              : team_of(j, path);
            if (!t.team.empty()) out.push_back(std::move(t));
        }
    // The file's date is its newest entry's, as `renraku version` reports it: a team that
    // records no date of its own is as old as the snapshot it came in.
    std::string newest;
    for (const auto& t : out)
        if (is_day(t.source_seen) && t.source_seen.substr(0, 10) > newest)
            newest = t.source_seen.substr(0, 10);
    for (auto& t : out)
        t.file_date = newest;
    return out;
}

void merge_teams(std::vector<Team>& into, std::vector<Team> later) {
    auto take = [](std::string& have, const std::string& given) {
        if (!given.empty()) have = given;
    };
    for (auto& t : later) {
        bool updated = false;
        for (auto& have : into) {
            if (sdk::ascii_lower(have.team) != sdk::ascii_lower(t.team)) continue;
            take(have.team_full, t.team_full);
            take(have.country, t.country);
            take(have.email, t.email);
            take(have.phone, t.phone);
            take(have.website, t.website);
            take(have.report_url, t.report_url);
            take(have.pgp_fingerprint, t.pgp_fingerprint);
            take(have.source_seen, t.source_seen);
            have.file = t.file;
            have.file_date = t.file_date;
            if (t.national_known) {
                have.national = t.national;
                have.national_known = true;
            }
            if (!t.constituency_domains.empty()) have.constituency_domains = t.constituency_domains;
            if (!t.constituency_asns.empty()) have.constituency_asns = t.constituency_asns;
            if (!t.constituency_ranges.empty()) have.constituency_ranges = t.constituency_ranges;
            updated = true;
        }
        if (!updated) into.push_back(std::move(t));
    }
}

} // namespace renraku::first
