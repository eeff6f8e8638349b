#pragma once
// What our own notices learned about a mailbox: it bounced (permanently, or temporarily three
// times running), or it answered. A permanent bounce counts until the mailbox is seen working
// again (it answers a later notice); a temporary one counts only when it happens again and again.

#include "../model/contact_history.hpp"
#include "ledger.hpp"

#include <mutex>
#include <string>
#include <unordered_map>

namespace renraku::core {

/// The verdict on `address` from the ledger's feedback about it.
MailboxVerdict mailbox_verdict(Ledger& ledger, const std::string& address);

/// The ledger as the lookups' contact history.
class LedgerHistory : public ContactHistory {
  public:
    explicit LedgerHistory(Ledger& ledger) : ledger_(ledger) {}
    MailboxVerdict verdict(const std::string& mailbox) override;
    void new_run() override;

  private:
    Ledger& ledger_;
    // A batch asks about the same few mailboxes over and over: each verdict is read once a run.
    std::mutex mutex_;
    std::unordered_map<std::string, MailboxVerdict> kept_;
};

/// Temporary failures in a row that count as a bounce.
inline constexpr int kDeferralsAsBounce = 3;

} // namespace renraku::core
