// renraku followup: the next hop of cases whose notice bounced or went unanswered.

#include "../workflow/followup.hpp"
#include "commands.hpp"
#include "renraku/sdk/text.hpp"

#include <chrono>
#include <iostream>

namespace renraku::core {

int run_followup(const FollowupArgs& args) {
    Runtime rt;
    try {
        rt = prepare_runtime(args.config, Selection{});
    } catch (const ConfigError& e) {
        return usage_error(e.what());
    }
    workflow::FollowupOptions o;
    o.tracking = args.tracking;
    o.incident = args.incident;
    o.out = args.out;
    o.lang = args.lang;
    auto now = std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    workflow::FollowupReport r;
    try {
        r = workflow::follow_up(rt, o, now);
    } catch (const workflow::DraftError& e) {
        return usage_error(e.what());
    }
    for (const auto& f : r.drafted) {
        const auto& n = f.notice;
        std::cout << n.folder.meta["tracking"].get<std::string>() << " hop "
                  << n.folder.meta["hop"].get<int>() << "  " << n.folder.dir.string() << "\n"
                  << "  To: " << sdk::sanitize(n.draft.to.email) << "  (" << f.step << ")\n"
                  << "  after: " << sdk::sanitize(n.draft.previous_recipient) << ", "
                  << sdk::sanitize(n.draft.previous_reason, 200) << "\n";
        for (const auto& c : n.draft.cc)
            std::cout << "  Cc: " << sdk::sanitize(c.email) << "\n";
        for (const auto& l : n.leaks.findings)
            std::cout << "  leak scan: " << l.part << ":" << l.line << ": " << sdk::sanitize(l.item)
                      << ": " << l.why << "\n";
        std::cout << "\n";
    }
    for (const auto& i : r.inaccuracy)
        std::cout << i.tracking << " inaccuracy report for " << sdk::sanitize(i.registry) << "  "
                  << i.folder.string() << "\n  the bounced mailbox " << sdk::sanitize(i.mailbox)
                  << "; submit by hand at " << (i.url.empty() ? "(no form known)" : i.url)
                  << ", then: renraku ledger --submitted " << i.tracking << "\n\n";
    for (const auto& [tracking, why] : r.nothing)
        std::cout << "no follow-up for " << tracking << ": " << sdk::sanitize(why, 300) << "\n";
    if (!r.drafted.empty())
        std::cerr << "renraku: " << r.drafted.size() << " follow-up(s) drafted in "
                  << r.out.string() << "; nothing sent (renraku notice --send " << r.out.string()
                  << ")\n";
    return r.exit_code;
}

} // namespace renraku::core
