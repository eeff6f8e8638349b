// renraku ledger: every notice with its tracking number, recipient, incident, state and dates.

#include "../services/service_hub.hpp"

#include "../util/clock_text.hpp"
#include "../workflow/ledger_view.hpp"
#include "commands.hpp"
#include "renraku/sdk/text.hpp"

#include <chrono>
#include <filesystem>
#include <iostream>

namespace renraku::core {

int run_ledger(const LedgerArgs& args) {
    std::optional<CaseState> state;
    if (!args.state.empty()) state = case_state_of(args.state);
    if (!args.state.empty() && !state)
        return usage_error("--state: \"" + args.state +
                           "\" is not drafted, sent, bounced, answered, silent or submitted");
    if (args.format != "table" && args.format != "json")
        return usage_error("--format: \"" + args.format + "\" is not table or json");
    auto ledger = open_ledger_of(args.config);
    if (!ledger) return kExitUsage;
    auto now = std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    if (!args.submitted.empty()) {
        // A packet submitted by hand (a form, an inaccuracy report) counts as sent from now:
        // the latest of the case not sent yet.
        auto messages = ledger->messages_of(args.submitted);
        if (messages.empty())
            return usage_error("--submitted: \"" + args.submitted + "\" is not in the ledger");
        const MessageRecord* packet = nullptr;
        for (const auto& m : messages)
            if (!m.sent && (m.kind == MessageKind::inaccuracy || packet == nullptr)) packet = &m;
        if (packet == nullptr) {
            std::cout << args.submitted << ": nothing left to submit\n";
            return 1;
        }
        ledger->record_sent(packet->tracking, packet->hop, now);
        std::cout << args.submitted << " (" << message_kind_name(packet->kind) << ", hop "
                  << packet->hop << "): marked submitted\n";
        return 0;
    }
    auto rows = workflow::ledger_view(*ledger, state, now, args.silent_after_days);
    if (args.format == "json") {
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        for (const auto& r : rows)
            out.push_back(workflow::state_json(r));
        std::cout << out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                  << "\n";
        return 0;
    }
    auto day = [](std::int64_t t) { return utc_day(t); };
    std::cout << "TRACKING                 HOP   STATE     DRAFTED     SENT        RECIPIENT\n";
    for (const auto& r : rows) {
        const auto& m = r.message;
        std::string sent = m.sent ? day(*m.sent) : (m.test_sent ? "(test)" : "-");
        // A form packet (an inaccuracy report) is not a hop of the case: it is filed by hand.
        std::string hop = m.kind == MessageKind::inaccuracy ? "form" : std::to_string(m.hop);
        std::printf("%-24s %4s  %-9s %-11s %-11s %s\n", sdk::sanitize(m.tracking, 24).c_str(),
                    hop.c_str(), case_state_name(r.state), day(m.written).c_str(), sent.c_str(),
                    sdk::sanitize(m.recipient, 120).c_str());
        std::fflush(stdout);
        std::cout << "    " << sdk::sanitize(std::filesystem::path(m.incident).filename().string());
        if (r.last_feedback)
            std::cout << "; " << feedback_kind_name(r.last_feedback->kind) << " "
                      << day(r.last_feedback->at) << ": "
                      << sdk::sanitize(r.last_feedback->detail, 100);
        std::cout << "\n";
    }
    if (rows.empty())
        std::cout << "(no notice" << (args.state.empty() ? "" : " " + args.state) << ")\n";
    return 0;
}

} // namespace renraku::core
