#include "ledger.hpp"

#include "renraku/sdk/text.hpp"

#include <cstdio>
#include <cstdlib>
#include <sqlite3.h>

namespace fs = std::filesystem;

namespace renraku::core {

namespace {

const char* const kSchema = R"(
CREATE TABLE IF NOT EXISTS counters(prefix TEXT PRIMARY KEY, last INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS notices(tracking TEXT PRIMARY KEY, recipient TEXT NOT NULL,
  written INTEGER NOT NULL, sent INTEGER);
CREATE TABLE IF NOT EXISTS told(tracking TEXT NOT NULL, recipient TEXT NOT NULL,
  indicator TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS told_by_recipient ON told(recipient, indicator);
CREATE TABLE IF NOT EXISTS feedback(address TEXT NOT NULL, kind TEXT NOT NULL,
  at INTEGER NOT NULL, tracking TEXT, detail TEXT);
CREATE INDEX IF NOT EXISTS feedback_by_address ON feedback(address, at);
)";

class Stmt {
  public:
    Stmt(sqlite3* db, const char* sql) : db_(db) {
        if (sqlite3_prepare_v2(db, sql, -1, &s_, nullptr) != SQLITE_OK)
            throw LedgerError(std::string("ledger: ") + sqlite3_errmsg(db));
    }
    ~Stmt() { sqlite3_finalize(s_); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    Stmt& text(int i, const std::string& v) {
        sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
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
            throw LedgerError(std::string("ledger: ") + sqlite3_errmsg(db_));
    }
    std::string col_text(int i) {
        const unsigned char* t = sqlite3_column_text(s_, i);
        return t == nullptr ? std::string() : reinterpret_cast<const char*>(t);
    }
    std::int64_t col_int(int i) { return sqlite3_column_int64(s_, i); }
    bool col_null(int i) { return sqlite3_column_type(s_, i) == SQLITE_NULL; }

  private:
    sqlite3* db_;
    sqlite3_stmt* s_ = nullptr;
};

} // namespace

fs::path Ledger::default_file() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg == '/')
        return fs::path(xdg) / "renraku" / "ledger.sqlite";
    const char* home = std::getenv("HOME");
    return fs::path(home != nullptr && *home != '\0' ? home : "/tmp") / ".local" / "share" /
           "renraku" / "ledger.sqlite";
}

Ledger::Ledger(const fs::path& file) : file_(file) {
    std::error_code ec;
    if (!file.parent_path().empty()) fs::create_directories(file.parent_path(), ec);
    if (sqlite3_open_v2(file.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
        std::string why = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        throw LedgerError("ledger " + file.string() + ": " + why);
    }
    try {
        sqlite3_busy_timeout(db_, 10000);
        exec("PRAGMA journal_mode=WAL");
        exec(kSchema);
    } catch (...) {
        sqlite3_close(db_);
        throw;
    }
}

Ledger::~Ledger() {
    sqlite3_close(db_);
}

void Ledger::exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string why = err != nullptr ? err : "error";
        sqlite3_free(err);
        throw LedgerError("ledger " + file_.string() + ": " + why);
    }
}

std::string Ledger::next_tracking(const std::string& prefix) {
    // One transaction: two processes never get the same number.
    exec("BEGIN IMMEDIATE");
    try {
        Stmt up(db_, "INSERT INTO counters(prefix, last) VALUES(?1, 1) "
                     "ON CONFLICT(prefix) DO UPDATE SET last = last + 1");
        up.text(1, prefix).run();
        Stmt get(db_, "SELECT last FROM counters WHERE prefix = ?1");
        get.text(1, prefix);
        std::int64_t n = get.row() ? get.col_int(0) : 1;
        exec("COMMIT");
        char buf[16];
        std::snprintf(buf, sizeof buf, "%08lld", static_cast<long long>(n));
        return prefix + "#" + buf;
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

void Ledger::record_notice(const std::string& tracking, const std::string& recipient,
                           const std::vector<std::string>& indicators, std::int64_t at) {
    exec("BEGIN IMMEDIATE");
    try {
        Stmt n(db_, "INSERT OR REPLACE INTO notices(tracking, recipient, written) "
                    "VALUES(?1, ?2, ?3)");
        n.text(1, tracking).text(2, sdk::ascii_lower(recipient)).integer(3, at).run();
        for (const auto& ind : indicators) {
            Stmt t(db_, "INSERT INTO told(tracking, recipient, indicator) VALUES(?1, ?2, ?3)");
            t.text(1, tracking).text(2, sdk::ascii_lower(recipient)).text(3, ind).run();
        }
        exec("COMMIT");
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

void Ledger::record_sent(const std::string& tracking, std::int64_t at) {
    Stmt s(db_, "UPDATE notices SET sent = ?2 WHERE tracking = ?1");
    s.text(1, tracking).integer(2, at).run();
}

std::optional<std::int64_t> Ledger::last_sent(const std::string& recipient,
                                              const std::string& indicator) {
    Stmt s(db_, "SELECT max(n.sent) FROM told t JOIN notices n ON n.tracking = t.tracking "
                "WHERE t.recipient = ?1 AND t.indicator = ?2 AND n.sent IS NOT NULL");
    s.text(1, sdk::ascii_lower(recipient)).text(2, indicator);
    if (!s.row() || s.col_null(0)) return std::nullopt;
    return s.col_int(0);
}

std::optional<std::string> Ledger::recipient_of(const std::string& tracking) {
    Stmt s(db_, "SELECT recipient FROM notices WHERE tracking = ?1");
    s.text(1, tracking);
    if (!s.row()) return std::nullopt;
    return s.col_text(0);
}

void Ledger::record_feedback(const Feedback& f) {
    Stmt s(db_, "INSERT INTO feedback(address, kind, at, tracking, detail) "
                "VALUES(?1, ?2, ?3, ?4, ?5)");
    s.text(1, sdk::ascii_lower(f.address))
        .text(2, f.kind)
        .integer(3, f.at)
        .text(4, f.tracking)
        .text(5, f.detail)
        .run();
}

std::optional<Feedback> Ledger::feedback_for(const std::string& address) {
    Stmt s(db_, "SELECT kind, at, tracking, detail FROM feedback WHERE address = ?1 "
                "ORDER BY at DESC, rowid DESC LIMIT 1");
    s.text(1, sdk::ascii_lower(address));
    if (!s.row()) return std::nullopt;
    return Feedback{sdk::ascii_lower(address), s.col_text(0), s.col_int(1), s.col_text(2),
                    s.col_text(3)};
}

} // namespace renraku::core
