#include "ledger_view.hpp"

#include "../util/clock_text.hpp"

namespace renraku::core::workflow {

std::vector<MessageState> ledger_view(Ledger& ledger, std::optional<CaseState> state,
                                      std::int64_t now, int silent_after_days) {
    std::vector<MessageState> out;
    for (const auto& m : ledger.all_messages()) {
        auto s = ledger.state_of(m, now, silent_after_days);
        if (!state || s.state == *state) out.push_back(std::move(s));
    }
    return out;
}

nlohmann::ordered_json state_json(const MessageState& s) {
    const auto& m = s.message;
    nlohmann::ordered_json j{{"tracking", m.tracking},
                             {"hop", m.hop},
                             {"kind", message_kind_name(m.kind)},
                             {"state", case_state_name(s.state)},
                             {"recipient", m.recipient},
                             {"cc", m.cc},
                             {"indicators", m.indicators},
                             {"incident", m.incident},
                             {"folder", m.folder},
                             {"drafted", utc_iso(m.written)}};
    if (m.sent) j["sent"] = utc_iso(*m.sent);
    if (m.test_sent) j["test_sent"] = utc_iso(*m.test_sent);
    if (s.last_feedback)
        j["feedback"] = {{"kind", feedback_kind_name(s.last_feedback->kind)},
                         {"at", utc_iso(s.last_feedback->at)},
                         {"detail", s.last_feedback->detail}};
    return j;
}

} // namespace renraku::core::workflow
