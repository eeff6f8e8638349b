#pragma once
// What came back from our own notices about a mailbox, as the engine weighs it before scoring.
// Where it comes from (the ledger) is decided by the runtime; the engine only asks.

#include <string>

namespace renraku::core {

struct MailboxVerdict {
    std::string signal; // "mailbox_bounced", "mailbox_answered", or empty
    std::string caveat; // the plain-language why, with the date and our notice
};

class ContactHistory {
  public:
    virtual ~ContactHistory() = default;
    /// The verdict on one mailbox; an empty signal when nothing is known or it cannot be read.
    virtual MailboxVerdict verdict(const std::string& mailbox) = 0;
    /// A new run begins: what was kept from an earlier one is read again (a server's runs see
    /// the feedback recorded between them).
    virtual void new_run() {}
};

} // namespace renraku::core
