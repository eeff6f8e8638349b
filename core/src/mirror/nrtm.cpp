#include "nrtm.hpp"

#include <zlib.h>

#include <algorithm>
#include <ctime>

namespace renraku::core::mirror {

namespace {

using nlohmann::json;

bool is_hex64(const std::string& s) {
    return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// A UUID as the session_id is written: 8-4-4-4-12 hex digits.
bool is_uuid(const std::string& s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash != (s[i] == '-')) return false;
        if (!dash && std::isxdigit(static_cast<unsigned char>(s[i])) == 0) return false;
    }
    return true;
}

// RFC 3339 in UTC ("2026-12-05T07:00:00Z", a fraction allowed); 0 when not that.
std::int64_t rfc3339_utc(const std::string& s) {
    std::tm tm{};
    int consumed = 0;
    if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                    &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6 ||
        consumed != 19)
        return 0;
    std::size_t at = 19;
    if (at < s.size() && s[at] == '.') {
        ++at;
        while (at < s.size() && std::isdigit(static_cast<unsigned char>(s[at])) != 0)
            ++at;
    }
    if (at + 1 != s.size() || s[at] != 'Z') return 0;
    if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
        tm.tm_min > 59 || tm.tm_sec > 60)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return static_cast<std::int64_t>(timegm(&tm));
}

bool positive_int(const json& j, const char* key, std::int64_t& out) {
    if (!j.contains(key) || !j[key].is_number_integer()) return false;
    out = j[key].get<std::int64_t>();
    return out >= 1;
}

std::optional<NrtmFile> file_ref(const json& j, std::string& why, const std::string& what) {
    NrtmFile f;
    if (!j.is_object() || !positive_int(j, "version", f.version) || !j.contains("url") ||
        !j["url"].is_string() || !j.contains("hash") || !j["hash"].is_string()) {
        why = what + " lacks a version, url or hash";
        return std::nullopt;
    }
    f.url = j["url"].get<std::string>();
    f.hash = j["hash"].get<std::string>();
    std::transform(f.hash.begin(), f.hash.end(), f.hash.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!is_hex64(f.hash) || f.url.empty() || f.url.size() > 2048) {
        why = what + "'s hash is not a SHA-256 in hex, or its url is empty";
        return std::nullopt;
    }
    return f;
}

// The header every file of the protocol shares.
bool header_is(const json& j, const std::string& type, const std::string& source,
               std::string& why) {
    std::int64_t v = 0;
    if (!j.is_object() || !j.contains("nrtm_version") || !j["nrtm_version"].is_number_integer() ||
        j["nrtm_version"].get<std::int64_t>() != 4) {
        why = "not NRTM version 4";
        return false;
    }
    if (!j.contains("type") || !j["type"].is_string() || j["type"].get<std::string>() != type) {
        why = "not an NRTMv4 " + type;
        return false;
    }
    if (!j.contains("source") || !j["source"].is_string() ||
        j["source"].get<std::string>() != source) {
        why = "its source is not " + source;
        return false;
    }
    if (!j.contains("session_id") || !j["session_id"].is_string() ||
        !is_uuid(j["session_id"].get<std::string>())) {
        why = "its session_id is not a UUID";
        return false;
    }
    if (!positive_int(j, "version", v)) {
        why = "its version is not a positive integer";
        return false;
    }
    return true;
}

} // namespace

std::optional<NrtmNotification> parse_notification(const std::string& payload,
                                                   const std::string& source, std::string& why) {
    auto j = json::parse(payload, nullptr, false);
    if (!header_is(j, "notification", source, why)) {
        why = "the update notification: " + why;
        return std::nullopt;
    }
    NrtmNotification n;
    n.source = source;
    n.session_id = j["session_id"].get<std::string>();
    n.version = j["version"].get<std::int64_t>();
    if (!j.contains("timestamp") || !j["timestamp"].is_string() ||
        (n.time = rfc3339_utc(j["timestamp"].get<std::string>())) == 0) {
        why = "the update notification's timestamp is not RFC 3339 UTC";
        return std::nullopt;
    }
    n.timestamp = j["timestamp"].get<std::string>();
    if (!j.contains("snapshot")) {
        why = "the update notification names no snapshot";
        return std::nullopt;
    }
    auto snap = file_ref(j["snapshot"], why, "the snapshot");
    if (!snap) return std::nullopt;
    n.snapshot = *snap;
    if (n.snapshot.version > n.version) {
        why = "the snapshot's version is past the notification's";
        return std::nullopt;
    }
    if (j.contains("deltas")) {
        if (!j["deltas"].is_array() || j["deltas"].size() > 100000) {
            why = "the update notification's deltas are not a list";
            return std::nullopt;
        }
        for (const auto& d : j["deltas"]) {
            auto f = file_ref(d, why, "a delta");
            if (!f) return std::nullopt;
            if (!n.deltas.empty() && f->version != n.deltas.back().version + 1) {
                why = "the deltas' versions are not contiguous";
                return std::nullopt;
            }
            n.deltas.push_back(*f);
        }
        if (!n.deltas.empty() && n.deltas.back().version != n.version) {
            why = "the last delta is not at the notification's version";
            return std::nullopt;
        }
    }
    if (n.deltas.empty() && n.snapshot.version != n.version) {
        why = "no delta leads from the snapshot to the notification's version";
        return std::nullopt;
    }
    if (j.contains("next_signing_key")) {
        if (!j["next_signing_key"].is_string() ||
            j["next_signing_key"].get<std::string>().size() > 8192) {
            why = "the next signing key is not a PEM text";
            return std::nullopt;
        }
        n.next_signing_key = j["next_signing_key"].get<std::string>();
    }
    return n;
}

