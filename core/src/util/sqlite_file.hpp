#pragma once
// One SQLite file shared by renraku's processes (the answer cache, the notice ledger): opened
// with its folder made, WAL so that readers and a writer go together, a busy timeout so that
// two writers wait for each other, and statements that finalise themselves. `Error` is the
// exception the owner's callers expect; every message names `label` (and the file).

#include <cstdint>
#include <filesystem>
#include <sqlite3.h>
#include <string>

namespace renraku::core::sqlite {

template <class Error> class Database {
  public:
    Database(const std::filesystem::path& file, std::string label, int busy_timeout_ms)
        : file_(file), label_(std::move(label)) {
        std::error_code ec;
        if (!file.parent_path().empty()) std::filesystem::create_directories(file.parent_path(), ec);
        if (sqlite3_open_v2(file.c_str(), &db_,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                            nullptr) != SQLITE_OK) {
            std::string why = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
            sqlite3_close(db_);
            throw Error(label_ + " " + file.string() + ": " + why);
        }
        try {
            sqlite3_busy_timeout(db_, busy_timeout_ms);
            exec("PRAGMA journal_mode=WAL");
        } catch (...) {
            sqlite3_close(db_);
            throw;
        }
    }
    ~Database() { sqlite3_close(db_); }
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(const char* sql) {
        char* err = nullptr;
        if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
            std::string why = err != nullptr ? err : "error";
            sqlite3_free(err);
            throw Error(label_ + " " + file_.string() + ": " + why);
        }
    }
    /// Runs `body` inside BEGIN IMMEDIATE ... COMMIT, rolled back if it throws.
    template <class Body> void transaction(Body&& body) {
        exec("BEGIN IMMEDIATE");
        try {
            body();
            exec("COMMIT");
        } catch (...) {
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    }
    sqlite3* get() const { return db_; }
    const std::filesystem::path& file() const { return file_; }
    const std::string& label() const { return label_; }

  private:
    std::filesystem::path file_;
    std::string label_;
    sqlite3* db_ = nullptr;
};

template <class Error> class Statement {
  public:
    Statement(const Database<Error>& db, const char* sql) : db_(db.get()), label_(db.label()) {
        if (sqlite3_prepare_v2(db_, sql, -1, &stmt_, nullptr) != SQLITE_OK)
            throw Error(label_ + ": " + sqlite3_errmsg(db_));
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& reset() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
        return *this;
    }
    Statement& text(int i, const std::string& s) {
        sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& blob(int i, const std::string& s) {
        sqlite3_bind_blob(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& integer(int i, std::int64_t v) {
        sqlite3_bind_int64(stmt_, i, v);
        return *this;
    }
    /// The next row; false at the end (or on an error, which the caller reads as no row).
    bool row() { return sqlite3_step(stmt_) == SQLITE_ROW; }
    /// Runs a statement that returns no rows; throws on failure.
    void run() {
        int rc = sqlite3_step(stmt_);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW) throw Error(label_ + ": " + sqlite3_errmsg(db_));
    }
    /// Runs it, saying only whether it worked (for callers that roll back themselves).
    bool done() { return sqlite3_step(stmt_) == SQLITE_DONE; }
    std::string bytes(int i) {
        const void* p = sqlite3_column_blob(stmt_, i);
        int n = sqlite3_column_bytes(stmt_, i);
        return p == nullptr ? std::string() : std::string(static_cast<const char*>(p), n);
    }
    std::int64_t integer_at(int i) { return sqlite3_column_int64(stmt_, i); }
    bool null_at(int i) { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }

  private:
    sqlite3* db_;
    std::string label_;
    sqlite3_stmt* stmt_ = nullptr;
};

} // namespace renraku::core::sqlite
