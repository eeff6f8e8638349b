#pragma once
// What comes back after a notice: delivery status notifications (RFC 3464, inside a
// multipart/report, RFC 6522) that say a mailbox failed, and replies quoting our tracking
// number. Read as hostile input: bounded, and nothing in them is trusted but what the ledger
// confirms. A message counts only when it quotes the tracking number or Message-ID of a notice
// the ledger holds as sent, and only for the addresses that notice went to: a bounce of anyone
// else, a reply from anyone else, a number never issued or never sent change no score. Its time
// is when it was read, never its own Date:.

#include "../ledger/ledger.hpp"

#include <string>
#include <vector>

namespace renraku::core::notice {

struct Returned {
    std::vector<Feedback> feedback;   // accepted: ready for the ledger, and weighs in scoring
    std::vector<Feedback> unverified; // kept in the ledger, weighs nothing (a reply from someone
                                      // we did not write to)
    std::vector<std::string> ignored; // what was not taken, and why (at most 20 lines)
    std::string summary;              // one line for the user
};

/// Read one message, at time `now` (what the ledger records).
Returned read_returned(const std::string& message, Ledger& ledger, std::int64_t now);

} // namespace renraku::core::notice
