#pragma once
// Taking in what came back from our notices (bounces, delay reports, replies): each message read
// against the ledger, what counts recorded once, what does not said with its reason.

#include "../ledger/ledger.hpp"
#include "../notice/feedback.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace renraku::core::workflow {

struct FeedbackIntake {
    struct Taken {
        Feedback feedback;
        bool new_record = true; // false: the same report was recorded before
    };
    std::vector<Taken> taken;
    std::vector<std::string> ignored; // what was not taken, and why
    std::string summary;              // one line when nothing was taken nor ignored
    bool counted() const { return !taken.empty(); }
};

/// Read one returned message at time `now` and record what counts (and what is unverified) in
/// the ledger.
FeedbackIntake take_feedback(const std::string& message, Ledger& ledger, std::int64_t now);

} // namespace renraku::core::workflow
