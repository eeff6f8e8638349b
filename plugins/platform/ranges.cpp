#include "ranges.hpp"

#include "data_file.hpp"

#include "renraku/sdk/text.hpp"

#include <arpa/inet.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace platform {

using renraku::sdk::sanitize;
using renraku::sdk::trim_blanks;

namespace {

constexpr std::size_t kMaxFeedBytes = 64u << 20;
constexpr std::size_t kMaxPrefixes = 500000;
constexpr int kMaxDepth = 12;

std::string string_of(const nlohmann::json& r, const char* key) {
    auto it = r.find(key);
    return it != r.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A date a feed states about itself: AWS "createDate" (2026-11-30-18-07-12), Google
// "creationTime", Oracle "last_updated_timestamp" (ISO 8601). The day only.
std::string feed_date(const nlohmann::json& root) {
    for (const char* key : {"createDate", "creationTime", "last_updated_timestamp", "syncToken"}) {
        std::string v = string_of(root, key);
        if (v.size() >= 10 && v[4] == '-' && v[7] == '-') return sanitize(v.substr(0, 10), 10);
    }
    return {};
}

// A prefix no cloud or CDN can hold: too wide to be one provider's (a feed listing 0.0.0.0/0
// would claim every address), or private, loopback, link-local or multicast space.
bool implausible(const Prefix& p) {
    const auto& b = p.bytes;
    if (!p.v6)
        return p.length < 8 || b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224 ||
               (b[0] == 169 && b[1] == 254) || (b[0] == 172 && (b[1] & 0xF0) == 16) ||
               (b[0] == 192 && b[1] == 168);
    return p.length < 16 || b[0] == 0 || (b[0] & 0xFE) == 0xFC || b[0] == 0xFF ||
           (b[0] == 0xFE && (b[1] & 0xC0) == 0x80);
}

void collect(const nlohmann::json& j, int depth, std::vector<Prefix>& out) {
    if (depth > kMaxDepth || out.size() >= kMaxPrefixes) return;
    if (j.is_string()) {
        const auto& s = j.get_ref<const std::string&>();
        Prefix p;
        if (s.size() <= 50 && s.find('/') != std::string::npos && parse_prefix(s, p) &&
            !implausible(p))
            out.push_back(p);
    } else if (j.is_array() || j.is_object()) {
        for (const auto& v : j)
            collect(v, depth + 1, out);
    }
}

} // namespace

bool parse_prefix(const std::string& text, Prefix& out) {
    std::string t(trim_blanks(text));
    int length = -1;
    if (auto slash = t.find('/'); slash != std::string::npos) {
        std::string len = t.substr(slash + 1);
        if (len.empty() || len.size() > 3) return false;
        length = 0;
        for (char c : len) {
            if (c < '0' || c > '9') return false;
            length = length * 10 + (c - '0');
        }
        t.resize(slash);
    }
    Prefix p;
    if (t.find(':') != std::string::npos) {
        if (inet_pton(AF_INET6, t.c_str(), p.bytes.data()) != 1) return false;
        p.v6 = true;
        if (length < 0) length = 128;
        if (length > 128) return false;
    } else {
        if (inet_pton(AF_INET, t.c_str(), p.bytes.data()) != 1) return false;
        if (length < 0) length = 32;
        if (length > 32) return false;
    }
    p.length = length;
    out = p;
    return true;
}

std::string prefix_text(const Prefix& p) {
    char buf[INET6_ADDRSTRLEN] = {};
    inet_ntop(p.v6 ? AF_INET6 : AF_INET, p.bytes.data(), buf, sizeof buf);
    return std::string(buf) + "/" + std::to_string(p.length);
}

Catalogue read_catalogue(const std::string& path) {
    std::string text, error;
    if (!read_data_file(path, 1u << 20, text, error)) throw std::runtime_error(error);
    auto root = nlohmann::json::parse(text, nullptr, false);
    if (root.is_discarded() || !root.is_object() || !root.contains("feeds") ||
        !root["feeds"].is_array())
        throw std::runtime_error(path +
                                 " is not a feed catalogue (an object with a \"feeds\" list)");
    Catalogue c;
    c.path = path;
    for (const auto& f : root["feeds"]) {
        if (!f.is_object() || c.feeds.size() >= 200) continue;
        Feed feed;
        feed.name = sanitize(string_of(f, "name"), 60);
        feed.platform = sanitize(string_of(f, "platform"), 120);
        feed.kind = sanitize(string_of(f, "kind"), 20);
        feed.file = string_of(f, "file");
        feed.email = string_of(f, "email");
        feed.form = https_or_nothing(string_of(f, "form"));
        feed.api = https_or_nothing(string_of(f, "api"));
        feed.wants = sanitize(string_of(f, "wants"), 400);
        feed.source = sanitize(string_of(f, "source"), 600);
        feed.snapshot_date = sanitize(string_of(f, "snapshot_date"), 10);
        if (f.contains("urls") && f["urls"].is_array())
            for (const auto& u : f["urls"])
                if (u.is_string() && feed.urls.size() < 8)
                    feed.urls.push_back(u.get<std::string>());
        if (f.contains("json_keys") && f["json_keys"].is_array())
            for (const auto& k : f["json_keys"])
                if (k.is_string() && feed.json_keys.size() < 32)
                    feed.json_keys.push_back(k.get<std::string>());
        auto checked = f.find("desk_checked");
        feed.desk_checked = checked == f.end() || !checked->is_boolean() || checked->get<bool>();
        // A file name of the catalogue's own: no way up and out of the data folder.
        bool safe_file = !feed.file.empty() && feed.file.find("..") == std::string::npos &&
                         feed.file.front() != '/';
        if (feed.name.empty() || feed.platform.empty() || !safe_file ||
            (feed.email.empty() && feed.form.empty()))
            continue;
        c.feeds.push_back(std::move(feed));
    }
    return c;
}

FeedRanges read_feed(const Feed& feed, const std::string& path, const std::string& fetched_date) {
    FeedRanges r;
    r.feed = &feed;
    r.path = path;
    std::string text;
    if (!read_data_file(path, kMaxFeedBytes, text, r.error)) return r;
    std::string_view body = trim_blanks(text);
    if (!body.empty() && (body.front() == '{' || body.front() == '[')) {
        auto root = nlohmann::json::parse(body, nullptr, false);
        if (root.is_discarded()) {
            r.error = path + " is not valid JSON";
            return r;
        }
        if (root.is_object() && !feed.json_keys.empty()) {
            for (const auto& key : feed.json_keys)
                if (auto it = root.find(key); it != root.end()) collect(*it, 1, r.prefixes);
        } else {
            collect(root, 0, r.prefixes);
        }
        if (root.is_object()) r.date = feed_date(root);
    } else {
        // One prefix at the start of each line: "192.0.2.0/24" or "192.0.2.0/24,JP,JP-13,..."
        std::istringstream lines(text);
        std::string line;
        while (std::getline(lines, line) && r.prefixes.size() < kMaxPrefixes) {
            auto first = line.substr(0, line.find_first_of(",; \t#"));
            Prefix p;
            if (!first.empty() && parse_prefix(first, p) && !implausible(p))
                r.prefixes.push_back(p);
        }
    }
    if (r.prefixes.empty() && r.error.empty()) r.error = path + " holds no address prefix";
    if (r.date.empty()) r.date = !fetched_date.empty() ? fetched_date : feed.snapshot_date;
    return r;
}

namespace {

std::array<std::uint8_t, 16> masked(const std::array<std::uint8_t, 16>& bytes, int length) {
    std::array<std::uint8_t, 16> out{};
    int full = length / 8;
    for (int i = 0; i < full; ++i)
        out[i] = bytes[i];
    if (int rest = length % 8; rest != 0)
        out[full] = static_cast<std::uint8_t>(bytes[full] & (0xFF << (8 - rest)));
    return out;
}

} // namespace

RangeIndex::RangeIndex(const std::vector<FeedRanges>& feeds) : feeds_(feeds) {
    // tables_[family * 129 + length], then the empty ones dropped.
    std::vector<Table> all(2 * 129);
    for (std::uint32_t f = 0; f < feeds.size(); ++f)
        for (const auto& p : feeds[f].prefixes) {
            auto& t = all[(p.v6 ? 129 : 0) + p.length];
            t.length = p.length;
            t.v6 = p.v6;
            t.entries.push_back({masked(p.bytes, p.length), f});
        }
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
        if (it->entries.empty()) continue;
        // Sorted by bytes, and for equal bytes the first feed first: that one is kept.
        std::stable_sort(it->entries.begin(), it->entries.end(),
                         [](const Entry& a, const Entry& b) { return a.bytes < b.bytes; });
        it->entries.erase(
            std::unique(it->entries.begin(), it->entries.end(),
                        [](const Entry& a, const Entry& b) { return a.bytes == b.bytes; }),
            it->entries.end());
        tables_.push_back(std::move(*it));
    }
    std::stable_sort(tables_.begin(), tables_.end(),
                     [](const Table& a, const Table& b) { return a.length > b.length; });
}

RangeMatch RangeIndex::match(const Prefix& address) const {
    for (const auto& t : tables_) {
        if (t.v6 != address.v6 || t.length > address.length) continue;
        auto key = masked(address.bytes, t.length);
        auto it = std::lower_bound(
            t.entries.begin(), t.entries.end(), key,
            [](const Entry& e, const std::array<std::uint8_t, 16>& k) { return e.bytes < k; });
        if (it != t.entries.end() && it->bytes == key) {
            RangeMatch m;
            m.ranges = &feeds_[it->feed];
            m.prefix.bytes = key;
            m.prefix.length = t.length;
            m.prefix.v6 = t.v6;
            return m;
        }
    }
    return {};
}

} // namespace platform
