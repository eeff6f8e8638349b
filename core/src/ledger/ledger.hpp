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
    std::string kind; // "bounced" or "answered"
    std::int64_t at = 0;
    std::string tracking;
    std::string detail; // a DSN's status and diagnostic, a reply's subject
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

    /// The next tracking number of `prefix`: "PREFIX#00000001", "PREFIX#00000002", ...
    std::string next_tracking(const std::string& prefix);
    /// A notice was written for `recipient` about `indicators`.
    void record_notice(const std::string& tracking, const std::string& recipient,
                       const std::vector<std::string>& indicators, std::int64_t at);
    /// It was sent (not to a test address).
    void record_sent(const std::string& tracking, std::int64_t at);
    /// When `recipient` was last sent a notice naming `indicator`.
    std::optional<std::int64_t> last_sent(const std::string& recipient,
                                          const std::string& indicator);
    /// The recipient of a tracking number we issued.
    std::optional<std::string> recipient_of(const std::string& tracking);

    void record_feedback(const Feedback& f);
    /// The latest feedback about an address (lower case).
    std::optional<Feedback> feedback_for(const std::string& address);

    const std::filesystem::path& file() const;

  private:
    std::unique_ptr<sqlite::Database<LedgerError>> db_;
};

} // namespace renraku::core
