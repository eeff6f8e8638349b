#pragma once
// The subcommands, each in a file of its own; main() only reads the command line.

#include "../workflow/exit_status.hpp"

#include <memory>
#include <string>
#include <vector>

namespace renraku::core {

class Ledger;

/// One clear line on stderr; returns kExitUsage.
int usage_error(const std::string& message);

/// "a,b, c" -> {"a", "b", "c"}.
std::vector<std::string> split_list(const std::string& s);

struct LookupArgs {
    std::string config;
    std::string format = "table";
    std::string sources;
    std::string group_by;
    bool offline = false;
    bool explain = false;
    bool verbose = false;
    bool ordered = false;
    bool progress = false;
    bool quiet = false;
    bool no_cache = false;
    bool refresh = false;
    bool extract = false;
    bool keep_special = false;
    std::string deadline;   // --deadline DURATION: the batch's own bound
    std::string failed_out; // --failed-out FILE: what to try again
    std::vector<std::string> indicators;
};

int run_lookup(const LookupArgs& args);

struct ExtractArgs {
    std::string config; // for [site]: what is ours
    std::string format = "text";
    bool keep_special = false;
    bool quiet = false;
    std::vector<std::string> files;
};

/// The ledger the config names; nullptr, after one line on stderr, when either cannot be
/// opened.
std::unique_ptr<Ledger> open_ledger_of(const std::string& config_arg);

int run_extract(const ExtractArgs& args);

int run_cache(const std::string& config, const std::string& action);

struct NoticeArgs {
    std::string incident; // --incident FILE: draft
    std::string send_dir; // --send DIR: send the drafts in DIR
    std::string config;
    std::string out;
    std::string lang;
    bool strict = false;
    std::string test_to;
    std::vector<std::string> allow; // leak-scan items allowed as they are
    bool yes = false;               // send without asking
    bool again = false;             // tell a recipient again within the policy's interval
    bool allow_outside = false;     // log files outside the incident file's folder
    bool quiet = false;
};

int run_notice(const NoticeArgs& args);

struct SourcesArgs {
    std::string config;
    std::string format = "table";
    bool verbose = false;
    bool names_only = false;
};

int run_sources(const SourcesArgs& args);

int run_check_config(const std::string& config, bool connect = false);

struct WorkerArgs {
    std::string config;
    std::string in = "renraku:in";
    std::string out = "renraku:out";
    std::string group = "renraku";
    std::string consumer; // default: host-pid
    int claim_after_s = 60;
    bool quiet = false;
    int read_timeout_ms = 5000; // network.timeout_ms: how long one Redis read may take
};

int run_worker(const WorkerArgs& args);

int run_feedback(const std::string& config, const std::vector<std::string>& files);

struct LedgerArgs {
    std::string config;
    std::string state; // drafted, sent, bounced, answered, silent; empty: all
    std::string format = "table";
    std::string submitted;     // mark this form packet submitted by hand
    int silent_after_days = 7; // sent and unanswered this long: silent
};

int run_ledger(const LedgerArgs& args);

struct FollowupArgs {
    std::string config;
    std::string tracking;
    std::string incident;
    std::string out;
    std::string lang;
};

int run_followup(const FollowupArgs& args);

} // namespace renraku::core
