#include "mirror_nrtm.hpp"

#include "../mirror/jws.hpp"
#include "../mirror/mirror_index.hpp"
#include "../mirror/nrtm.hpp"
#include "../util/clock_text.hpp"
#include "../net/download.hpp"
#include "renraku/sdk/text.hpp"

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <ctime>
#include <fstream>
#include <sstream>

namespace renraku::core::workflow {

namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kMaxNotification = 1 << 20;
constexpr std::uint64_t kMaxSnapshot = std::uint64_t{16} << 30;
constexpr std::uint64_t kMaxDelta = std::uint64_t{1} << 30;
// The protocol calls a notification older than a day stale: the registry's publisher stopped.
constexpr std::int64_t kStaleSeconds = 24 * 3600;
// Hashes of the files already taken, kept to notice a file republished with other content.
constexpr std::size_t kHashesKept = 2000;

std::string read_small(const fs::path& file, std::size_t bound) {
    std::ifstream in(file, std::ios::binary);
    std::string s(bound + 1, '\0');
    in.read(s.data(), static_cast<std::streamsize>(s.size()));
    s.resize(static_cast<std::size_t>(in.gcount()));
    return s.size() > bound ? std::string() : s;
}

// A folder for this run's downloads, removed when done.
struct Scratch {
    fs::path dir;
    explicit Scratch(fs::path d) : dir(std::move(d)) {
        std::error_code ec;
        fs::remove_all(dir, ec);
        fs::create_directories(dir, ec);
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

class Updater {
  public:
    Updater(const Config& config, const NrtmSource& source, fs::path mirror_file, std::ostream& out,
            std::ostream& err)
        : config_(config), source_(source), file_(std::move(mirror_file)), out_(out), err_(err),
          scratch_(file_.parent_path() /
                   (".nrtm-" + source.registry + "-" + std::to_string(::getpid()))),
          connect_(config.network.connect_to) {}

    int run(const fs::path& key_file) {
        auto keys = signing_keys(key_file);
        if (keys.empty()) return fail("the key " + key_file.string() + " cannot be read");
        fs::path unf_file = scratch_.dir / "notification.jose";
        if (!fetch(source_.notification_url, unf_file, kMaxNotification)) return 1;
        std::string jws = read_small(unf_file, kMaxNotification);
        while (!jws.empty() && (jws.back() == '\n' || jws.back() == '\r' || jws.back() == ' '))
            jws.pop_back();
        std::optional<std::string> payload;
        std::string why;
        for (const auto& [name, pem] : keys) {
            payload = mirror::verify_jws(jws, pem, why);
            if (payload) {
                if (name != "configured")
                    out_ << "mirror " << source_.registry
                         << ": signed with the next key the registry announced\n";
                break;
            }
        }
        if (!payload) return fail("the update notification is refused: " + why);
        auto unf = mirror::parse_notification(*payload, source_.source, why);
        if (!unf) return fail(why);
        unf_ = *unf;
        std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
        if (now - unf_.time > kStaleSeconds)
            err_ << "renraku: mirror: " << source_.registry << ": the update notification is of "
                 << sdk::sanitize(unf_.timestamp, 40)
                 << ", over a day old: the registry may have stopped publishing\n";

        if (refused_by_known_hashes()) return 1;
        std::int64_t mine = mine_.count("nrtm_version") != 0 ? number(mine_["nrtm_version"]) : 0;
        bool same_session = mine > 0 && mine_["nrtm_session"] == unf_.session_id;
        if (same_session && unf_.version < mine)
            return fail("the update notification is at version " + std::to_string(unf_.version) +
                        ", older than the mirror's " + std::to_string(mine) +
                        " (replayed or rolled back): refused");
        if (same_session && unf_.version == mine) {
            save_next_key_only();
            out_ << "mirror " << source_.registry << ": up to date at NRTMv4 version " << mine
                 << "\n";
            return 0;
        }
        bool deltas_reach =
            same_session && !unf_.deltas.empty() && unf_.deltas.front().version <= mine + 1;
        if (!deltas_reach) {
            if (same_session)
                out_ << "mirror " << source_.registry << ": the deltas after version " << mine
                     << " are no longer published: the snapshot is loaded\n";
            if (!load_snapshot()) return 1;
            mine = unf_.snapshot.version;
        }
        return apply_deltas(mine);
    }

  private:
    int fail(const std::string& why) {
        err_ << "renraku: mirror: " << source_.registry << ": " << sdk::sanitize(why, 400)
             << "; the mirror is kept as it was\n";
        return 1;
    }

    static std::int64_t number(const std::string& s) {
        try {
            return std::stoll(s);
        } catch (...) {
            return 0;
        }
    }

    // The configured key, then the next key the registry announced in a notification this
    // key verified (the registry's key rotation).
    std::vector<std::pair<std::string, std::string>> signing_keys(const fs::path& key_file) {
        std::vector<std::pair<std::string, std::string>> keys;
        std::string pem = read_small(key_file, 16 * 1024);
        if (pem.empty()) return keys;
        keys.emplace_back("configured", pem);
        mine_ = mirror::read_mirror_meta(file_);
        if (auto it = mine_.find("nrtm_next_key"); it != mine_.end() && !it->second.empty()) {
            keys.emplace_back("announced", it->second);
            announced_key_ = it->second;
        }
        return keys;
    }

    bool fetch(const std::string& url, const fs::path& to, std::uint64_t bound) {
        net::DownloadOptions dl{config_.network.tls_ca_file,
                                std::chrono::milliseconds(config_.network.timeout_ms), bound};
        std::string why = net::download_file(url, to, dl, connect_);
        if (!why.empty()) {
            fail("cannot fetch " + why);
            return false;
        }
        return true;
    }

    // A file the mirror took before must be the same file now: a registry does not rewrite a
    // published version, an attacker might.
    bool refused_by_known_hashes() {
        if (mine_["nrtm_session"] != unf_.session_id) return false;
        auto known = nlohmann::json::parse(mine_["nrtm_hashes"], nullptr, false);
        if (!known.is_object()) return false;
        auto check = [&](const mirror::NrtmFile& f, const char* kind) {
            std::string k = std::string(kind) + ":" + std::to_string(f.version);
            if (known.contains(k) && known[k].is_string() &&
                known[k].get<std::string>() != f.hash) {
                fail(std::string("the ") + kind + " of version " + std::to_string(f.version) +
                     " is published with another hash than before: refused");
                return true;
            }
            return false;
        };
        if (check(unf_.snapshot, "snapshot")) return true;
        for (const auto& d : unf_.deltas)
            if (check(d, "delta")) return true;
        return false;
    }

    std::string hashes_with(const std::string& kind, const mirror::NrtmFile& f) {
        auto known = nlohmann::json::parse(mine_["nrtm_hashes"], nullptr, false);
        if (!known.is_object() || mine_["nrtm_session"] != unf_.session_id)
            known = nlohmann::json::object();
        known[kind + ":" + std::to_string(f.version)] = f.hash;
        while (known.size() > kHashesKept)
            known.erase(known.begin());
        return known.dump();
    }

    std::map<std::string, std::string> meta_at(std::int64_t version, bool complete) {
        std::map<std::string, std::string> m{{"nrtm_session", unf_.session_id},
                                             {"nrtm_version", std::to_string(version)},
                                             {"nrtm_url", source_.notification_url},
                                             {"serial", std::to_string(version)}};
        // The key announced last stays accepted until another is announced (a new session's
        // snapshot starts a new file, which must not forget it).
        if (!unf_.next_signing_key.empty())
            m["nrtm_next_key"] = unf_.next_signing_key;
        else if (!announced_key_.empty())
            m["nrtm_next_key"] = announced_key_;
        // The data is as of the notification only once every delta it names is applied.
        if (complete) {
            m["source_time"] = std::to_string(unf_.time);
            m["source_date"] = utc_day(unf_.time);
            m["nrtm_timestamp"] = unf_.timestamp;
        }
        return m;
    }

    void save_next_key_only() {
        if (unf_.next_signing_key.empty() || mine_["nrtm_next_key"] == unf_.next_signing_key)
            return;
        try {
            mirror::apply_changes(file_, {}, {{"nrtm_next_key", unf_.next_signing_key}});
        } catch (const mirror::MirrorError&) {
        }
    }

    std::string url_of(const mirror::NrtmFile& f) {
        return mirror::nrtm_file_url(source_.notification_url, f.url);
    }

    bool fetch_checked(const mirror::NrtmFile& f, const char* kind, const fs::path& to,
                       std::uint64_t bound) {
        std::string url = url_of(f);
        if (url.empty()) {
            fail(std::string("the ") + kind + " of version " + std::to_string(f.version) +
                 " is named by an address off the notification's host: " + f.url);
            return false;
        }
        if (!fetch(url, to, bound)) return false;
        if (mirror::sha256_file_hex(to) != f.hash) {
            fail(std::string("the ") + kind + " of version " + std::to_string(f.version) +
                 " does not have the hash the signed notification gives");
            return false;
        }
        return true;
    }

    bool load_snapshot() {
        fs::path snap = scratch_.dir / "snapshot";
        if (!fetch_checked(unf_.snapshot, "snapshot", snap, kMaxSnapshot)) return false;
        auto reader = std::make_shared<mirror::NrtmSnapshotReader>(
            snap,
            mirror::NrtmExpect{"snapshot", unf_.source, unf_.session_id, unf_.snapshot.version});
        mirror::ImportInput in;
        in.name = fs::path(unf_.snapshot.url).filename().string();
        bool complete = unf_.snapshot.version == unf_.version;
        // The snapshot's own time is not published: the data is as of the notification only
        // once the deltas after it are applied (until then the mirror reads as of unknown age).
        in.time = complete ? unf_.time : 0;
        in.next = [reader](std::string& error) {
            auto o = reader->next();
            if (!o && !reader->error().empty()) error = reader->error();
            return o;
        };
        std::vector<mirror::ImportInput> inputs;
        inputs.push_back(std::move(in));
        auto meta = meta_at(unf_.snapshot.version, complete);
        mine_["nrtm_session"] = unf_.session_id;
        mine_["nrtm_hashes"] = "";
        meta["nrtm_hashes"] = hashes_with("snapshot", unf_.snapshot);
        try {
            auto info = mirror::import_objects(file_, source_.registry, std::move(inputs),
                                               std::to_string(unf_.snapshot.version), meta);
            mine_ = mirror::read_mirror_meta(file_);
            out_ << "mirror " << source_.registry << ": NRTMv4 snapshot of version "
                 << unf_.snapshot.version << ": " << info.networks << " networks, " << info.objects
                 << " contact objects -> " << file_.string() << "\n";
        } catch (const mirror::MirrorError& e) {
            fail(e.what());
            return false;
        }
        return true;
    }

    int apply_deltas(std::int64_t mine) {
        std::int64_t applied = 0;
        for (const auto& d : unf_.deltas) {
            if (d.version <= mine) continue;
            fs::path file = scratch_.dir / ("delta-" + std::to_string(d.version));
            if (!fetch_checked(d, "delta", file, kMaxDelta)) return partial(mine, applied);
            std::string why;
            auto changes = mirror::read_nrtm_delta(
                file, mirror::NrtmExpect{"delta", unf_.source, unf_.session_id, d.version}, why);
            if (!changes) {
                fail("the delta of version " + std::to_string(d.version) + " is refused: " + why);
                return partial(mine, applied);
            }
            auto meta = meta_at(d.version, d.version == unf_.version);
            meta["nrtm_hashes"] = hashes_with("delta", d);
            try {
                mirror::apply_changes(file_, *changes, meta);
            } catch (const mirror::MirrorError& e) {
                fail(e.what());
                return partial(mine, applied);
            }
            mine_["nrtm_hashes"] = meta["nrtm_hashes"];
            mine = d.version;
            ++applied;
            std::error_code ec;
            fs::remove(file, ec);
        }
        if (unf_.deltas.empty() || applied == 0) {
            // Nothing to apply past the snapshot: the notification's time is the data's.
            try {
                mirror::apply_changes(file_, {}, meta_at(mine, mine == unf_.version));
            } catch (const mirror::MirrorError& e) {
                return fail(e.what());
            }
        }
        out_ << "mirror " << source_.registry << ": at NRTMv4 version " << mine << " (" << applied
             << (applied == 1 ? " delta" : " deltas") << " applied), session " << unf_.session_id
             << ", notification of " << sdk::sanitize(unf_.timestamp, 40) << "\n";
        return 0;
    }

    int partial(std::int64_t mine, std::int64_t applied) {
        out_ << "mirror " << source_.registry << ": stopped at NRTMv4 version " << mine << " ("
             << applied << " deltas applied); a refused delta is never skipped\n";
        return 1;
    }

    const Config& config_;
    NrtmSource source_;
    fs::path file_;
    std::ostream& out_;
    std::ostream& err_;
    Scratch scratch_;
    net::ConnectTo connect_;
    mirror::NrtmNotification unf_;
    std::map<std::string, std::string> mine_;
    std::string announced_key_; // the next key a verified notification announced before
};

} // namespace

int nrtm_update(const Config& config, const NrtmSource& source, const fs::path& key_file,
                const fs::path& mirror_file, std::ostream& out, std::ostream& err) {
    std::error_code ec;
    fs::create_directories(mirror_file.parent_path(), ec);
    Updater updater(config, source, mirror_file, out, err);
    return updater.run(key_file);
}

} // namespace renraku::core::workflow
