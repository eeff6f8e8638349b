#pragma once
// The memory of what was told to whom: tracking numbers (unique, never reused), notices written
// and sent, and what came back (bounces, replies). One SQLite file under the XDG data folder;
// each change is one transaction, so a process killed mid-run leaves it consistent.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace renraku::core {

namespace sqlite {
template <class Error> class Database;
}

class LedgerError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct Feedback {
    std::string address;
    std::string kind; // "bounced", "answered", or "unverified" (kept, weighs nothing)
    std::int64_t at = 0; // when renraku read it (never the message's own Date:)
    std::string tracking;
    std::string detail; // a DSN's status and diagnostic, a reply's subject
};

/// One notice as the ledger holds it.
struct NoticeRecord {
    std::string tracking;
    std::string recipient;               // the To address, lower case
    std::vector<std::string> cc;         // the Cc addresses, lower case
    std::string message_id;              // without <>; empty until written
    std::int64_t written = 0;
    std::optional<std::int64_t> sent;    // sent for real (a test send is not)
};

class Ledger {
  public:
    /// $XDG_DATA_HOME/renraku/ledger.sqlite (~/.local/share/renraku/ledger.sqlite).
    static std::filesystem::path default_file();

    /// Open or create. Throws LedgerError naming the file.
    explicit Ledger(const std::filesystem::path& file);
    ~Ledger();
    Ledger(const Ledger&) = delete;
    Ledger& operator=(const Ledger&) = delete;

    /// The next tracking number of `prefix`: "PREFIX#00000001-K7QF3M", "PREFIX#00000002-...":
    /// a counter for people to order them by, and six random characters so that nobody who
    /// has seen one can guess another (feedback counts only for numbers the ledger issued).
    std::string next_tracking(const std::string& prefix);
    /// A notice was written for `recipient` (To) and `cc` about `indicators`, as the message
    /// `message_id` (without <>).
    void record_notice(const std::string& tracking, const std::string& recipient,
                       const std::vector<std::string>& cc,
                       const std::vector<std::string>& indicators, std::int64_t at,
                       const std::string& message_id = {});
    /// The notice of a tracking number we issued; nullopt for any other.
    std::optional<NoticeRecord> notice(const std::string& tracking);
    /// The notice written as the message with this Message-ID (without <>).
    std::optional<NoticeRecord> notice_by_message_id(const std::string& message_id);
    /// It was sent (not to a test address).
    void record_sent(const std::string& tracking, std::int64_t at);
    /// When `recipient` was last sent a notice naming `indicator`.
    std::optional<std::int64_t> last_sent(const std::string& recipient,
                                          const std::string& indicator);

    void record_feedback(const Feedback& f);
    /// The latest feedback about an address (lower case).
    std::optional<Feedback> feedback_for(const std::string& address);

    const std::filesystem::path& file() const;

  private:
    std::unique_ptr<sqlite::Database<LedgerError>> db_;
};

} // namespace renraku::core
