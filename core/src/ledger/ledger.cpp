#include "ledger.hpp"
#include "mailbox_history.hpp"

#include "../util/paths.hpp"
#include "../util/random.hpp"
#include "../util/sqlite_file.hpp"

#include "renraku/sdk/text.hpp"

#include <cstdio>
#include <cstdlib>

namespace fs = std::filesystem;

namespace renraku::core {

namespace {

const char* const kSchema = R"(
CREATE TABLE IF NOT EXISTS counters(prefix TEXT PRIMARY KEY, last INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS reservations(incident TEXT NOT NULL, recipient TEXT NOT NULL,
  tracking TEXT NOT NULL, PRIMARY KEY(incident, recipient));
CREATE TABLE IF NOT EXISTS messages(tracking TEXT NOT NULL, hop INTEGER NOT NULL,
  kind TEXT NOT NULL, recipient TEXT NOT NULL, written INTEGER NOT NULL, sent INTEGER,
  test_sent INTEGER, message_id TEXT, incident TEXT, folder TEXT,
  PRIMARY KEY(tracking, hop));
CREATE INDEX IF NOT EXISTS messages_by_id ON messages(message_id);
CREATE TABLE IF NOT EXISTS message_recipients(tracking TEXT NOT NULL, hop INTEGER NOT NULL,
  address TEXT NOT NULL, kind TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS recipients_by_message ON message_recipients(tracking, hop);
CREATE TABLE IF NOT EXISTS test_sends(tracking TEXT NOT NULL, hop INTEGER NOT NULL,
  address TEXT NOT NULL, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS told(tracking TEXT NOT NULL, recipient TEXT NOT NULL,
  indicator TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS told_by_recipient ON told(recipient, indicator);
CREATE TABLE IF NOT EXISTS feedback(address TEXT NOT NULL, kind TEXT NOT NULL,
  at INTEGER NOT NULL, tracking TEXT, detail TEXT);
CREATE INDEX IF NOT EXISTS feedback_by_address ON feedback(address, at);
)";

using Stmt = sqlite::Statement<LedgerError>;

const char* const kMessageColumns =
    "tracking, hop, kind, recipient, written, sent, test_sent, message_id, incident, folder";

} // namespace

fs::path Ledger::default_file() {
    return paths::user_data().dir / "ledger.sqlite";
}

Ledger::Ledger(const fs::path& file)
    : db_(std::make_unique<sqlite::Database<LedgerError>>(file, "ledger", 10000)) {
    db_->exec(kSchema);
    migrate();
    // Columns added since: an older file gains them.
    bool raw = false;
    Stmt info(*db_, "SELECT name FROM pragma_table_info('feedback')");
    while (info.row())
        raw |= info.bytes(0) == "raw";
    if (!raw) db_->exec("ALTER TABLE feedback ADD COLUMN raw TEXT");
}

Ledger::~Ledger() = default;

const fs::path& Ledger::file() const {
    return db_->file();
}

// The first ledgers kept one notice per tracking number in `notices` (and, for a while, its
// recipients in `notice_recipients`): each becomes hop 0 of its case.
void Ledger::migrate() {
    auto has_table = [&](const char* name) {
        Stmt s(*db_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
        s.text(1, name);
        return s.row();
    };
    if (!has_table("notices")) return;
    auto has_column = [&](const char* table, const char* column) {
        Stmt s(*db_, (std::string("SELECT name FROM pragma_table_info('") + table + "')").c_str());
        while (s.row())
            if (s.bytes(0) == column) return true;
        return false;
    };
    db_->transaction([&] {
        std::string id = has_column("notices", "message_id") ? "message_id" : "''";
        db_->exec(("INSERT OR IGNORE INTO messages(tracking, hop, kind, recipient, written, sent, "
                   "message_id, incident, folder) SELECT tracking, 0, 'notice', recipient, "
                   "written, sent, " +
                   id + ", '', '' FROM notices")
                      .c_str());
        if (has_table("notice_recipients")) {
            db_->exec("INSERT INTO message_recipients(tracking, hop, address, kind) "
                      "SELECT tracking, 0, address, kind FROM notice_recipients");
            db_->exec("DROP TABLE notice_recipients");
        } else {
            db_->exec("INSERT INTO message_recipients(tracking, hop, address, kind) "
                      "SELECT tracking, 0, recipient, 'to' FROM notices");
        }
        db_->exec("DROP TABLE notices");
    });
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

std::optional<std::string> Ledger::reserved(const std::string& incident,
                                            const std::string& recipient) {
    Stmt s(*db_, "SELECT tracking FROM reservations WHERE incident = ?1 AND recipient = ?2");
    s.text(1, incident).text(2, sdk::ascii_lower(recipient));
    if (!s.row()) return std::nullopt;
    return s.bytes(0);
}

std::string Ledger::reserve(const std::string& incident, const std::string& recipient,
                            const std::string& prefix) {
    if (auto known = reserved(incident, recipient)) return *known;
    std::string tracking = next_tracking(prefix);
    db_->transaction([&] {
        Stmt(*db_, "INSERT OR IGNORE INTO reservations(incident, recipient, tracking) "
                   "VALUES(?1, ?2, ?3)")
            .text(1, incident)
            .text(2, sdk::ascii_lower(recipient))
            .text(3, tracking)
            .run();
    });
    // Another process may have reserved it a moment before: its number is the one.
    return reserved(incident, recipient).value_or(tracking);
}

void Ledger::record_draft(const MessageRecord& m) {
    db_->transaction([&] {
        // Drafted again: the record is replaced, what was sent or test-sent is kept.
        Stmt old(*db_, "SELECT sent, test_sent FROM messages WHERE tracking = ?1 AND hop = ?2");
        old.text(1, m.tracking).integer(2, m.hop);
        std::optional<std::int64_t> sent = m.sent;
        std::optional<std::int64_t> test_sent = m.test_sent;
        if (old.row()) {
            if (!sent && !old.null_at(0)) sent = old.integer_at(0);
            if (!test_sent && !old.null_at(1)) test_sent = old.integer_at(1);
        }
        Stmt ins(*db_, "INSERT OR REPLACE INTO messages(tracking, hop, kind, recipient, written, "
                       "sent, test_sent, message_id, incident, folder) "
                       "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
        ins.text(1, m.tracking)
            .integer(2, m.hop)
            .text(3, message_kind_name(m.kind))
            .text(4, sdk::ascii_lower(m.recipient))
            .integer(5, m.written)
            .text(8, m.message_id)
            .text(9, m.incident)
            .text(10, m.folder);
        if (sent) ins.integer(6, *sent);
        if (test_sent) ins.integer(7, *test_sent);
        ins.run();
        Stmt(*db_, "DELETE FROM message_recipients WHERE tracking = ?1 AND hop = ?2")
            .text(1, m.tracking)
            .integer(2, m.hop)
            .run();
        Stmt r(*db_, "INSERT INTO message_recipients(tracking, hop, address, kind) "
                     "VALUES(?1, ?2, ?3, ?4)");
        r.text(1, m.tracking)
            .integer(2, m.hop)
            .text(3, sdk::ascii_lower(m.recipient))
            .text(4, "to")
            .run();
        for (const auto& c : m.cc)
            r.reset()
                .text(1, m.tracking)
                .integer(2, m.hop)
                .text(3, sdk::ascii_lower(c))
                .text(4, "cc")
                .run();
        Stmt(*db_, "DELETE FROM told WHERE tracking = ?1 AND recipient = ?2")
            .text(1, m.tracking)
            .text(2, sdk::ascii_lower(m.recipient))
            .run();
        Stmt t(*db_, "INSERT INTO told(tracking, recipient, indicator) VALUES(?1, ?2, ?3)");
        for (const auto& ind : m.indicators)
            t.reset().text(1, m.tracking).text(2, sdk::ascii_lower(m.recipient)).text(3, ind).run();
    });
}

void Ledger::record_notice(const std::string& tracking, const std::string& recipient,
                           const std::vector<std::string>& cc,
                           const std::vector<std::string>& indicators, std::int64_t at,
                           const std::string& message_id) {
    MessageRecord m;
    m.tracking = tracking;
    m.recipient = recipient;
    m.cc = cc;
    m.indicators = indicators;
    m.written = at;
    m.message_id = message_id;
    record_draft(m);
}

void Ledger::record_sent(const std::string& tracking, int hop, std::int64_t at,
                         const std::string& message_id) {
    Stmt s(*db_, "UPDATE messages SET sent = ?3, message_id = CASE WHEN ?4 = '' THEN message_id "
                 "ELSE ?4 END WHERE tracking = ?1 AND hop = ?2");
    s.text(1, tracking).integer(2, hop).integer(3, at).text(4, message_id).run();
}

void Ledger::record_test(const std::string& tracking, int hop, const std::string& address,
                         std::int64_t at) {
    db_->transaction([&] {
        Stmt(*db_, "INSERT INTO test_sends(tracking, hop, address, at) VALUES(?1, ?2, ?3, ?4)")
            .text(1, tracking)
            .integer(2, hop)
            .text(3, sdk::ascii_lower(address))
            .integer(4, at)
            .run();
        Stmt(*db_, "UPDATE messages SET test_sent = ?3 WHERE tracking = ?1 AND hop = ?2")
            .text(1, tracking)
            .integer(2, hop)
            .integer(3, at)
            .run();
    });
}

namespace {

MessageRecord read_message(sqlite::Database<LedgerError>& db, Stmt& s) {
    MessageRecord m;
    m.tracking = s.bytes(0);
    m.hop = static_cast<int>(s.integer_at(1));
    m.kind = message_kind_of(s.bytes(2));
    m.recipient = s.bytes(3);
    m.written = s.integer_at(4);
    if (!s.null_at(5)) m.sent = s.integer_at(5);
    if (!s.null_at(6)) m.test_sent = s.integer_at(6);
    m.message_id = s.bytes(7);
    m.incident = s.bytes(8);
    m.folder = s.bytes(9);
    Stmt cc(db, "SELECT address FROM message_recipients WHERE tracking = ?1 AND hop = ?2 AND "
                "kind = 'cc' ORDER BY rowid");
    cc.text(1, m.tracking).integer(2, m.hop);
    while (cc.row())
        m.cc.push_back(cc.bytes(0));
    Stmt told(db,
              "SELECT indicator FROM told WHERE tracking = ?1 AND recipient = ?2 ORDER BY rowid");
    told.text(1, m.tracking).text(2, m.recipient);
    while (told.row())
        m.indicators.push_back(told.bytes(0));
    return m;
}

} // namespace

std::optional<MessageRecord> Ledger::message(const std::string& tracking, int hop) {
    Stmt s(*db_, (std::string("SELECT ") + kMessageColumns +
                  " FROM messages WHERE tracking = ?1 AND hop = ?2")
                     .c_str());
    s.text(1, tracking).integer(2, hop);
    if (!s.row()) return std::nullopt;
    return read_message(*db_, s);
}

std::vector<MessageRecord> Ledger::messages_of(const std::string& tracking) {
    std::vector<MessageRecord> out;
    Stmt s(*db_, (std::string("SELECT ") + kMessageColumns +
                  " FROM messages WHERE tracking = ?1 ORDER BY hop")
                     .c_str());
    s.text(1, tracking);
    while (s.row())
        out.push_back(read_message(*db_, s));
    return out;
}

std::optional<MessageRecord> Ledger::message_by_id(const std::string& message_id) {
    if (message_id.empty()) return std::nullopt;
    Stmt s(*db_, (std::string("SELECT ") + kMessageColumns + " FROM messages WHERE message_id = ?1")
                     .c_str());
    s.text(1, message_id);
    if (!s.row()) return std::nullopt;
    return read_message(*db_, s);
}

std::vector<MessageRecord> Ledger::all_messages() {
    std::vector<MessageRecord> out;
    Stmt s(*db_, (std::string("SELECT ") + kMessageColumns +
                  " FROM messages ORDER BY (SELECT MAX(m2.written) FROM messages m2 WHERE "
                  "m2.tracking = messages.tracking) DESC, tracking, hop")
                     .c_str());
    while (s.row())
        out.push_back(read_message(*db_, s));
    return out;
}

std::optional<std::pair<std::int64_t, std::string>>
Ledger::last_sent_to(const std::string& recipient, const std::string& indicator) {
    Stmt s(*db_, "SELECT m.sent, m.tracking FROM told t JOIN messages m ON m.tracking = "
                 "t.tracking AND m.recipient = t.recipient WHERE t.recipient = ?1 AND "
                 "t.indicator = ?2 AND m.sent IS NOT NULL ORDER BY m.sent DESC LIMIT 1");
    s.text(1, sdk::ascii_lower(recipient)).text(2, indicator);
    if (!s.row() || s.null_at(0)) return std::nullopt;
    return std::make_pair(s.integer_at(0), s.bytes(1));
}

std::optional<std::int64_t> Ledger::last_sent(const std::string& recipient,
                                              const std::string& indicator) {
    auto s = last_sent_to(recipient, indicator);
    if (!s) return std::nullopt;
    return s->first;
}

bool Ledger::record_feedback(const Feedback& f) {
    std::string raw = f.raw.substr(0, 64 * 1024);
    if (!raw.empty()) {
        Stmt seen(*db_, "SELECT 1 FROM feedback WHERE address = ?1 AND kind = ?2 AND "
                        "tracking = ?3 AND raw = ?4 LIMIT 1");
        seen.text(1, sdk::ascii_lower(f.address))
            .text(2, feedback_kind_name(f.kind))
            .text(3, f.tracking)
            .text(4, raw);
        if (seen.row()) return false;
    }
    Stmt s(*db_, "INSERT INTO feedback(address, kind, at, tracking, detail, raw) "
                 "VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    s.text(1, sdk::ascii_lower(f.address))
        .text(2, feedback_kind_name(f.kind))
        .integer(3, f.at)
        .text(4, f.tracking)
        .text(5, f.detail)
        .text(6, raw)
        .run();
    return true;
}

std::optional<Feedback> Ledger::bounce_of(const std::string& tracking, const std::string& address) {
    Stmt s(*db_, "SELECT kind, at, tracking, detail, raw FROM feedback WHERE address = ?1 AND "
                 "tracking = ?2 AND kind IN ('bounced', 'deferred') ORDER BY at DESC, rowid DESC "
                 "LIMIT 1");
    s.text(1, sdk::ascii_lower(address)).text(2, tracking);
    if (!s.row()) return std::nullopt;
    return Feedback{sdk::ascii_lower(address),
                    feedback_kind_of(s.bytes(0)),
                    s.integer_at(1),
                    s.bytes(2),
                    s.bytes(3),
                    s.bytes(4)};
}

std::optional<Feedback> Ledger::feedback_for(const std::string& address) {
    Stmt s(*db_, "SELECT kind, at, tracking, detail FROM feedback WHERE address = ?1 AND "
                 "kind != 'unverified' ORDER BY at DESC, rowid DESC LIMIT 1");
    s.text(1, sdk::ascii_lower(address));
    if (!s.row()) return std::nullopt;
    return Feedback{sdk::ascii_lower(address),
                    feedback_kind_of(s.bytes(0)),
                    s.integer_at(1),
                    s.bytes(2),
                    s.bytes(3),
                    {}};
}

std::vector<Feedback> Ledger::feedback_history(const std::string& address, std::size_t limit) {
    std::vector<Feedback> out;
    Stmt s(*db_, "SELECT kind, at, tracking, detail FROM feedback WHERE address = ?1 "
                 "ORDER BY at DESC, rowid DESC LIMIT ?2");
    s.text(1, sdk::ascii_lower(address)).integer(2, static_cast<std::int64_t>(limit));
    while (s.row())
        out.push_back({sdk::ascii_lower(address),
                       feedback_kind_of(s.bytes(0)),
                       s.integer_at(1),
                       s.bytes(2),
                       s.bytes(3),
                       {}});
    return out;
}

MessageState Ledger::state_of(const MessageRecord& m, std::int64_t now, int silent_after_days) {
    MessageState st;
    st.message = m;
    if (!m.sent) {
        st.state = CaseState::drafted;
        return st;
    }
    // A form filed by hand (an inaccuracy report) has no answer to wait for here.
    if (m.kind == MessageKind::inaccuracy || m.kind == MessageKind::form) {
        st.state = CaseState::submitted;
        return st;
    }
    st.state = CaseState::sent;
    // What came back about this case's message to this recipient, after it was sent: the
    // latest answer or bounce, or enough temporary failures to count as one.
    Stmt s(*db_, "SELECT kind, at, tracking, detail FROM feedback WHERE address = ?1 AND "
                 "tracking = ?2 AND at >= ?3 AND kind IN ('bounced', 'answered', 'deferred') "
                 "ORDER BY at DESC, rowid DESC LIMIT ?4");
    s.text(1, m.recipient).text(2, m.tracking).integer(3, *m.sent).integer(4, kDeferralsAsBounce);
    std::vector<Feedback> latest; // newest first
    while (s.row())
        latest.push_back({m.recipient,
                          feedback_kind_of(s.bytes(0)),
                          s.integer_at(1),
                          s.bytes(2),
                          s.bytes(3),
                          {}});
    if (!latest.empty()) {
        st.last_feedback = latest.front();
        if (latest.front().kind != FeedbackKind::deferred) {
            st.state = latest.front().kind == FeedbackKind::answered ? CaseState::answered
                                                                     : CaseState::bounced;
            return st;
        }
        int in_a_row = 0;
        for (const auto& f : latest) {
            if (f.kind != FeedbackKind::deferred) break;
            ++in_a_row;
        }
        // A temporary failure or two: still in the post.
        if (in_a_row >= kDeferralsAsBounce) st.state = CaseState::bounced;
        return st;
    }
    if (silent_after_days > 0 && now - *m.sent > silent_after_days * 86400LL)
        st.state = CaseState::silent;
    return st;
}

const char* feedback_kind_name(FeedbackKind k) {
    switch (k) {
    case FeedbackKind::bounced:
        return "bounced";
    case FeedbackKind::deferred:
        return "deferred";
    case FeedbackKind::answered:
        return "answered";
    case FeedbackKind::unverified:
        return "unverified";
    }
    return "unverified";
}

FeedbackKind feedback_kind_of(std::string_view text) {
    for (auto k : {FeedbackKind::bounced, FeedbackKind::deferred, FeedbackKind::answered})
        if (text == feedback_kind_name(k)) return k;
    return FeedbackKind::unverified;
}

const char* message_kind_name(MessageKind k) {
    switch (k) {
    case MessageKind::notice:
        return "notice";
    case MessageKind::followup:
        return "followup";
    case MessageKind::inaccuracy:
        return "inaccuracy";
    case MessageKind::form:
        return "form_notice";
    }
    return "notice";
}

MessageKind message_kind_of(std::string_view text) {
    if (text == "followup") return MessageKind::followup;
    // "form": what earlier ledgers called an inaccuracy report's packet.
    if (text == "inaccuracy" || text == "form") return MessageKind::inaccuracy;
    if (text == "form_notice") return MessageKind::form;
    return MessageKind::notice;
}

const char* case_state_name(CaseState s) {
    switch (s) {
    case CaseState::drafted:
        return "drafted";
    case CaseState::sent:
        return "sent";
    case CaseState::bounced:
        return "bounced";
    case CaseState::answered:
        return "answered";
    case CaseState::silent:
        return "silent";
    case CaseState::submitted:
        return "submitted";
    }
    return "drafted";
}

std::optional<CaseState> case_state_of(std::string_view text) {
    for (auto s : {CaseState::drafted, CaseState::sent, CaseState::bounced, CaseState::answered,
                   CaseState::silent, CaseState::submitted})
        if (text == case_state_name(s)) return s;
    return std::nullopt;
}

} // namespace renraku::core
