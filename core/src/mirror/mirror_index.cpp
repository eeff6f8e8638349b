#include "mirror_index.hpp"

#include "rpsl_reader.hpp"

#include "../util/clock_text.hpp"

#include <arpa/inet.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>
#include <map>
#include <mutex>
#include <set>

namespace renraku::core::mirror {

namespace fs = std::filesystem;

namespace {

// A statement that finalises itself; errors thrown as MirrorError naming the file.
class Stmt {
  public:
    Stmt(sqlite3* db, const char* sql) : db_(db) {
        if (sqlite3_prepare_v2(db, sql, -1, &s_, nullptr) != SQLITE_OK)
            throw MirrorError(std::string("mirror: ") + sqlite3_errmsg(db));
    }
    ~Stmt() { sqlite3_finalize(s_); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    Stmt& reset() {
        sqlite3_reset(s_);
        sqlite3_clear_bindings(s_);
        return *this;
    }
    Stmt& text(int i, const std::string& v) {
        sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Stmt& blob(int i, const std::string& v) {
        sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Stmt& integer(int i, std::int64_t v) {
        sqlite3_bind_int64(s_, i, v);
        return *this;
    }
    bool row() { return sqlite3_step(s_) == SQLITE_ROW; }
    void run() {
        int rc = sqlite3_step(s_);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW)
            throw MirrorError(std::string("mirror: ") + sqlite3_errmsg(db_));
    }
    std::string str(int i) {
        const void* p = sqlite3_column_blob(s_, i);
        int n = sqlite3_column_bytes(s_, i);
        return p == nullptr ? std::string() : std::string(static_cast<const char*>(p), n);
    }
    std::int64_t num(int i) { return sqlite3_column_int64(s_, i); }
    bool null(int i) { return sqlite3_column_type(s_, i) == SQLITE_NULL; }

  private:
    sqlite3* db_;
    sqlite3_stmt* s_ = nullptr;
};

void exec(sqlite3* db, const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string why = err != nullptr ? err : "error";
        sqlite3_free(err);
        throw MirrorError("mirror: " + why);
    }
}

struct Handle {
    sqlite3* db = nullptr;
    ~Handle() { sqlite3_close(db); }
};

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// The classes kept by handle: what a network names for its contacts.
const std::set<std::string> kContactClasses = {"role", "irt", "organisation", "person"};

// Roles and persons by nic-hdl; irt and organisation by their key.
std::string handle_of(const RpslObject& o) {
    return o.cls == "role" || o.cls == "person" ? o.first("nic-hdl") : o.key;
}

} // namespace

std::string address_key(const std::string& address) {
    unsigned char b[16];
    if (inet_pton(AF_INET, address.c_str(), b) == 1) return std::string(reinterpret_cast<char*>(b), 4);
    if (inet_pton(AF_INET6, address.c_str(), b) == 1)
        return std::string(reinterpret_cast<char*>(b), 16);
    return {};
}

bool range_keys(const std::string& value, std::string& first, std::string& last) {
    if (auto dash = value.find('-'); dash != std::string::npos && value.find(':') == std::string::npos) {
        first = address_key(trim(value.substr(0, dash)));
        last = address_key(trim(value.substr(dash + 1)));
        return first.size() == 4 && last.size() == 4 && first <= last;
    }
    auto slash = value.find('/');
    if (slash == std::string::npos) return false;
    first = address_key(trim(value.substr(0, slash)));
    std::string len_text = trim(value.substr(slash + 1));
    if (first.empty() || len_text.empty() || len_text.size() > 3 ||
        len_text.find_first_not_of("0123456789") != std::string::npos)
        return false;
    int len = std::stoi(len_text);
    int bits = static_cast<int>(first.size()) * 8;
    if (len > bits) return false;
    last = first;
    for (int i = len; i < bits; ++i) {
        first[static_cast<std::size_t>(i / 8)] &= static_cast<char>(~(0x80 >> (i % 8)));
        last[static_cast<std::size_t>(i / 8)] |= static_cast<char>(0x80 >> (i % 8));
    }
    return true;
}

bool mirror_keeps(const std::string& cls) {
    return cls == "inetnum" || cls == "inet6num" || kContactClasses.count(cls) != 0;
}

MirrorInfo import_mirror(const fs::path& file, const std::string& registry,
                         const std::vector<fs::path>& files, const std::string& serial) {
    std::vector<ImportInput> inputs;
    for (const auto& f : files) {
        auto reader = std::make_shared<RpslReader>(f); // opened here: a missing file fails first
        ImportInput in;
        in.name = f.filename().string();
        in.next = [reader](std::string& error) -> std::optional<RpslObject> {
            auto o = reader->next();
            if (!o && !reader->error().empty()) error = reader->error();
            return o;
        };
        std::error_code ec;
        auto t = fs::last_write_time(f, ec);
        if (!ec)
            in.time = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::file_clock::to_sys(t).time_since_epoch())
                          .count();
        inputs.push_back(std::move(in));
    }
    return import_objects(file, registry, std::move(inputs), serial);
}

MirrorInfo import_objects(const fs::path& file, const std::string& registry,
                          std::vector<ImportInput> inputs, const std::string& serial,
                          const std::map<std::string, std::string>& extra_meta) {
    fs::path tmp = file;
    tmp += ".importing-" + std::to_string(::getpid());
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    fs::remove(tmp, ec);
    MirrorInfo info;
    info.registry = registry;
    info.serial = serial;
    info.imported_at = static_cast<std::int64_t>(std::time(nullptr));
    std::int64_t newest = 0;
    std::string failure;
    {
        Handle h;
        if (sqlite3_open(tmp.c_str(), &h.db) != SQLITE_OK)
            throw MirrorError("mirror: cannot write " + tmp.string());
        // Written once, aside, then renamed: no journal is needed, and memory stays bounded.
        exec(h.db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;");
        exec(h.db,
             "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
             "CREATE TABLE nets(id INTEGER PRIMARY KEY, fam INTEGER, start BLOB, stop BLOB,"
             " parent INTEGER, range TEXT, text TEXT);"
             "CREATE TABLE objects(handle TEXT, cls TEXT, text TEXT);");
        exec(h.db, "BEGIN");
        Stmt net(h.db, "INSERT INTO nets(fam, start, stop, range, text) VALUES(?,?,?,?,?)");
        Stmt obj(h.db, "INSERT INTO objects(handle, cls, text) VALUES(?,?,?)");
        try {
            for (auto& in : inputs) {
                std::string error;
                while (auto o = in.next(error)) {
                    if (o->cls == "inetnum" || o->cls == "inet6num") {
                        std::string first, last;
                        if (!range_keys(o->key, first, last)) continue;
                        net.reset()
                            .integer(1, first.size() == 4 ? 4 : 6)
                            .blob(2, first)
                            .blob(3, last)
                            .text(4, o->key)
                            .text(5, o->text)
                            .run();
                        ++info.networks;
                    } else if (kContactClasses.count(o->cls) != 0) {
                        std::string handle = handle_of(*o);
                        if (handle.empty()) continue;
                        obj.reset().text(1, lower(handle)).text(2, o->cls).text(3, o->text).run();
                        ++info.objects;
                    }
                }
                if (!error.empty()) throw MirrorError(error);
                info.files.push_back(in.name);
                newest = std::max(newest, in.time);
            }
            exec(h.db, "CREATE INDEX nets_start ON nets(fam, start, stop);"
                       "CREATE INDEX objects_handle ON objects(handle);");
            // Parents: in order of start (the wider first at the same start), each network's
            // parent is the nearest open range that still covers its end.
            Stmt walk(h.db, "SELECT id, fam, start, stop FROM nets ORDER BY fam, start, stop DESC");
            Stmt set(h.db, "UPDATE nets SET parent = ? WHERE id = ?");
            std::vector<std::pair<std::int64_t, std::string>> open; // id, stop
            std::int64_t fam_now = 0;
            while (walk.row()) {
                std::int64_t id = walk.num(0);
                std::int64_t fam = walk.num(1);
                std::string start = walk.str(2);
                std::string stop = walk.str(3);
                if (fam != fam_now) {
                    open.clear();
                    fam_now = fam;
                }
                while (!open.empty() && open.back().second < start)
                    open.pop_back();
                // A range that overlaps without nesting (not allowed by the registries) has
                // no parent rather than a wrong one.
                while (!open.empty() && open.back().second < stop)
                    open.pop_back();
                if (!open.empty()) set.reset().integer(1, open.back().first).integer(2, id).run();
                open.emplace_back(id, stop);
                if (open.size() > 256) open.erase(open.begin()); // bounded nesting
            }
            Stmt meta(h.db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)");
            info.source_date = newest > 0 ? utc_day(newest) : std::string();
            info.source_time = newest;
            std::string files;
            for (const auto& f : info.files)
                files += (files.empty() ? "" : ",") + f;
            for (const auto& [k, v] : std::map<std::string, std::string>{
                     {"registry", registry},
                     {"serial", serial},
                     {"source_date", info.source_date},
                     {"source_time", std::to_string(newest)},
                     {"imported_at", std::to_string(info.imported_at)},
                     {"networks", std::to_string(info.networks)},
                     {"objects", std::to_string(info.objects)},
                     {"files", files}})
                meta.reset().text(1, k).text(2, v).run();
            for (const auto& [k, v] : extra_meta)
                meta.reset().text(1, k).text(2, v).run();
            exec(h.db, "COMMIT");
        } catch (const std::exception& e) {
            sqlite3_exec(h.db, "ROLLBACK", nullptr, nullptr, nullptr);
            failure = std::string(e.what()) + "; the previous mirror of " + registry + " is kept";
        }
    } // the statements, then the file, closed here
    if (!failure.empty()) {
        fs::remove(tmp, ec);
        throw MirrorError(failure);
    }
    fs::rename(tmp, file, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw MirrorError("mirror: cannot put " + file.string() + " in place: " + ec.message());
    }
    return info;
}

std::map<std::string, std::string> read_mirror_meta(const fs::path& file) {
    std::map<std::string, std::string> m;
    Handle h;
    if (sqlite3_open_v2(file.c_str(), &h.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return m;
    sqlite3_busy_timeout(h.db, 10000);
    try {
        Stmt meta(h.db, "SELECT key, value FROM meta");
        while (meta.row())
            m[meta.str(0)] = meta.str(1);
    } catch (const MirrorError&) {
        m.clear();
    }
    return m;
}

namespace {

// The edits of one delta to the networks, keeping each network's parent right: an added
// network takes the smallest network around it as parent and becomes the parent of those
// directly inside it; a removed one hands its children to its own parent.
class NetworkEditor {
  public:
    explicit NetworkEditor(sqlite3* db)
        : find_(db, "SELECT id, parent FROM nets WHERE fam = ? AND start = ? AND stop = ?"),
          near_(db, "SELECT id, stop, parent FROM nets WHERE fam = ? AND start <= ? "
                    "ORDER BY start DESC, stop ASC LIMIT 1"),
          by_id_(db, "SELECT start, stop, parent FROM nets WHERE id = ?"),
          update_(db, "UPDATE nets SET range = ?, text = ? WHERE id = ?"),
          insert_(db, "INSERT INTO nets(fam, start, stop, parent, range, text) VALUES(?,?,?,?,?,?)"),
          adopt_(db, "UPDATE nets SET parent = ? WHERE fam = ? AND start >= ? AND start <= ? "
                     "AND stop <= ? AND id <> ? AND parent IS ?"),
          hand_over_(db, "UPDATE nets SET parent = ? WHERE fam = ? AND start >= ? AND start <= ? "
                         "AND parent = ?"),
          remove_(db, "DELETE FROM nets WHERE id = ?"),
          db_(db) {}

    // Returns +1 when added, 0 when an existing network was modified.
    int put(const std::string& range, const std::string& first, const std::string& last,
            const std::string& text) {
        std::int64_t fam = first.size() == 4 ? 4 : 6;
        find_.reset().integer(1, fam).blob(2, first).blob(3, last);
        if (find_.row()) {
            std::int64_t id = find_.num(0);
            find_.reset();
            update_.reset().text(1, range).text(2, text).integer(3, id).run();
            return 0;
        }
        find_.reset();
        std::optional<std::int64_t> parent = around(fam, first, last);
        insert_.reset().integer(1, fam).blob(2, first).blob(3, last);
        if (parent) insert_.integer(4, *parent);
        insert_.text(5, range).text(6, text).run();
        std::int64_t id = sqlite3_last_insert_rowid(db_);
        adopt_.reset().integer(1, id).integer(2, fam).blob(3, first).blob(4, last).blob(5, last)
            .integer(6, id);
        if (parent) adopt_.integer(7, *parent);
        adopt_.run();
        return 1;
    }

    // Returns 1 when a network was removed, 0 when the mirror had none with that range.
    int remove(const std::string& first, const std::string& last) {
        std::int64_t fam = first.size() == 4 ? 4 : 6;
        find_.reset().integer(1, fam).blob(2, first).blob(3, last);
        if (!find_.row()) {
            find_.reset();
            return 0;
        }
        std::int64_t id = find_.num(0);
        bool has_parent = !find_.null(1);
        std::int64_t parent = find_.num(1);
        find_.reset();
        hand_over_.reset();
        if (has_parent) hand_over_.integer(1, parent);
        hand_over_.integer(2, fam).blob(3, first).blob(4, last).integer(5, id).run();
        remove_.reset().integer(1, id).run();
        return 1;
    }

  private:
    // The smallest network that covers first..last: from the nearest start at or before
    // `first`, up its parents until one reaches past `last`.
    std::optional<std::int64_t> around(std::int64_t fam, const std::string& first,
                                       const std::string& last) {
        near_.reset().integer(1, fam).blob(2, first);
        if (!near_.row()) {
            near_.reset();
            return std::nullopt;
        }
        std::int64_t id = near_.num(0);
        std::string stop = near_.str(1);
        bool has_parent = !near_.null(2);
        std::int64_t parent = near_.num(2);
        near_.reset();
        for (int i = 0; i < 256; ++i) {
            if (stop >= last) return id;
            if (!has_parent) return std::nullopt;
            by_id_.reset().integer(1, parent);
            if (!by_id_.row()) {
                by_id_.reset();
                return std::nullopt;
            }
            id = parent;
            stop = by_id_.str(1);
            has_parent = !by_id_.null(2);
            parent = by_id_.num(2);
            by_id_.reset();
        }
        return std::nullopt;
    }

    Stmt find_, near_, by_id_, update_, insert_, adopt_, hand_over_, remove_;
    sqlite3* db_;
};

std::int64_t meta_number(const std::map<std::string, std::string>& m, const std::string& k) {
    auto it = m.find(k);
    if (it == m.end()) return 0;
    try {
        return std::stoll(it->second);
    } catch (...) {
        return 0;
    }
}

} // namespace

AppliedChanges apply_changes(const fs::path& file, const std::vector<MirrorChange>& changes,
                             const std::map<std::string, std::string>& meta) {
    auto before = read_mirror_meta(file);
    if (before.count("registry") == 0)
        throw MirrorError("mirror " + file.string() + ": not a mirror to apply changes to");
    Handle h;
    if (sqlite3_open_v2(file.c_str(), &h.db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
        throw MirrorError("mirror " + file.string() + ": cannot be written");
    // Lookups hold the read lock for a moment each; wait for them rather than fail.
    sqlite3_busy_timeout(h.db, 30000);
    AppliedChanges applied;
    exec(h.db, "BEGIN IMMEDIATE");
    try {
        std::int64_t networks = meta_number(before, "networks");
        std::int64_t objects = meta_number(before, "objects");
        {
            NetworkEditor nets(h.db);
            Stmt drop(h.db, "DELETE FROM objects WHERE handle = ? AND cls = ?");
            Stmt add(h.db, "INSERT INTO objects(handle, cls, text) VALUES(?,?,?)");
            for (const auto& c : changes) {
                if (c.cls == "inetnum" || c.cls == "inet6num") {
                    std::string first, last;
                    if (!range_keys(c.key, first, last)) continue;
                    if (c.remove) {
                        int n = nets.remove(first, last);
                        networks -= n;
                        applied.removed += n;
                    } else {
                        int n = nets.put(c.key, first, last, c.text);
                        networks += n;
                        (n == 1 ? applied.added : applied.modified) += 1;
                    }
                } else if (kContactClasses.count(c.cls) != 0) {
                    drop.reset().text(1, lower(trim(c.key))).text(2, c.cls).run();
                    int gone = sqlite3_changes(h.db);
                    objects -= gone;
                    if (c.remove) {
                        applied.removed += gone;
                        continue;
                    }
                    add.reset().text(1, lower(trim(c.key))).text(2, c.cls).text(3, c.text).run();
                    objects += 1;
                    (gone > 0 ? applied.modified : applied.added) += 1;
                }
            }
            Stmt put(h.db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)");
            std::map<std::string, std::string> all = meta;
            all["networks"] = std::to_string(networks);
            all["objects"] = std::to_string(objects);
            for (const auto& [k, v] : all)
                put.reset().text(1, k).text(2, v).run();
        }
        exec(h.db, "COMMIT");
    } catch (const std::exception& e) {
        sqlite3_exec(h.db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw MirrorError(std::string(e.what()) + "; the mirror is left as it was");
    }
    return applied;
}

// The open file and its three statements, prepared once: a lookup holds the lock while it
// uses them (a lookup is a few index searches; preparing them each time cost more).
struct MirrorIndex::Db {
    sqlite3* db = nullptr;
    std::mutex mutex;
    std::unique_ptr<Stmt> near, by_id, object;
    ~Db() {
        near.reset();
        by_id.reset();
        object.reset();
        sqlite3_close(db);
    }
};

MirrorIndex::MirrorIndex(const fs::path& file) : db_(std::make_unique<Db>()) {
    if (sqlite3_open_v2(file.c_str(), &db_->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK)
        throw MirrorError("mirror " + file.string() + ": cannot be opened");
    // An NRTMv4 update holds the write lock for the moment of its commit.
    sqlite3_busy_timeout(db_->db, 10000);
    try {
        Stmt meta(db_->db, "SELECT key, value FROM meta");
        std::map<std::string, std::string> m;
        while (meta.row())
            m[meta.str(0)] = meta.str(1);
        if (m.count("registry") == 0) throw MirrorError("mirror " + file.string() + ": not a mirror");
        info_.registry = m["registry"];
        info_.serial = m["serial"];
        info_.source_date = m["source_date"];
        info_.nrtm_session = m["nrtm_session"];
        info_.nrtm_version = m["nrtm_version"];
        auto num = [&](const char* k) {
            try {
                return static_cast<std::int64_t>(std::stoll(m[k]));
            } catch (...) {
                return std::int64_t{0};
            }
        };
        info_.imported_at = num("imported_at");
        info_.source_time = num("source_time");
        info_.networks = num("networks");
        info_.objects = num("objects");
        std::string files = m["files"];
        for (std::size_t at = 0; at < files.size();) {
            auto comma = files.find(',', at);
            info_.files.push_back(files.substr(at, comma == std::string::npos ? comma : comma - at));
            if (comma == std::string::npos) break;
            at = comma + 1;
        }
        db_->near = std::make_unique<Stmt>(
            db_->db, "SELECT id, stop, parent, range, text FROM nets WHERE fam = ? AND start <= ? "
                     "ORDER BY start DESC, stop ASC LIMIT 1");
        db_->by_id = std::make_unique<Stmt>(
            db_->db, "SELECT id, stop, parent, range, text FROM nets WHERE id = ?");
        db_->object = std::make_unique<Stmt>(db_->db, "SELECT cls, text FROM objects WHERE handle = ?");
    } catch (const MirrorError&) {
        throw MirrorError("mirror " + file.string() + ": not a mirror (damaged, or not made by renraku)");
    }
}

MirrorIndex::~MirrorIndex() = default;

std::optional<MirrorHit> MirrorIndex::lookup(const std::string& address) const {
    std::string key = address_key(address);
    if (key.empty()) return std::nullopt;
    std::lock_guard lock(db_->mutex);
    // A statement left mid-way holds the file's read lock, which would keep an NRTMv4 update
    // from committing: every statement is reset when the lookup ends.
    struct ResetAll {
        Db& db;
        ~ResetAll() {
            db.near->reset();
            db.by_id->reset();
            db.object->reset();
        }
    } reset_all{*db_};
    Stmt& near = *db_->near;
    near.reset().integer(1, key.size() == 4 ? 4 : 6).blob(2, key);
    if (!near.row()) return std::nullopt;
    struct Net {
        std::string stop, range, text;
        std::int64_t parent = 0;
        bool has_parent = false;
    };
    auto read = [](Stmt& s) {
        return Net{s.str(1), s.str(3), s.str(4), s.num(2), !s.null(2)};
    };
    Net net = read(near);
    Stmt& by_id = *db_->by_id;
    auto up = [&](const Net& n) -> std::optional<Net> {
        if (!n.has_parent) return std::nullopt;
        by_id.reset().integer(1, n.parent);
        if (!by_id.row()) return std::nullopt;
        return read(by_id);
    };
    // The nearest range before the address may end before it: its parents may still cover it.
    for (int i = 0; i < 256 && net.stop < key; ++i) {
        auto p = up(net);
        if (!p) return std::nullopt;
        net = *p;
    }
    if (net.stop < key) return std::nullopt;

    Stmt& object = *db_->object;
    auto object_of = [&](const std::string& handle, std::string* cls = nullptr) -> std::string {
        object.reset().text(1, lower(trim(handle)));
        if (!object.row()) return {};
        if (cls != nullptr) *cls = object.str(0);
        return object.str(1);
    };
    auto values = [](const std::string& text, const std::string& name) {
        std::vector<std::string> out;
        std::size_t at = 0;
        while (at < text.size()) {
            auto end = text.find('\n', at);
            std::string line = text.substr(at, end == std::string::npos ? end : end - at);
            auto colon = line.find(':');
            if (colon != std::string::npos && lower(trim(line.substr(0, colon))) == name) {
                std::string v = trim(line.substr(colon + 1));
                if (auto hash = v.find('#'); hash != std::string::npos) v = trim(v.substr(0, hash));
                if (!v.empty()) out.push_back(v);
            }
            if (end == std::string::npos) break;
            at = end + 1;
        }
        return out;
    };

    // The objects the network names, each once, in the order the registry's whois gives them.
    std::vector<std::string> shown;
    std::set<std::string> seen;
    auto show = [&](const std::string& handle) {
        if (handle.empty() || !seen.insert(lower(handle)).second) return;
        std::string text = object_of(handle);
        if (!text.empty()) shown.push_back(text);
    };
    for (const char* attr : {"org", "mnt-irt", "abuse-c", "admin-c", "tech-c"})
        for (const auto& h : values(net.text, attr))
            show(h);
    for (const auto& org : values(net.text, "org"))
        for (const auto& h : values(object_of(org), "abuse-c"))
            show(h);

    // The abuse contact, as RIPE's whois finds it: the network's abuse-c, else its
    // organisation's, else the same of the nearest parent that has one; an irt's abuse-mailbox
    // where the registry names one that way (APNIC).
    std::string abuse;
    Net at = net;
    for (int i = 0; i < 256 && abuse.empty(); ++i) {
        std::vector<std::string> roles = values(at.text, "abuse-c");
        if (roles.empty())
            for (const auto& org : values(at.text, "org"))
                for (const auto& h : values(object_of(org), "abuse-c"))
                    roles.push_back(h);
        for (const auto& r : roles)
            if (auto mb = values(object_of(r), "abuse-mailbox"); !mb.empty()) {
                abuse = mb.front();
                break;
            }
        if (abuse.empty())
            for (const auto& irt : values(at.text, "mnt-irt"))
                if (auto mb = values(object_of(irt), "abuse-mailbox"); !mb.empty()) {
                    abuse = mb.front();
                    break;
                }
        auto p = up(at);
        if (!p) break;
        at = *p;
    }

    MirrorHit hit;
    hit.range = net.range;
    hit.info = info_;
    hit.text = "% Information related to '" + net.range + "'\n\n";
    if (!abuse.empty())
        hit.text += "% Abuse contact for '" + net.range + "' is '" + abuse + "'\n\n";
    hit.text += net.text + "\n";
    for (const auto& t : shown)
        hit.text += t + "\n";
    return hit;
}

} // namespace renraku::core::mirror
