#pragma once
// NRTMv4 (RFC 10063) as a registry publishes it over HTTPS: the update notification file names
// the current session and version, one snapshot and the deltas since; snapshot and deltas are
// JSON text sequences (RFC 7464), gzip-compressed or plain. Each reader here is strict: a file
// that breaks a rule of the protocol is refused whole, with one line saying which rule.

#include "mirror_index.hpp"
#include "rpsl_reader.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace renraku::core::mirror {

struct NrtmFile {
    std::int64_t version = 0;
    std::string url;  // as the notification gives it: relative to the notification, or https://
    std::string hash; // SHA-256 of the file as published, lower-case hex
};

struct NrtmNotification {
    std::string source;
    std::string session_id;
    std::int64_t version = 0;
    std::string timestamp;
    std::int64_t time = 0;        // the timestamp as unix time
    std::string next_signing_key; // PEM, when the registry announces its next key
    NrtmFile snapshot;
    std::vector<NrtmFile> deltas; // contiguous, ascending, the last at `version`
};

/// The notification's payload (already verified) when it keeps the protocol's rules and names
/// `source`; else nullopt and `why`.
std::optional<NrtmNotification> parse_notification(const std::string& payload,
                                                   const std::string& source, std::string& why);

/// The address of a file the notification names: a plain file name is taken from the
/// notification's folder; an https:// address must be on the notification's host. Empty when
/// neither (a path with "..", another host, another scheme).
std::string nrtm_file_url(const std::string& notification_url, const std::string& url);

/// One record after another of a JSON text sequence, gzip or plain; each record bounded.
class JsonSeqReader {
  public:
    explicit JsonSeqReader(const std::filesystem::path& file); // throws MirrorError
    ~JsonSeqReader();
    JsonSeqReader(const JsonSeqReader&) = delete;
    JsonSeqReader& operator=(const JsonSeqReader&) = delete;

    /// The next record; nullopt at the end, or on an error (then error() says what).
    std::optional<nlohmann::json> next();
    const std::string& error() const { return error_; }

    static constexpr std::size_t kMaxRecord = 2 * 1024 * 1024;
    static constexpr std::uint64_t kMaxFileBytes = std::uint64_t{32} << 30;

  private:
    bool fill();
    void* gz_ = nullptr;
    std::filesystem::path file_;
    std::string buf_;
    std::size_t at_ = 0;
    bool eof_ = false;
    std::uint64_t read_ = 0;
    std::size_t records_ = 0;
    std::string error_;
};

/// What a snapshot or delta file must open with: its header, naming the notification's source
/// and session and the version the notification gave for it.
struct NrtmExpect {
    std::string type; // "snapshot" or "delta"
    std::string source;
    std::string session_id;
    std::int64_t version = 0;
};

/// The objects of a snapshot, one at a time, once its header was checked; those of classes the
/// mirror does not keep are passed over.
class NrtmSnapshotReader {
  public:
    NrtmSnapshotReader(const std::filesystem::path& file, NrtmExpect expect);
    std::optional<RpslObject> next();
    const std::string& error() const { return error_; }

  private:
    JsonSeqReader seq_;
    NrtmExpect expect_;
    bool header_read_ = false;
    std::string error_;
};

/// A delta's changes, every one read and checked before any is applied (a delta is applied
/// whole or not at all); nullopt and `why` when the file breaks a rule.
std::optional<std::vector<MirrorChange>>
read_nrtm_delta(const std::filesystem::path& file, const NrtmExpect& expect, std::string& why);

} // namespace renraku::core::mirror
