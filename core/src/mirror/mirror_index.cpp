#include "mirror_index.hpp"

#include "rpsl_reader.hpp"

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

std::string day_of(std::int64_t t) {
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

// The classes kept by handle: what a network names for its contacts.
const std::set<std::string> kContactClasses = {"role", "irt", "organisation", "person"};

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

MirrorInfo import_mirror(const fs::path& file, const std::string& registry,
                         const std::vector<fs::path>& inputs, const std::string& serial) {
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
            for (const auto& in : inputs) {
                RpslReader reader(in);
                while (auto o = reader.next()) {
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
                        // Roles and persons by nic-hdl; irt and organisation by their key.
                        std::string handle = o->cls == "role" || o->cls == "person"
                                                 ? o->first("nic-hdl")
                                                 : o->key;
                        if (handle.empty()) continue;
                        obj.reset().text(1, lower(handle)).text(2, o->cls).text(3, o->text).run();
                        ++info.objects;
                    }
                }
                if (!reader.error().empty()) throw MirrorError(reader.error());
                info.files.push_back(in.filename().string());
                auto t = fs::last_write_time(in, ec);
                if (!ec) {
                    auto sys = std::chrono::file_clock::to_sys(t);
                    newest = std::max<std::int64_t>(
                        newest, std::chrono::duration_cast<std::chrono::seconds>(
                                    sys.time_since_epoch())
                                    .count());
                }
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
            Stmt meta(h.db, "INSERT INTO meta(key, value) VALUES(?, ?)");
            info.source_date = newest > 0 ? day_of(newest) : std::string();
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
    try {
        Stmt meta(db_->db, "SELECT key, value FROM meta");
        std::map<std::string, std::string> m;
        while (meta.row())
            m[meta.str(0)] = meta.str(1);
        if (m.count("registry") == 0) throw MirrorError("mirror " + file.string() + ": not a mirror");
        info_.registry = m["registry"];
        info_.serial = m["serial"];
        info_.source_date = m["source_date"];
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
