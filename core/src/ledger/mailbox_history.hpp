#pragma once
// What our own notices learned about a mailbox: it bounced (permanently, or temporarily three
// times running), or it answered. A permanent bounce counts until the mailbox is seen working
// again (it answers a later notice); a temporary one counts only when it happens again and again.

#include "ledger.hpp"

#include <string>

namespace renraku::core {

struct MailboxVerdict {
    std::string signal; // "mailbox_bounced", "mailbox_answered", or empty
    std::string caveat; // the plain-language why, with the date and our notice
};

/// The verdict on `address` from the ledger's feedback about it.
MailboxVerdict mailbox_verdict(Ledger& ledger, const std::string& address);

/// Temporary failures in a row that count as a bounce.
inline constexpr int kDeferralsAsBounce = 3;

} // namespace renraku::core
