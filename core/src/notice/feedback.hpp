#pragma once
// What comes back after a notice: delivery status notifications (RFC 3464, inside a
// multipart/report, RFC 6522) that say a mailbox failed, and replies quoting our tracking
// number. Read as hostile input: bounded, and nothing in them is trusted but what the ledger
// confirms (a tracking number we issued).

#include "../ledger/ledger.hpp"

#include <string>
#include <vector>

namespace renraku::core::notice {

struct Returned {
    std::vector<Feedback> feedback; // what the message says, ready for the ledger
    std::string summary;            // one line for the user
};

/// Read one message. `now` is used when the message has no readable Date.
Returned read_returned(const std::string& message, Ledger& ledger, std::int64_t now);

} // namespace renraku::core::notice
