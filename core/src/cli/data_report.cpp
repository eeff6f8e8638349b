#include "data_report.hpp"

#include "../config/data_layers.hpp"
#include "../workflow/feed_prefixes.hpp"
#include "renraku/sdk/text.hpp"

#include <cctype>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <sys/stat.h>

namespace fs = std::filesystem;

namespace renraku::core {

namespace {

// The newest "YYYY-MM-DD" given as an entry's `source_seen` or `last_updated` (at most 16 MiB
// read); empty when there is none.
std::string newest_entry_day(const fs::path& file) {
    std::error_code ec;
    auto size = fs::file_size(file, ec);
    if (ec || size > (16u << 20)) return {};
    std::ifstream in(file, std::ios::binary);
    std::string text(static_cast<std::size_t>(size), '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    std::string newest;
    for (const char* key : {"\"source_seen\"", "\"last_updated\"", "\"date\""})
        for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + 1)) {
            auto colon = text.find(':', at);
            if (colon == std::string::npos) break;
            auto q = text.find_first_not_of(" \t\r\n", colon + 1);
            if (q == std::string::npos || text[q] != '"' || q + 11 > text.size()) continue;
            std::string day = text.substr(q + 1, 10);
            bool ok = true;
            for (std::size_t i = 0; i < 10; ++i)
                ok = ok && (i == 4 || i == 7 ? day[i] == '-'
                                             : std::isdigit(static_cast<unsigned char>(day[i])));
            if (ok && day > newest) newest = day;
        }
    return newest;
}

// IANA's bootstrap files say when they were published; that is their age, not when the file
// was copied here. Other files: when they were written.
std::string date_of(const fs::path& file, std::time_t& when) {
    std::ifstream in(file, std::ios::binary);
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    auto at = head.find("\"publication\"");
    if (at != std::string::npos) {
        auto q1 = head.find('"', head.find(':', at) + 1);
        auto q2 = q1 == std::string::npos ? q1 : head.find('"', q1 + 1);
        if (q2 != std::string::npos && q2 - q1 > 10) {
            std::tm tm{};
            std::string text = head.substr(q1 + 1, q2 - q1 - 1);
            if (strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) != nullptr) {
                when = timegm(&tm);
                return "published " + text.substr(0, 10);
            }
        }
    }
    // Team data: the newest entry's date (`source_seen`, `last_updated`), as the lookups
    // give it for a team that records none of its own.
    if (std::string newest = newest_entry_day(file); !newest.empty()) {
        std::tm tm{};
        if (strptime(newest.c_str(), "%Y-%m-%d", &tm) != nullptr) {
            when = timegm(&tm);
            return "as of " + newest + " (its newest entry)";
        }
    }
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) return "unknown age";
    when = st.st_mtime;
    char buf[16];
    std::tm tm{};
    gmtime_r(&when, &tm);
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return std::string("written ") + buf;
}

// Which layer a file found for `rel` comes from: "user", "system", "shipped".
std::string layer_of(const DataLayers& layers, const fs::path& file, const std::string& rel) {
    for (const auto& l : layers.layers())
        if (file == l.dir / rel) return l.name;
    return "?";
}

// " (12 days old)"; nothing for an unknown age.
std::string age_text(long days) {
    if (days < 0) return {};
    return " (" + std::to_string(days) + (days == 1 ? " day" : " days") + " old)";
}

nlohmann::json read_json(const fs::path& file) {
    std::error_code ec;
    if (fs::file_size(file, ec) > (16u << 20) || ec) return nlohmann::json();
    std::ifstream in(file, std::ios::binary);
    auto j = nlohmann::json::parse(in, nullptr, false);
    return j.is_discarded() ? nlohmann::json() : j;
}

// "140 rules", "20 services": the length of the file's main list.
std::string entries_of(const fs::path& file) {
    auto j = read_json(file);
    if (!j.is_object()) return {};
    for (const char* key : {"rules", "feeds", "services", "registrars", "teams", "data"})
        if (j.contains(key) && j[key].is_array()) return std::to_string(j[key].size()) + " " + key;
    return {};
}

