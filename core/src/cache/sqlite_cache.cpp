#include "sqlite_cache.hpp"

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

class Statement {
  public:
    Statement(sqlite3* db, const char* sql) {
        if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
            throw CacheError(std::string("cannot prepare a cache query: ") + sqlite3_errmsg(db));
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    sqlite3_stmt* get() { return stmt_; }
    void reset() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
    void text(int i, const std::string& s) {
        sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    }
    void blob(int i, const std::string& s) {
        sqlite3_bind_blob(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    }
    void integer(int i, std::int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
    std::string column(int i) {
        const void* p = sqlite3_column_blob(stmt_, i);
        int n = sqlite3_column_bytes(stmt_, i);
        return p == nullptr ? std::string() : std::string(static_cast<const char*>(p), n);
    }

  private:
    sqlite3_stmt* stmt_ = nullptr;
};

class SqliteCache final : public AnswerCache {
  public:
    explicit SqliteCache(fs::path file) : file_(std::move(file)) {
        std::error_code ec;
        if (!file_.parent_path().empty()) fs::create_directories(file_.parent_path(), ec);
        if (sqlite3_open_v2(file_.c_str(), &db_,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                            nullptr) != SQLITE_OK) {
            std::string why = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
            sqlite3_close(db_);
            throw CacheError("cache " + file_.string() + ": " + why);
        }
        try {
            sqlite3_busy_timeout(db_, kBusyTimeoutMs);
            exec("PRAGMA journal_mode=WAL");
            exec("PRAGMA synchronous=NORMAL");
            check_schema();
            find_ = std::make_unique<Statement>(
                db_, "SELECT value, expires FROM answers WHERE key = ?1 AND expires > ?2");
            covering_ = std::make_unique<Statement>(
                db_, "SELECT r.start, r.finish, r.key, a.value, a.expires FROM ranges r "
                     "JOIN answers a ON a.key = r.key WHERE r.scope = ?1 AND r.start <= ?2 "
                     "ORDER BY r.start DESC LIMIT ?3");
            put_ = std::make_unique<Statement>(
                db_, "INSERT OR REPLACE INTO answers(key, value, expires) VALUES(?1, ?2, ?3)");
            put_range_ = std::make_unique<Statement>(
                db_, "INSERT OR REPLACE INTO ranges(scope, start, finish, key) "
                     "VALUES(?1, ?2, ?3, ?4)");
        } catch (...) {
            find_.reset();
            covering_.reset();
            put_.reset();
            put_range_.reset();
            sqlite3_close(db_);
            throw;
        }
    }
    ~SqliteCache() override {
        find_.reset();
        covering_.reset();
        put_.reset();
        put_range_.reset();
        sqlite3_close(db_);
    }
    SqliteCache(const SqliteCache&) = delete;
    SqliteCache& operator=(const SqliteCache&) = delete;

    std::optional<Hit> find(const std::string& key) override {
        std::lock_guard lock(mutex_);
        Statement& s = *find_;
        s.reset();
        s.text(1, key);
        s.integer(2, unix_now());
        if (sqlite3_step(s.get()) != SQLITE_ROW) return std::nullopt;
        return Hit{s.column(0), sqlite3_column_int64(s.get(), 1), key, std::nullopt};
    }

    std::optional<Hit> find_covering(const std::string& scope,
                                     const std::string& address) override {
        std::lock_guard lock(mutex_);
        Statement& s = *covering_;
        s.reset();
        s.text(1, scope);
        s.blob(2, address);
        s.integer(3, kRangeScan);
        auto now = unix_now();
        std::optional<Hit> best;
        while (sqlite3_step(s.get()) == SQLITE_ROW) {
            std::string start = s.column(0);
            std::string finish = s.column(1);
            std::int64_t expires = sqlite3_column_int64(s.get(), 4);
            if (start.size() != address.size() || finish.size() != address.size() ||
                address > finish || expires <= now)
                continue;
            if (best) {
                if (start != best->range->start) break; // a wider range starts lower
                if (finish >= best->range->end) continue;
            }
            best = Hit{s.column(3), expires, s.column(2), AddressRange{scope, start, finish}};
        }
        return best;
    }

    void store(const std::string& key, const std::string& value, std::int64_t expires,
               const std::optional<AddressRange>& range) override {
        std::lock_guard lock(mutex_);
        // One transaction: the answer and its range are there together or not at all.
        if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) return;
        bool ok = true;
        put_->reset();
        put_->text(1, key);
        put_->blob(2, value);
        put_->integer(3, expires);
        ok = sqlite3_step(put_->get()) == SQLITE_DONE;
        if (ok && range && range->start.size() == range->end.size()) {
            put_range_->reset();
            put_range_->text(1, range->scope);
            put_range_->blob(2, range->start);
            put_range_->blob(3, range->end);
            put_range_->text(4, key);
            ok = sqlite3_step(put_range_->get()) == SQLITE_DONE;
        }
        sqlite3_exec(db_, ok ? "COMMIT" : "ROLLBACK", nullptr, nullptr, nullptr);
    }

    CacheStats stats() override {
        std::lock_guard lock(mutex_);
        CacheStats st;
        st.backend = "sqlite";
        st.location = file_.string();
        st.entries = count("SELECT count(*) FROM answers");
        st.ranges = count("SELECT count(*) FROM ranges");
        st.bytes = count("SELECT coalesce(sum(length(value)), 0) FROM answers");
        Statement s(db_, "SELECT count(*) FROM answers WHERE expires <= ?1");
        s.integer(1, unix_now());
        if (sqlite3_step(s.get()) == SQLITE_ROW)
            st.expired = static_cast<std::size_t>(sqlite3_column_int64(s.get(), 0));
        return st;
    }

    void clear() override {
        std::lock_guard lock(mutex_);
        exec("BEGIN IMMEDIATE; DELETE FROM ranges; DELETE FROM answers; COMMIT");
        sqlite3_exec(db_, "VACUUM", nullptr, nullptr, nullptr);
    }

  private:
    void exec(const char* sql) {
        char* err = nullptr;
        if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
            std::string why = err != nullptr ? err : "unknown error";
            sqlite3_free(err);
            throw CacheError("cache " + file_.string() + ": " + why);
        }
    }

    std::size_t count(const char* sql) {
        Statement s(db_, sql);
        if (sqlite3_step(s.get()) != SQLITE_ROW) return 0;
        return static_cast<std::size_t>(sqlite3_column_int64(s.get(), 0));
    }

    // A file of another layout (older or newer renraku) is not guessed at: its tables are made
    // anew. Expired answers are dropped when a process opens the file.
    void check_schema() {
        exec("BEGIN IMMEDIATE");
        try {
            Statement v(db_, "PRAGMA user_version");
            int version = sqlite3_step(v.get()) == SQLITE_ROW ? sqlite3_column_int(v.get(), 0) : 0;
            if (version != kSchemaVersion) {
                exec("DROP TABLE IF EXISTS ranges; DROP TABLE IF EXISTS answers");
                exec(kSchema);
                exec(("PRAGMA user_version = " + std::to_string(kSchemaVersion)).c_str());
            }
            Statement purge(db_, "DELETE FROM answers WHERE expires <= ?1");
            purge.integer(1, unix_now());
            sqlite3_step(purge.get());
            exec("DELETE FROM ranges WHERE key NOT IN (SELECT key FROM answers)");
            exec("COMMIT");
        } catch (...) {
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    }

    fs::path file_;
    sqlite3* db_ = nullptr;
    std::mutex mutex_;
    std::unique_ptr<Statement> find_;
    std::unique_ptr<Statement> covering_;
    std::unique_ptr<Statement> put_;
    std::unique_ptr<Statement> put_range_;
};

} // namespace

std::unique_ptr<AnswerCache> open_sqlite_cache(const fs::path& file) {
    return std::make_unique<SqliteCache>(file);
}

fs::path default_cache_file() {
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg == '/')
        return fs::path(xdg) / "renraku" / "cache.sqlite";
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
        return fs::path(home) / ".cache" / "renraku" / "cache.sqlite";
    return fs::path("/tmp") / ("renraku-cache-" + std::to_string(getuid())) / "cache.sqlite";
}

} // namespace renraku::core::cache
