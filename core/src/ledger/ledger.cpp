#include "ledger.hpp"

#include "../config/paths.hpp"

#include "renraku/sdk/text.hpp"

#include <cstdio>
#include <cstdlib>
#include "../util/random.hpp"
#include "../util/sqlite_file.hpp"

namespace fs = std::filesystem;

namespace renraku::core {

namespace {

const char* const kSchema = R"(
CREATE TABLE IF NOT EXISTS counters(prefix TEXT PRIMARY KEY, last INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS notices(tracking TEXT PRIMARY KEY, recipient TEXT NOT NULL,
  written INTEGER NOT NULL, sent INTEGER);
CREATE TABLE IF NOT EXISTS notice_recipients(tracking TEXT NOT NULL, address TEXT NOT NULL,
  kind TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS recipients_by_tracking ON notice_recipients(tracking);
CREATE TABLE IF NOT EXISTS told(tracking TEXT NOT NULL, recipient TEXT NOT NULL,
  indicator TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS told_by_recipient ON told(recipient, indicator);
CREATE TABLE IF NOT EXISTS feedback(address TEXT NOT NULL, kind TEXT NOT NULL,
  at INTEGER NOT NULL, tracking TEXT, detail TEXT);
CREATE INDEX IF NOT EXISTS feedback_by_address ON feedback(address, at);
)";

using Stmt = sqlite::Statement<LedgerError>;

// Columns added since the first ledger: an older file gains them when opened.
const char* const kAddedColumns[][2] = {
    {"message_id", "ALTER TABLE notices ADD COLUMN message_id TEXT"},
};

} // namespace

fs::path Ledger::default_file() {
    return paths::user_data().dir / "ledger.sqlite";
}

Ledger::Ledger(const fs::path& file)
    : db_(std::make_unique<sqlite::Database<LedgerError>>(file, "ledger", 10000)) {
    db_->exec(kSchema);
    for (const auto& [column, alter] : kAddedColumns) {
        bool present = false;
        Stmt info(*db_, "SELECT name FROM pragma_table_info('notices')");
        while (info.row())
            present |= info.bytes(0) == column;
        if (!present) db_->exec(alter);
    }
}

Ledger::~Ledger() = default;

const fs::path& Ledger::file() const {
    return db_->file();
}

std::string Ledger::next_tracking(const std::string& prefix) {
    // One transaction: two processes never get the same number.
    std::int64_t n = 1;
    db_->transaction([&] {
        Stmt(*db_, "INSERT INTO counters(prefix, last) VALUES(?1, 1) "
                   "ON CONFLICT(prefix) DO UPDATE SET last = last + 1")
            .text(1, prefix)
            .run();
        Stmt get(*db_, "SELECT last FROM counters WHERE prefix = ?1");
        if (get.text(1, prefix).row()) n = get.integer_at(0);
    });
    char buf[16];
    std::snprintf(buf, sizeof buf, "%08lld", static_cast<long long>(n));
    return prefix + "#" + buf + "-" + random_base32(6);
}

void Ledger::record_notice(const std::string& tracking, const std::string& recipient,
                           const std::vector<std::string>& cc,
                           const std::vector<std::string>& indicators, std::int64_t at,
                           const std::string& message_id) {
    db_->transaction([&] {
        Stmt(*db_, "INSERT OR REPLACE INTO notices(tracking, recipient, written, message_id) "
                   "VALUES(?1, ?2, ?3, ?4)")
            .text(1, tracking)
            .text(2, sdk::ascii_lower(recipient))
            .integer(3, at)
            .text(4, message_id)
            .run();
        Stmt(*db_, "DELETE FROM notice_recipients WHERE tracking = ?1").text(1, tracking).run();
        Stmt r(*db_, "INSERT INTO notice_recipients(tracking, address, kind) VALUES(?1, ?2, ?3)");
        r.text(1, tracking).text(2, sdk::ascii_lower(recipient)).text(3, "to").run();
        for (const auto& c : cc)
            r.reset().text(1, tracking).text(2, sdk::ascii_lower(c)).text(3, "cc").run();
        Stmt(*db_, "DELETE FROM told WHERE tracking = ?1").text(1, tracking).run();
        Stmt t(*db_, "INSERT INTO told(tracking, recipient, indicator) VALUES(?1, ?2, ?3)");
        for (const auto& ind : indicators)
            t.reset().text(1, tracking).text(2, sdk::ascii_lower(recipient)).text(3, ind).run();
    });
}

namespace {

std::optional<NoticeRecord> read_notice(sqlite::Database<LedgerError>& db, Stmt& s) {
    if (!s.row()) return std::nullopt;
    NoticeRecord n;
    n.tracking = s.bytes(0);
    n.recipient = s.bytes(1);
    n.written = s.integer_at(2);
    if (!s.null_at(3)) n.sent = s.integer_at(3);
    n.message_id = s.bytes(4);
    Stmt cc(db, "SELECT address FROM notice_recipients WHERE tracking = ?1 AND kind = 'cc' "
                "ORDER BY rowid");
    cc.text(1, n.tracking);
    while (cc.row())
        n.cc.push_back(cc.bytes(0));
    return n;
}

} // namespace

std::optional<NoticeRecord> Ledger::notice(const std::string& tracking) {
    Stmt s(*db_, "SELECT tracking, recipient, written, sent, message_id FROM notices "
                "WHERE tracking = ?1");
    s.text(1, tracking);
    return read_notice(*db_, s);
}

std::optional<NoticeRecord> Ledger::notice_by_message_id(const std::string& message_id) {
    if (message_id.empty()) return std::nullopt;
    Stmt s(*db_, "SELECT tracking, recipient, written, sent, message_id FROM notices "
                "WHERE message_id = ?1");
    s.text(1, message_id);
    return read_notice(*db_, s);
}

void Ledger::record_sent(const std::string& tracking, std::int64_t at) {
    Stmt s(*db_, "UPDATE notices SET sent = ?2 WHERE tracking = ?1");
    s.text(1, tracking).integer(2, at).run();
}

std::optional<std::int64_t> Ledger::last_sent(const std::string& recipient,
                                              const std::string& indicator) {
    Stmt s(*db_, "SELECT max(n.sent) FROM told t JOIN notices n ON n.tracking = t.tracking "
                "WHERE t.recipient = ?1 AND t.indicator = ?2 AND n.sent IS NOT NULL");
    s.text(1, sdk::ascii_lower(recipient)).text(2, indicator);
    if (!s.row() || s.null_at(0)) return std::nullopt;
    return s.integer_at(0);
}

void Ledger::record_feedback(const Feedback& f) {
    Stmt s(*db_, "INSERT INTO feedback(address, kind, at, tracking, detail) "
                "VALUES(?1, ?2, ?3, ?4, ?5)");
    s.text(1, sdk::ascii_lower(f.address))
        .text(2, f.kind)
        .integer(3, f.at)
        .text(4, f.tracking)
        .text(5, f.detail)
        .run();
}

std::optional<Feedback> Ledger::feedback_for(const std::string& address) {
    Stmt s(*db_, "SELECT kind, at, tracking, detail FROM feedback WHERE address = ?1 "
                "ORDER BY at DESC, rowid DESC LIMIT 1");
    s.text(1, sdk::ascii_lower(address));
    if (!s.row()) return std::nullopt;
    return Feedback{sdk::ascii_lower(address), s.bytes(0), s.integer_at(1), s.bytes(2),
                    s.bytes(3)};
}

} // namespace renraku::core