// Each feed the catalogue names: its layer, its date (the feed's own, else the day
// update-data fetched it, else the shipped snapshot's) and how many prefixes it holds.
void print_feeds(const DataLayers& layers, std::ostream& out, std::time_t now) {
    auto catalogue = read_json(layers.find("platforms/feeds.json"));
    if (!catalogue.is_object() || !catalogue.contains("feeds") || !catalogue["feeds"].is_array())
        return;
    for (const auto& feed : catalogue["feeds"]) {
        if (!feed.is_object()) continue;
        std::string rel = feed.value("file", std::string());
        if (rel.empty() || rel.find("..") != std::string::npos) continue;
        fs::path file = layers.find(rel);
        out << "  " << rel << "  ";
        std::error_code ec;
        if (!fs::is_regular_file(file, ec)) {
            out << "missing\n";
            continue;
        }
        std::string layer = layer_of(layers, file, rel);
        std::ifstream in(file, std::ios::binary);
        std::ostringstream body;
        body << in.rdbuf();
        std::string date;
        if (auto j = nlohmann::json::parse(body.str(), nullptr, false); j.is_object())
            for (const char* key : {"createDate", "creationTime", "last_updated_timestamp"})
                if (j.contains(key) && j[key].is_string() && j[key].get<std::string>().size() >= 10)
                    date = j[key].get<std::string>().substr(0, 10) + " (the feed's own date)";
        if (date.empty() && layer != "shipped") {
            auto fetched = read_json(file.parent_path() / "fetched.json");
            std::string name = feed.value("name", std::string());
            if (fetched.is_object() && fetched.contains(name) && fetched[name].is_string())
                date = fetched[name].get<std::string>() + " (fetched)";
        }
        if (date.empty() && layer == "shipped")
            date = feed.value("snapshot_date", std::string("?")) + " (shipped snapshot)";
        std::tm tm{};
        long days = -1;
        if (date.size() >= 10 && strptime(date.substr(0, 10).c_str(), "%Y-%m-%d", &tm) != nullptr)
            days = static_cast<long>((now - timegm(&tm)) / 86400);
        out << layer << ", " << sdk::sanitize(date, 60);
        out << age_text(days);
        out << "; " << workflow::count_feed_prefixes(body.str(), workflow::feed_json_keys(feed))
            << " prefixes, " << sdk::sanitize(feed.value("platform", std::string()), 80) << " ("
            << sdk::sanitize(feed.value("kind", std::string()), 20) << ")\n";
    }
}

} // namespace

void print_data_files(const Config& config, std::ostream& out, bool verbose) {
    DataLayers layers(config);
    out << "data files (first layer that has a file wins):";
    for (const auto& l : layers.layers())
        out << " " << l.name << "=" << l.dir.string();
    out << "\n";
    std::vector<std::string> files = refreshed_data_files();
    files.insert(files.end(), {"csirts/teams.json", "registries/whois.json",
                               "registries/registrar-channels.json", "platforms/feeds.json"});
    const std::time_t now = std::time(nullptr);
    for (const auto& rel : files) {
        fs::path file = layers.find(rel);
        std::error_code ec;
        out << "  " << rel << "  ";
        if (!fs::is_regular_file(file, ec)) {
            out << "missing\n";
            continue;
        }
        std::string layer = layer_of(layers, file, rel);
        std::time_t when = 0;
        std::string date = date_of(file, when);
        long days = when > 0 ? static_cast<long>((now - when) / 86400) : -1;
        out << layer << ", " << date;
        out << age_text(days);
        if (rel.rfind("bootstrap/", 0) == 0 && days > 180)
            out << "  -- old: run renraku update-data";
        if (verbose)
            if (std::string n = entries_of(file); !n.empty()) out << "; " << n;
        out << "\n";
    }
    if (verbose) print_feeds(layers, out, now);
}

} // namespace renraku::core
