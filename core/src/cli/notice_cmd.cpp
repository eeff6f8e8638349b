// renraku notice: the command line of a notice campaign. `--incident` drafts (the workflow in
// workflow/notice_drafts), `--send DIR` sends the drafts as they stand (workflow/notice_send);
// this file parses, asks, and prints what the workflows report.

#include "../ledger/ledger.hpp"
#include "../notice/feedback.hpp"
#include "../runtime/runtime.hpp"
#include "../services/service_hub.hpp"
#include "../workflow/feedback_intake.hpp"
#include "../workflow/notice_drafts.hpp"
#include "../workflow/notice_send.hpp"
#include "commands.hpp"
#include "renraku/sdk/text.hpp"

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace renraku::core {

using workflow::FeedbackIntake;

namespace {

std::int64_t now_unix() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

void print_draft(const workflow::DraftedNotice& n) {
    const auto& meta = n.folder.meta;
    std::cout << meta["tracking"].get<std::string>() << "  " << n.folder.dir.string() << "\n";
    if (n.draft.to.email.empty())
        std::cout << "  To: the web form " << sdk::sanitize(n.draft.to.form)
                  << "  (a form packet, form.txt: submit it by hand, then renraku ledger "
                     "--submitted "
                  << meta["tracking"].get<std::string>() << ")\n";
    else
        std::cout << "  To: " << sdk::sanitize(n.draft.to.email)
                  << (n.draft.relay ? "  (a CSIRT, asked to relay)" : "") << "\n";
    // What the lookup said of the recipient, to read before sending (never sent).
    for (const auto& caveat : n.draft.to.caveats)
        std::cout << "  about the recipient: " << sdk::sanitize(caveat, 300) << "\n";
    if (!n.draft.cc.empty()) {
        std::cout << "  Cc:";
        for (const auto& c : n.draft.cc)
            std::cout << " " << sdk::sanitize(c.email);
        std::cout << "\n";
    }
    std::cout << "  language " << n.composed.language << "; " << n.draft.events.size()
              << " event(s) about";
    for (const auto& ind : n.draft.indicators)
        std::cout << " " << sdk::sanitize(ind);
    std::cout << "\n  " << n.signing << "; " << n.encryption << "\n";
    // Every file that goes out, and where its lines come from.
    if (!n.composed.logs.empty()) {
        std::cout << "  attached: logs.txt (" << n.composed.log_lines << " line(s), "
                  << n.composed.logs.size() << " bytes) from";
        for (const auto& [file, lines] : n.composed.log_files)
            std::cout << " " << sdk::sanitize(file) << " (" << lines << " line(s))";
        std::cout << "\n";
    }
    std::cout << "  attached: events.csv (" << n.composed.events_csv.size() << " bytes)\n";
    for (const auto& [name, text] : n.composed.xarf)
        std::cout << "  attached: " << name << " (" << text.size() << " bytes)\n";
    // What was replaced, and what goes out as it is.
    for (const auto& [from, to] : n.composed.redacted)
        std::cout << "  disclosed as " << to << ": " << sdk::sanitize(from) << "\n";
    for (const auto& d : n.leaks.disclosed)
        std::cout << "  disclosed as is: " << sdk::sanitize(d.item) << " (" << d.what << ")\n";
    for (const auto& f : n.leaks.findings)
        std::cout << "  leak scan: " << f.part << ":" << f.line << ": "
                  << sdk::sanitize(f.item, 200) << ": " << f.why << "\n";
    std::cout << "\n";
}

int run_drafts(const NoticeArgs& args) {
    Runtime rt;
    try {
        rt = prepare_runtime(args.config, Selection{});
    } catch (const ConfigError& e) {
        return usage_error(e.what());
    }
    workflow::DraftOptions o;
    o.incident = args.incident;
    o.out = args.out;
    o.lang = args.lang;
    o.strict = args.strict;
    o.again = args.again;
    o.allow_outside = args.allow_outside;
    workflow::DraftReport r;
    try {
        r = workflow::draft_notices(rt, o, now_unix());
    } catch (const workflow::DraftError& e) {
        return usage_error(e.what());
    }
    if (r.refused) {
        for (const auto& [w, who] : r.warnings)
            if (!who.empty()) std::cerr << "renraku: error: " << sdk::sanitize(w, 400) << "\n";
        std::cerr << "renraku: the notices fail the checklist (--strict); nothing written, no "
                     "tracking number reserved\n";
        return r.exit_code;
    }
    for (const auto& n : r.written)
        print_draft(n);
    for (const auto& s : r.skipped)
        std::cout << "skipped " << sdk::sanitize(s.recipient) << ": "
                  << sdk::sanitize(s.reason, 400) << "\n";
    for (const auto& u : r.unaddressed)
        std::cout << "no notice for " << sdk::sanitize(u.indicator) << ": "
                  << sdk::sanitize(u.reason, 300) << "\n";
    if (!args.quiet) {
        // Each warning once, naming the notices it concerns.
        for (const auto& [w, who] : r.warnings) {
            std::cerr << "renraku: warning: " << sdk::sanitize(w, 400);
            if (!who.empty() && who.size() < r.written.size()) {
                std::cerr << " (";
                for (std::size_t i = 0; i < who.size(); ++i)
                    std::cerr << (i == 0 ? "" : ", ") << who[i];
                std::cerr << ")";
            }
            std::cerr << "\n";
        }
        std::size_t findings = 0;
        for (const auto& n : r.written)
            findings += n.leaks.findings.size();
        std::cerr << "renraku: " << plural(r.written.size(), "notice", "notices") << " drafted in "
                  << r.out.string() << ", " << plural(r.skipped.size(), "skipped", "skipped")
                  << ", " << plural(r.unaddressed.size(), "indicator", "indicators")
                  << " without a `to`; leak scan: " << plural(findings, "finding", "findings")
                  << "; nothing sent (renraku notice --send " << r.out.string() << ")\n";
    }
    return r.exit_code;
}

int run_send(const NoticeArgs& args) {
    Runtime rt;
    try {
        rt = prepare_runtime(args.config, Selection{});
    } catch (const ConfigError& e) {
        return usage_error(e.what());
    }
    workflow::SendOptions o;
    o.dir = args.send_dir;
    o.test_to = args.test_to;
    o.allowed.insert(args.allow.begin(), args.allow.end());
    auto confirm = [&](const workflow::SendPlan& plan) {
        std::string what = plural(plan.messages, "message", "messages") + " to " +
                           plural(plan.recipients.size(), "recipient", "recipients");
        if (!plan.test_to.empty()) what += ", every one to the test address " + plan.test_to;
        if (!plan.csirt_copies.empty() && plan.test_to.empty()) {
            what += ", CSIRT copies:";
            for (const auto& c : plan.csirt_copies)
                what += " " + c;
        }
        std::cerr << "renraku: about to send " << sdk::sanitize(what, 2000) << "\n";
        for (const auto& to : plan.recipients)
            std::cerr << "  To: " << sdk::sanitize(to) << "\n";
        if (args.yes) return true;
        if (isatty(STDIN_FILENO) == 0) {
            std::cerr << "renraku: not sent: confirm on a terminal, or give --yes\n";
            return false;
        }
        std::cerr << "Send? [y/N] " << std::flush;
        std::string answer;
        std::getline(std::cin, answer);
        return answer == "y" || answer == "Y" || answer == "yes";
    };
    workflow::SendReport r;
    try {
        r = workflow::send_drafts(rt, o, confirm, now_unix());
    } catch (const workflow::SendError& e) {
        return usage_error(e.what());
    }
    for (const auto& f : r.findings)
        std::cerr << "renraku: leak scan: " << f << "\n";
    if (!r.findings.empty())
        std::cerr << "renraku: nothing sent: edit the drafts, or allow an item as it is with "
                     "--allow ITEM\n";
    for (const auto& p : r.refused)
        std::cerr << "renraku: " << sdk::sanitize(p.tracking)
                  << " cannot be sent: " << sdk::sanitize(p.what, 400) << "\n";
    for (const auto& a : r.allowed_used)
        std::cerr << "renraku: allowed as it is: " << sdk::sanitize(a) << "\n";
    for (const auto& s : r.sent) {
        std::cerr << "renraku: sent " << s.tracking << " to " << sdk::sanitize(s.to)
                  << (r.test ? " (test)" : "");
        for (const auto& c : s.cc)
            std::cerr << ", Cc " << sdk::sanitize(c);
        std::cerr << "; " << s.signing << "\n";
    }
    for (const auto& f : r.failed)
        std::cerr << "renraku: " << f.tracking << " not sent: " << sdk::sanitize(f.what, 400)
                  << "\n";
    for (const auto& s : r.skipped)
        std::cerr << "renraku: skipped " << s.tracking << ": " << s.what << "\n";
    for (const auto& b : r.by_hand)
        std::cerr << "renraku: " << b.tracking
                  << " is a form packet, not mailed: submit form.txt by hand at "
                  << sdk::sanitize(b.what) << ", then renraku ledger --submitted " << b.tracking
                  << "\n";
    if (!args.quiet)
        std::cerr << "renraku: " << plural(r.sent.size(), "message", "messages")
                  << (r.test ? " test-sent" : " sent") << ", " << r.failed.size() << " failed, "
                  << r.skipped.size() << " skipped, " << r.refused.size() << " refused"
                  << (r.findings.empty()
                          ? std::string()
                          : "; held back by the leak scan: " +
                                plural(r.findings.size(), "finding", "findings") + " in " +
                                plural(r.drafts_with_findings, "draft", "drafts"))
                  << "\n";
    return r.exit_code;
}

} // namespace

int run_notice(const NoticeArgs& args) {
    if (args.incident.empty() == args.send_dir.empty())
        return usage_error("notice: give --incident FILE (to draft) or --send DIR (to send "
                           "drafts), one of them");
    if (!args.incident.empty()) {
        if (!args.test_to.empty() || !args.allow.empty() || args.yes)
            return usage_error("--test-to, --allow and --yes go with --send DIR");
        return run_drafts(args);
    }
    if (args.strict || !args.lang.empty() || args.again || !args.out.empty())
        return usage_error("--out, --lang, --strict and --again go with --incident FILE");
    return run_send(args);
}

std::unique_ptr<Ledger> open_ledger_of(const std::string& config_arg) {
    try {
        return std::make_unique<Ledger>(ledger_file(load_config(find_config_file(config_arg))));
    } catch (const ConfigError& e) {
        usage_error(e.what());
    } catch (const LedgerError& e) {
        usage_error(e.what());
    }
    return nullptr;
}

int run_feedback(const std::string& config_arg, const std::vector<std::string>& files) {
    auto ledger = open_ledger_of(config_arg);
    if (!ledger) return kExitUsage;
    int unread = 0;
    auto handle = [&](const std::string& name, const std::string& text) {
        FeedbackIntake r = workflow::take_feedback(text, *ledger, now_unix());
        std::string file = sdk::sanitize(name);
        for (const auto& [f, fresh] : r.taken)
            std::cout << file << ": " << (fresh ? "accepted: " : "already recorded: ")
                      << feedback_kind_name(f.kind) << " " << sdk::sanitize(f.address) << " ("
                      << f.tracking << "; " << sdk::sanitize(f.detail, 300) << ")\n";
        for (const auto& why : r.ignored)
            std::cout << file << ": ignored: " << sdk::sanitize(why, 300) << "\n";
        if (r.taken.empty() && r.ignored.empty())
            std::cout << file << ": " << sdk::sanitize(r.summary, 300) << "\n";
        if (!r.counted()) ++unread;
    };
    for (const auto& f : files) {
        std::ostringstream s;
        if (f == "-") {
            s << std::cin.rdbuf();
        } else {
            std::ifstream in(f, std::ios::binary);
            if (!in) return usage_error("feedback: cannot read \"" + f + "\"");
            s << in.rdbuf();
        }
        handle(f, s.str());
    }
    return unread == 0 ? kExitAllFound : kExitSomeMissing;
}

} // namespace renraku::core
