#pragma once
// One registry's mirror: its published RPSL files imported into one SQLite file (the networks by
// range, with their parent ranges; the role, irt and organisation objects by handle), written
// aside and renamed into place, so that a lookup reads either the old mirror or the new one,
// never half of one. An answer is composed as the registry's whois would give it (the most
// specific network, the abuse contact header, the objects it names), so that the registry's
// own reader reads it by the same rules as a live answer.

#include "rpsl_reader.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace renraku::core::mirror {

struct MirrorError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// What a mirror was made from.
struct MirrorInfo {
    std::string registry;
    std::string serial;       // the registry's serial for the files, when it publishes one
    std::string source_date;  // the files' date (their newest modification), YYYY-MM-DD
    std::int64_t imported_at = 0; // unix time of the import
    std::int64_t source_time = 0; // unix time of the newest file: the age of the data
    std::int64_t networks = 0;
    std::int64_t objects = 0;
    std::vector<std::string> files;
    std::string nrtm_session; // kept current by NRTMv4: its session and version
    std::string nrtm_version;
};

/// An answer from the mirror: the text the registry's whois would give for the address.
struct MirrorHit {
    std::string text;
    std::string range; // the network's range as written ("192.0.2.0 - 192.0.2.255")
    MirrorInfo info;
};

/// Import files into a new mirror at `file` (replacing it only when all went well). Throws
/// MirrorError naming the file that failed; the previous mirror is then left as it was.
MirrorInfo import_mirror(const std::filesystem::path& file, const std::string& registry,
                         const std::vector<std::filesystem::path>& inputs,
                         const std::string& serial);

/// Whether a mirror keeps objects of this class: the networks and the contacts they name.
bool mirror_keeps(const std::string& cls);

/// Objects to import one after another: the next, or nullopt at the end (with `error` set
/// when the input failed).
using ObjectStream = std::function<std::optional<RpslObject>(std::string& error)>;
struct ImportInput {
    std::string name;       // the file's name, recorded in the mirror
    ObjectStream next;
    std::int64_t time = 0;  // when the data was published (unix time), 0 if unknown
};

/// Import objects from any source (split files, an NRTMv4 snapshot) into a new mirror at
/// `file`, as import_mirror does; `meta` is stored with it.
MirrorInfo import_objects(const std::filesystem::path& file, const std::string& registry,
                          std::vector<ImportInput> inputs, const std::string& serial,
                          const std::map<std::string, std::string>& meta = {});

/// One change of an NRTMv4 delta.
struct MirrorChange {
    bool remove = false;
    std::string cls;  // the object's class, lower case
    std::string key;  // its primary key: a network's range; a role's or person's nic-hdl; the
                      // name of an irt or organisation
    std::string text; // the object as written, for an addition or modification
};

struct AppliedChanges {
    std::int64_t added = 0, modified = 0, removed = 0;
};

/// Apply changes to the mirror at `file` in one transaction, storing `meta` (key -> value)
/// with them: a lookup sees the mirror before or after, never between. Throws MirrorError,
/// the mirror then left as it was.
AppliedChanges apply_changes(const std::filesystem::path& file,
                             const std::vector<MirrorChange>& changes,
                             const std::map<std::string, std::string>& meta);

/// The mirror's stored facts (key -> value); empty when `file` is not a readable mirror.
std::map<std::string, std::string> read_mirror_meta(const std::filesystem::path& file);

class MirrorIndex {
  public:
    /// Opens an existing mirror read-only; throws MirrorError when it is not one.
    explicit MirrorIndex(const std::filesystem::path& file);
    ~MirrorIndex();
    MirrorIndex(const MirrorIndex&) = delete;
    MirrorIndex& operator=(const MirrorIndex&) = delete;

    const MirrorInfo& info() const { return info_; }
    /// The answer for an address ("192.0.2.1", "2001:db8::1"); nullopt when no network of the
    /// mirror covers it.
    std::optional<MirrorHit> lookup(const std::string& address) const;

  private:
    struct Db;
    std::unique_ptr<Db> db_;
    MirrorInfo info_;
};

/// The key of an address for range comparison: 4 or 16 bytes, big-endian; empty if not one.
std::string address_key(const std::string& address);
/// An inetnum's "A - B" or an inet6num's "P/L" as its first and last keys; false if neither.
bool range_keys(const std::string& value, std::string& first, std::string& last);

} // namespace renraku::core::mirror
