#include "sqlite_cache.hpp"

#include "../util/paths.hpp"

#include "../util/sqlite_file.hpp"

#include <cstdlib>
#include <mutex>
#include <sqlite3.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace renraku::core::cache {

namespace {

constexpr int kSchemaVersion = 1;
constexpr int kBusyTimeoutMs = 10000;
constexpr int kRangeScan = 64;

const char* const kSchema = R"(
CREATE TABLE IF NOT EXISTS answers(
  key TEXT PRIMARY KEY,
  value BLOB NOT NULL,
  expires INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS ranges(
  scope TEXT NOT NULL,
  start BLOB NOT NULL,
  finish BLOB NOT NULL,
  key TEXT NOT NULL,
  PRIMARY KEY(scope, start, finish));
CREATE INDEX IF NOT EXISTS ranges_by_key ON ranges(key);
)";

using Database = sqlite::Database<CacheError>;
using Statement = sqlite::Statement<CacheError>;

class SqliteCache final : public AnswerCache {
  public:
    explicit SqliteCache(const fs::path& file)
        : db_(file, "cache", kBusyTimeoutMs), schema_(check_schema()),
          find_(db_, "SELECT value, expires FROM answers WHERE key = ?1 AND expires > ?2"),
          covering_(db_, "SELECT r.start, r.finish, r.key, a.value, a.expires FROM ranges r "
                         "JOIN answers a ON a.key = r.key WHERE r.scope = ?1 AND r.start <= ?2 "
                         "ORDER BY r.start DESC LIMIT ?3"),
          put_(db_, "INSERT OR REPLACE INTO answers(key, value, expires) VALUES(?1, ?2, ?3)"),
          put_range_(db_, "INSERT OR REPLACE INTO ranges(scope, start, finish, key) "
                          "VALUES(?1, ?2, ?3, ?4)") {}

    std::optional<Hit> find(const std::string& key) override {
        std::lock_guard lock(mutex_);
        find_.reset().text(1, key).integer(2, unix_now());
        if (!find_.row()) return std::nullopt;
        return Hit{find_.bytes(0), find_.integer_at(1), key, std::nullopt};
    }

    std::optional<Hit> find_covering(const std::string& scope,
                                     const std::string& address) override {
        std::lock_guard lock(mutex_);
        Statement& s = covering_;
        s.reset().text(1, scope).blob(2, address).integer(3, kRangeScan);
        auto now = unix_now();
        std::optional<Hit> best;
        while (s.row()) {
            std::string start = s.bytes(0);
            std::string finish = s.bytes(1);
            std::int64_t expires = s.integer_at(4);
            if (start.size() != address.size() || finish.size() != address.size() ||
                address > finish || expires <= now)
                continue;
            if (best) {
                if (start != best->range->start) break; // a wider range starts lower
                if (finish >= best->range->end) continue;
            }
            best = Hit{s.bytes(3), expires, s.bytes(2), AddressRange{scope, start, finish}};
        }
        return best;
    }

    void store(const std::string& key, const std::string& value, std::int64_t expires,
               const std::optional<AddressRange>& range) override {
        std::lock_guard lock(mutex_);
        // One transaction: the answer and its range are there together or not at all. A store
        // that fails is only an answer not kept, never an error of the lookup.
        sqlite3* db = db_.get();
        if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) return;
        bool ok = put_.reset().text(1, key).blob(2, value).integer(3, expires).done();
        if (ok && range && range->start.size() == range->end.size())
            ok = put_range_.reset()
                     .text(1, range->scope)
                     .blob(2, range->start)
                     .blob(3, range->end)
                     .text(4, key)
                     .done();
        sqlite3_exec(db, ok ? "COMMIT" : "ROLLBACK", nullptr, nullptr, nullptr);
    }

    CacheStats stats() override {
        std::lock_guard lock(mutex_);
        CacheStats st;
        st.backend = "sqlite";
        st.location = db_.file().string();
        st.entries = count("SELECT count(*) FROM answers");
        st.ranges = count("SELECT count(*) FROM ranges");
        st.bytes = count("SELECT coalesce(sum(length(value)), 0) FROM answers");
        Statement s(db_, "SELECT count(*) FROM answers WHERE expires <= ?1");
        if (s.integer(1, unix_now()).row()) st.expired = static_cast<std::size_t>(s.integer_at(0));
        return st;
    }

    void clear() override {
        std::lock_guard lock(mutex_);
        db_.transaction([this] { db_.exec("DELETE FROM ranges; DELETE FROM answers"); });
        sqlite3_exec(db_.get(), "VACUUM", nullptr, nullptr, nullptr);
    }

  private:
    std::size_t count(const char* sql) {
        Statement s(db_, sql);
        return s.row() ? static_cast<std::size_t>(s.integer_at(0)) : 0;
    }

    // A file of another layout (older or newer renraku) is not guessed at: its tables are made
    // anew. Expired answers are dropped when a process opens the file.
    bool check_schema() {
        db_.exec("PRAGMA synchronous=NORMAL");
        db_.transaction([this] {
            Statement v(db_, "PRAGMA user_version");
            auto version = v.row() ? v.integer_at(0) : 0;
            if (version != kSchemaVersion) {
                db_.exec("DROP TABLE IF EXISTS ranges; DROP TABLE IF EXISTS answers");
                db_.exec(kSchema);
                db_.exec(("PRAGMA user_version = " + std::to_string(kSchemaVersion)).c_str());
            }
            Statement purge(db_, "DELETE FROM answers WHERE expires <= ?1");
            purge.integer(1, unix_now()).done();
            db_.exec("DELETE FROM ranges WHERE key NOT IN (SELECT key FROM answers)");
        });
        return true;
    }

    // Declared in this order: the file first, its tables checked, then the statements that
    // use them (destroyed in the reverse order, before the file is closed).
    Database db_;
    bool schema_;
    std::mutex mutex_;
    Statement find_;
    Statement covering_;
    Statement put_;
    Statement put_range_;
};

} // namespace

std::unique_ptr<AnswerCache> open_sqlite_cache(const fs::path& file) {
    return std::make_unique<SqliteCache>(file);
}

fs::path default_cache_file() {
    return paths::user_cache().dir / "cache.sqlite";
}

} // namespace renraku::core::cache
