#include "feedback_intake.hpp"

namespace renraku::core::workflow {

FeedbackIntake take_feedback(const std::string& message, Ledger& ledger, std::int64_t now) {
    auto r = notice::read_returned(message, ledger, now);
    FeedbackIntake out;
    for (const auto& f : r.unverified)
        ledger.record_feedback(f); // kept, weighs nothing
    for (auto& f : r.feedback) {
        bool fresh = ledger.record_feedback(f);
        out.taken.push_back({std::move(f), fresh});
    }
    out.ignored = std::move(r.ignored);
    out.summary = std::move(r.summary);
    return out;
}

} // namespace renraku::core::workflow
