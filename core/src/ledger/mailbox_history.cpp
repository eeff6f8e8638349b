#include "mailbox_history.hpp"

#include "../util/clock_text.hpp"

namespace renraku::core {

namespace {

std::string ref(const Feedback& f) {
    return f.tracking.empty() ? "" : " (our notice " + f.tracking + ")";
}

} // namespace

MailboxVerdict mailbox_verdict(Ledger& ledger, const std::string& address) {
    MailboxVerdict v;
    int deferred = 0;
    auto history = ledger.feedback_history(address, 20); // newest first
    for (const auto& f : history) {
        if (f.kind == FeedbackKind::answered) {
            // Seen working: what came before no longer counts.
            if (deferred == 0) {
                v.signal = "mailbox_answered";
                v.caveat = "answered our notice on " + utc_day(f.at) + ref(f);
            }
            return v;
        }
        if (f.kind == FeedbackKind::bounced) {
            v.signal = "mailbox_bounced";
            v.caveat =
                "mail to this address bounced on " + utc_day(f.at) + ref(f) + ": " + f.detail;
            return v;
        }
        if (f.kind == FeedbackKind::deferred) {
            ++deferred;
            if (deferred >= kDeferralsAsBounce) {
                v.signal = "mailbox_bounced";
                v.caveat = "mail to this address failed temporarily " + std::to_string(deferred) +
                           " times, the last on " + utc_day(history.front().at) +
                           ref(history.front()) + ": " + history.front().detail;
                return v;
            }
        }
    }
    return v;
}

void LedgerHistory::new_run() {
    std::lock_guard lock(mutex_);
    kept_.clear();
}

MailboxVerdict LedgerHistory::verdict(const std::string& mailbox) {
    {
        std::lock_guard lock(mutex_);
        if (auto it = kept_.find(mailbox); it != kept_.end()) return it->second;
    }
    MailboxVerdict v;
    try {
        v = mailbox_verdict(ledger_, mailbox);
    } catch (const LedgerError&) {
        return {}; // a ledger that cannot be read says nothing
    }
    std::lock_guard lock(mutex_);
    if (kept_.size() > 100000) kept_.clear();
    kept_[mailbox] = v;
    return v;
}

} // namespace renraku::core