std::string nrtm_file_url(const std::string& notification_url, const std::string& url) {
    auto slash = notification_url.rfind('/');
    if (slash == std::string::npos || notification_url.rfind("https://", 0) != 0) return {};
    std::string folder = notification_url.substr(0, slash + 1);
    if (url.rfind("https://", 0) == 0) {
        auto host_end = [](const std::string& u) { return u.find('/', 8); };
        std::string host = notification_url.substr(0, host_end(notification_url));
        if (url.substr(0, host_end(url)) != host || url.find("/../") != std::string::npos)
            return {};
        return url;
    }
    if (url.find_first_not_of(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") !=
            std::string::npos ||
        url.front() == '.')
        return {};
    return folder + url;
}

JsonSeqReader::JsonSeqReader(const std::filesystem::path& file) : file_(file) {
    gz_ = gzopen(file.c_str(), "rb"); // gzip, or plain text read as it is
    if (gz_ == nullptr) throw MirrorError(file.string() + ": cannot be opened");
    gzbuffer(static_cast<gzFile>(gz_), 256 * 1024);
}

JsonSeqReader::~JsonSeqReader() {
    if (gz_ != nullptr) gzclose(static_cast<gzFile>(gz_));
}

bool JsonSeqReader::fill() {
    if (eof_) return false;
    if (at_ > 0) {
        buf_.erase(0, at_);
        at_ = 0;
    }
    char chunk[64 * 1024];
    int n = gzread(static_cast<gzFile>(gz_), chunk, sizeof chunk);
    if (n < 0) {
        int err = 0;
        const char* msg = gzerror(static_cast<gzFile>(gz_), &err);
        error_ = file_.string() + ": damaged (" + (msg != nullptr ? msg : "read error") + ")";
        return false;
    }
    if (n == 0) {
        // A gzip stream cut short reads as its end: zlib says so here.
        int err = 0;
        const char* msg = gzerror(static_cast<gzFile>(gz_), &err);
        if (err != Z_OK && err != Z_STREAM_END) {
            error_ = file_.string() + ": damaged (" + (msg != nullptr ? msg : "read error") + ")";
            return false;
        }
        eof_ = true;
        return false;
    }
    read_ += static_cast<std::uint64_t>(n);
    if (read_ > kMaxFileBytes) {
        error_ = file_.string() + ": more than " + std::to_string(kMaxFileBytes >> 30) +
                 " GiB of text: not a registry's file";
        return false;
    }
    buf_.append(chunk, static_cast<std::size_t>(n));
    return true;
}

std::optional<nlohmann::json> JsonSeqReader::next() {
    constexpr char kRs = '\x1e';
    while (error_.empty()) {
        if (at_ < buf_.size()) {
            if (buf_[at_] != kRs) {
                error_ = file_.string() + ": record " + std::to_string(records_ + 1) +
                         " does not start with the record separator (RFC 7464)";
                return std::nullopt;
            }
            auto end = buf_.find(kRs, at_ + 1);
            if (end == std::string::npos && !eof_) {
                if (buf_.size() - at_ > kMaxRecord) {
                    error_ = file_.string() + ": a record over " +
                             std::to_string(kMaxRecord >> 20) + " MiB";
                    return std::nullopt;
                }
                fill();
                continue;
            }
            if (end == std::string::npos) end = buf_.size();
            std::string_view record(buf_.data() + at_ + 1, end - at_ - 1);
            at_ = end;
            ++records_;
            // Each record ends with a line feed: one without was cut short.
            if (record.empty() || record.back() != '\n') {
                error_ = file_.string() + ": record " + std::to_string(records_) + " is cut short";
                return std::nullopt;
            }
            auto j = nlohmann::json::parse(record, nullptr, false);
            if (j.is_discarded()) {
                error_ = file_.string() + ": record " + std::to_string(records_) + " is not JSON";
                return std::nullopt;
            }
            return j;
        }
        if (!fill()) return std::nullopt;
    }
    return std::nullopt;
}

namespace {

bool header_matches(const json& j, const NrtmExpect& expect, std::string& why) {
    if (!header_is(j, expect.type, expect.source, why)) return false;
    if (j["session_id"].get<std::string>() != expect.session_id) {
        why = "its session is not the notification's";
        return false;
    }
    if (j["version"].get<std::int64_t>() != expect.version) {
        why = "its version is not the one the notification gave for it";
        return false;
    }
    return true;
}

std::optional<RpslObject> object_of(const json& record, std::string& why) {
    if (!record.is_object() || !record.contains("object") || !record["object"].is_string()) {
        why = "a record holds no object";
        return std::nullopt;
    }
    auto o = rpsl_object_from_text(record["object"].get<std::string>());
    if (!o) why = "a record's object is not one RPSL object";
    return o;
}

// Roles and persons by nic-hdl; irt and organisation by their key; networks by their range.
std::string primary_key(const RpslObject& o) {
    return o.cls == "role" || o.cls == "person" ? o.first("nic-hdl") : o.key;
}

} // namespace

NrtmSnapshotReader::NrtmSnapshotReader(const std::filesystem::path& file, NrtmExpect expect)
    : seq_(file), expect_(std::move(expect)) {}

std::optional<RpslObject> NrtmSnapshotReader::next() {
    if (!error_.empty()) return std::nullopt;
    if (!header_read_) {
        auto h = seq_.next();
        std::string why;
        if (!h || !header_matches(*h, expect_, why)) {
            error_ = !seq_.error().empty() ? seq_.error()
                                           : "the snapshot " + std::string(h ? why : "is empty");
            return std::nullopt;
        }
        header_read_ = true;
    }
    while (auto record = seq_.next()) {
        std::string why;
        auto o = object_of(*record, why);
        if (!o) {
            error_ = "the snapshot: " + why;
            return std::nullopt;
        }
        if (mirror_keeps(o->cls)) return o;
    }
    if (!seq_.error().empty()) error_ = seq_.error();
    return std::nullopt;
}

std::optional<std::vector<MirrorChange>>
read_nrtm_delta(const std::filesystem::path& file, const NrtmExpect& expect, std::string& why) {
    JsonSeqReader seq(file);
    auto h = seq.next();
    if (!h || !header_matches(*h, expect, why)) {
        why =
            !seq.error().empty() ? seq.error() : "the delta " + (h ? why : std::string("is empty"));
        return std::nullopt;
    }
    std::vector<MirrorChange> changes;
    std::size_t count = 0;
    while (auto r = seq.next()) {
        if (++count > 1000000) {
            why = "the delta holds more than a million changes";
            return std::nullopt;
        }
        if (!r->is_object() || !r->contains("action") || !(*r)["action"].is_string()) {
            why = "the delta: change " + std::to_string(count) + " names no action";
            return std::nullopt;
        }
        std::string action = (*r)["action"].get<std::string>();
        MirrorChange c;
        if (action == "delete") {
            if (!r->contains("object_class") || !(*r)["object_class"].is_string() ||
                !r->contains("primary_key") || !(*r)["primary_key"].is_string()) {
                why = "the delta: delete " + std::to_string(count) +
                      " lacks its object_class or primary_key";
                return std::nullopt;
            }
            c.remove = true;
            c.cls = (*r)["object_class"].get<std::string>();
            std::transform(c.cls.begin(), c.cls.end(), c.cls.begin(),
                           [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
            c.key = (*r)["primary_key"].get<std::string>();
        } else if (action == "add_modify") {
            auto o = object_of(*r, why);
            if (!o) {
                why = "the delta: change " + std::to_string(count) + ": " + why;
                return std::nullopt;
            }
            c.cls = o->cls;
            c.key = primary_key(*o);
            c.text = o->text;
        } else {
            why = "the delta: change " + std::to_string(count) + " has an unknown action";
            return std::nullopt;
        }
        if (mirror_keeps(c.cls) && !c.key.empty()) changes.push_back(std::move(c));
    }
    if (!seq.error().empty()) {
        why = seq.error();
        return std::nullopt;
    }
    return changes;
}

} // namespace renraku::core::mirror
