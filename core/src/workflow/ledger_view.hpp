#pragma once
// The ledger as a view: every message of every case with its state (drafted, sent, bounced,
// answered, silent) and dates, newest case first; a form packet marked submitted by hand.

#include "../ledger/ledger.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace renraku::core::workflow {

inline constexpr int kSilentAfterDays = 7;

/// Every message, or those in `state` (nullopt for all).
std::vector<MessageState> ledger_view(Ledger& ledger, std::optional<CaseState> state,
                                      std::int64_t now, int silent_after_days = kSilentAfterDays);

/// One message's state as JSON (the API's and `ledger --format json`'s object).
nlohmann::ordered_json state_json(const MessageState& s);

} // namespace renraku::core::workflow
