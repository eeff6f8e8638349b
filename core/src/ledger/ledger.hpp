#pragma once
// The memory of what was told to whom: tracking numbers (unique, never reused, reserved once
// per incident and recipient), the messages of each case (the first notice, follow-ups to the
// next party, inaccuracy reports), when each was drafted, test-sent and sent, and what came back
// (bounces, replies). One SQLite file under the XDG data folder; each change is one
// transaction, so a process killed mid-run leaves it consistent.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace renraku::core {

namespace sqlite {
template <class Error> class Database;
}

class LedgerError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// What came back about a message.
enum class FeedbackKind {
    bounced,    ///< a permanent failure (5.x.x)
    deferred,   ///< a temporary one (4.x.x)
    answered,   ///< a reply from a recipient
    unverified, ///< a reply from someone we did not write to: kept, weighs nothing
};
/// "bounced", ... as the ledger stores it and the outputs write it.
const char* feedback_kind_name(FeedbackKind k);
/// Read back from the ledger; anything unknown is unverified (weighs nothing).
FeedbackKind feedback_kind_of(std::string_view text);

/// What a message of a case is.
enum class MessageKind {
    notice,     ///< the first notice (hop 0)
    followup,   ///< a follow-up to the next party
    inaccuracy, ///< an inaccuracy report to a registry (a form filed by hand)
    form,       ///< a notice to a desk that takes its web form only (submitted by hand)
};
const char* message_kind_name(MessageKind k);
MessageKind message_kind_of(std::string_view text); // anything unknown: notice

/// Where a case's message stands.
enum class CaseState { drafted, sent, bounced, answered, silent, submitted };
const char* case_state_name(CaseState s);
/// nullopt for a word that is not a state (for `ledger --state`).
std::optional<CaseState> case_state_of(std::string_view text);

struct Feedback {
    std::string address;
    FeedbackKind kind = FeedbackKind::unverified;
    std::int64_t at = 0; // when renraku read it (never the message's own Date:)
    std::string tracking;
    std::string detail; // a DSN's status and diagnostic, a reply's subject
    std::string raw;    // the message itself (at most 64 KiB), for an inaccuracy report
};

/// One message of a case: the first notice (hop 0), a follow-up to the next party, an
/// inaccuracy report to a registry.
struct MessageRecord {
    std::string tracking;
    int hop = 0;
    MessageKind kind = MessageKind::notice;
    std::string recipient;       // the To address, lower case
    std::vector<std::string> cc; // the Cc addresses, lower case
    std::vector<std::string> indicators;
    std::string message_id; // without <>; empty until written
    std::string incident;   // the incident file it came from
    std::string folder;     // its draft folder
    std::int64_t written = 0;
    std::optional<std::int64_t> sent; // sent for real (a test send is not)
    std::optional<std::int64_t> test_sent;
};

/// The state of a message as the ledger view shows it.
struct MessageState {
    MessageRecord message;
    CaseState state = CaseState::drafted;
    std::optional<Feedback> last_feedback;
};

class Ledger {
  public:
    /// $XDG_DATA_HOME/renraku/ledger.sqlite (~/.local/share/renraku/ledger.sqlite).
    static std::filesystem::path default_file();

    /// Open or create (an older ledger is brought up to date). Throws LedgerError naming the
    /// file.
    explicit Ledger(const std::filesystem::path& file);
    ~Ledger();
    Ledger(const Ledger&) = delete;
    Ledger& operator=(const Ledger&) = delete;

    /// The next tracking number of `prefix`: "PREFIX#00000001-K7QF3M", "PREFIX#00000002-...":
    /// a counter for people to order them by, and six random characters so that nobody who
    /// has seen one can guess another (feedback counts only for numbers the ledger issued).
    std::string next_tracking(const std::string& prefix);
    /// The tracking number of (incident, recipient): the one reserved before, else a new one
    /// reserved now. Drafting the same incident again keeps its numbers.
    std::string reserve(const std::string& incident, const std::string& recipient,
                        const std::string& prefix);
    /// The number reserved for (incident, recipient), if any.
    std::optional<std::string> reserved(const std::string& incident, const std::string& recipient);

    /// A message was drafted (or drafted again: its record is replaced).
    void record_draft(const MessageRecord& m);
    /// Compatibility with the first ledger's callers: hop 0 of `tracking`.
    void record_notice(const std::string& tracking, const std::string& recipient,
                       const std::vector<std::string>& cc,
                       const std::vector<std::string>& indicators, std::int64_t at,
                       const std::string& message_id = {});
    /// It was sent for real, as the message `message_id`.
    void record_sent(const std::string& tracking, int hop, std::int64_t at,
                     const std::string& message_id = {});
    void record_sent(const std::string& tracking, std::int64_t at) { record_sent(tracking, 0, at); }
    /// It was sent to a test address of ours.
    void record_test(const std::string& tracking, int hop, const std::string& address,
                     std::int64_t at);

    std::optional<MessageRecord> message(const std::string& tracking, int hop = 0);
    /// Every message of a case, first hop first.
    std::vector<MessageRecord> messages_of(const std::string& tracking);
    /// The message written with this Message-ID (without <>).
    std::optional<MessageRecord> message_by_id(const std::string& message_id);
    /// Every message, newest case first (the ledger view).
    std::vector<MessageRecord> all_messages();

    /// When `recipient` was last sent a notice naming `indicator`, and its tracking number.
    std::optional<std::pair<std::int64_t, std::string>> last_sent_to(const std::string& recipient,
                                                                     const std::string& indicator);
    std::optional<std::int64_t> last_sent(const std::string& recipient,
                                          const std::string& indicator);

    /// Keep `f`; false when the same report about the same address was kept before (a
    /// delivery report read twice counts once).
    bool record_feedback(const Feedback& f);
    /// The latest delivery report that bounced `address` for `tracking`, as received.
    std::optional<Feedback> bounce_of(const std::string& tracking, const std::string& address);
    /// The latest feedback about an address (lower case) that weighs (not "unverified").
    std::optional<Feedback> feedback_for(const std::string& address);
    /// Every feedback about an address, newest first (at most `limit`).
    std::vector<Feedback> feedback_history(const std::string& address, std::size_t limit = 50);

    /// The state of a message: drafted, sent, bounced (its To bounced permanently since it was
    /// sent), answered, or silent (sent, no answer, more than `silent_after_days` ago).
    MessageState state_of(const MessageRecord& m, std::int64_t now, int silent_after_days);

    const std::filesystem::path& file() const;

  private:
    void migrate();
    std::unique_ptr<sqlite::Database<LedgerError>> db_;
};

} // namespace renraku::core
