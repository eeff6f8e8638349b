// renraku: who to tell about an address, host or domain, and how sure we are.

#include "../engine/engine.hpp"
#include "../indicator/parse.hpp"
#include "../output/output.hpp"
#include "../runtime/runtime.hpp"
#include "commands.hpp"
#include "data_report.hpp"
#include "renraku/sdk/abi.hpp"
#include "renraku/sdk/text.hpp"
#include "update_data.hpp"

#include "../util/did_you_mean.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <string>
#include <unistd.h>

#ifndef RENRAKU_VERSION
#define RENRAKU_VERSION "0.0.0"
#endif

using namespace renraku;
using namespace renraku::core;

int main(int argc, char** argv) {
    CLI::App app{"renraku: who to tell about an address, host or domain, and how sure we are"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("renraku ") + RENRAKU_VERSION);

    LookupArgs lookup;
    auto* lookup_cmd = app.add_subcommand("lookup", "find and rank contacts for indicators");
    lookup_cmd->add_option("-c,--config", lookup.config, "config file");
    lookup_cmd->add_option("-f,--format", lookup.format, "table, json, jsonl or csv");
    lookup_cmd->add_option("-s,--sources", lookup.sources, "only these sources (comma-separated)");
    lookup_cmd->add_flag("--offline", lookup.offline, "only sources that need no network");
    lookup_cmd->add_flag("--explain", lookup.explain, "show each scoring signal and its weight");
    lookup_cmd->add_flag("-v,--verbose", lookup.verbose,
                         "print each question asked (server, question, time, cached) on stderr; "
                         "table: show contacts with no weight and registry placeholders too");
    lookup_cmd->add_flag("--ordered", lookup.ordered,
                         "jsonl: write results in input order (default: as each finishes)");
    lookup_cmd->add_flag("--progress", lookup.progress,
                         "show progress on stderr even when it is not a terminal");
    lookup_cmd->add_flag("-q,--quiet", lookup.quiet, "no progress, warnings or summary on stderr");
    lookup_cmd->add_flag("--no-cache", lookup.no_cache,
                         "neither read nor write the cache that outlives the run");
    lookup_cmd->add_flag("--refresh", lookup.refresh, "ask again, and keep the new answers");
    lookup_cmd->add_option("--deadline", lookup.deadline,
                           "give the batch this long (90s, 5m, 1h): what is not asked by then is "
                           "reported as not asked");
    lookup_cmd->add_option("--failed-out", lookup.failed_out,
                           "write the indicators left without a `to` because a source failed or "
                           "was not asked to FILE, one a line (for `lookup - <FILE`)");
    lookup_cmd->add_option("--group-by", lookup.group_by,
                           "recipient: one entry per recommended recipient (a mailing plan)");
    lookup_cmd->add_flag("--extract", lookup.extract,
                         "the arguments are files of free text (- for stdin) to pull "
                         "indicators from");
    lookup_cmd->add_flag("--all", lookup.keep_special,
                         "--extract: keep private, loopback and documentation addresses");
    lookup_cmd
        ->add_option("indicators", lookup.indicators,
                     "IP, prefix, AS number, domain, URL, e-mail; - reads stdin")
        ->required();

    ExtractArgs extract;
    auto* extract_cmd = app.add_subcommand(
        "extract", "pull indicators out of logs, mail headers or notes (no lookup)");
    extract_cmd->add_option("-c,--config", extract.config,
                            "config file (its [site] marks what is ours)");
    extract_cmd->add_option("-f,--format", extract.format,
                            "text, json, or incident (events for renraku notice)");
    extract_cmd->add_flag("--all", extract.keep_special,
                          "keep private, loopback and documentation addresses");
    extract_cmd->add_flag("-q,--quiet", extract.quiet, "say nothing about what was left out");
    extract_cmd->add_option("files", extract.files, "files to read; - or none reads stdin");

    std::string cache_config;
    std::string cache_action;
    auto* cache_cmd = app.add_subcommand("cache", "the cache that outlives a run: stats or clear");
    cache_cmd->add_option("-c,--config", cache_config, "config file");
    cache_cmd->add_option("action", cache_action, "stats or clear")
        ->required()
        ->check(CLI::IsMember({"stats", "clear"}));

    SourcesArgs sources;
    auto* sources_cmd = app.add_subcommand("sources", "list the plugins found and their state");
    sources_cmd->add_option("-c,--config", sources.config, "config file");
    sources_cmd->add_option("-f,--format", sources.format, "table or json");
    sources_cmd->add_flag("-v,--verbose", sources.verbose,
                          "every key of every source: type, default, value and help");
    sources_cmd->add_flag("--names", sources.names_only,
                          "only the names of the sources that can run, one a line (for scripts "
                          "and shell completion)");

    std::string check_config;
    auto* check_cmd = app.add_subcommand(
        "check-config",
        "validate the configuration and print every effective value and its origin");
    check_cmd->add_option("-c,--config", check_config, "config file");
    bool check_connect = false;
    check_cmd->add_flag("--connect", check_connect, "also greet the SMTP relay (EHLO, no message)");

    std::string update_config;
    bool update_system = false;
    auto* update_cmd = app.add_subcommand(
        "update-data",
        "refresh IANA's RDAP bootstrap files and FIRST's team directory into your data folder "
        "(needs the network)");
    update_cmd->add_option("-c,--config", update_config, "config file");
    update_cmd->add_flag("--system", update_system,
                         "write the system's data folder (for every user) instead of yours");

    NoticeArgs notice;
    auto* notice_cmd = app.add_subcommand(
        "notice", "draft one notice per recipient from an incident file (--incident), or send "
                  "the drafts of a folder as they stand (--send DIR)");
    notice_cmd->add_option("--incident", notice.incident,
                           "the incident file (TOML or JSON): write drafts, send nothing");
    notice_cmd->add_option("--send", notice.send_dir,
                           "send the drafts in DIR as they stand, after a confirmation");
    notice_cmd->add_option("-c,--config", notice.config, "config file");
    notice_cmd->add_option("--out", notice.out, "folder for the drafts (default: a new one here)");
    notice_cmd->add_option("--lang", notice.lang, "en or ja for every notice");
    notice_cmd->add_flag("--strict", notice.strict,
                         "a gap in the memo's checklist is an error: nothing written");
    notice_cmd->add_option("--test-to", notice.test_to,
                           "with --send: every message to this address of ours only, marked "
                           "[TEST], the real recipients in no header");
    notice_cmd->add_option("--allow", notice.allow,
                           "with --send: let this exact item of the leak scan go as it is "
                           "(repeatable)");
    notice_cmd->add_flag("-y,--yes", notice.yes, "with --send: send without asking");
    notice_cmd->add_flag("--again", notice.again,
                         "tell recipients again within the policy's interval");
    notice_cmd->add_flag("--allow-outside", notice.allow_outside,
                         "attach log files outside the incident file's folder (never /proc, "
                         "/sys or /dev)");
    notice_cmd->add_flag("-q,--quiet", notice.quiet, "no warnings or summary on stderr");

    std::string feedback_config;
    std::vector<std::string> feedback_files;
    auto* feedback_cmd =
        app.add_subcommand("feedback", "read bounces and replies to our notices into the ledger");
    feedback_cmd->add_option("-c,--config", feedback_config, "config file");
    feedback_cmd->add_option("messages", feedback_files, "message files; - reads one from stdin")
        ->required();

    LedgerArgs ledger;
    auto* ledger_cmd = app.add_subcommand(
        "ledger", "every notice with its tracking number, recipient, state and dates");
    ledger_cmd->add_option("-c,--config", ledger.config, "config file");
    ledger_cmd->add_option("--state", ledger.state,
                           "drafted, sent, bounced, answered, silent or submitted");
    ledger_cmd->add_option("-f,--format", ledger.format, "table or json");
    ledger_cmd->add_option("--submitted", ledger.submitted,
                           "mark this form packet (a tracking number) submitted by hand");
    ledger_cmd->add_option("--silent-after", ledger.silent_after_days,
                           "days after which a sent, unanswered notice is silent (7)");

    FollowupArgs followup;
    auto* followup_cmd = app.add_subcommand(
        "followup", "draft the next hop of a case whose notice bounced or went unanswered: "
                    "the next contact, the upstream network, a relay through the CSIRT");
    followup_cmd->add_option("-c,--config", followup.config, "config file");
    followup_cmd->add_option("--tracking", followup.tracking, "the case's tracking number");
    followup_cmd->add_option("--incident", followup.incident, "every case of this incident file");
    followup_cmd->add_option("--out", followup.out, "folder for the drafts (default: a new one)");
    followup_cmd->add_option("--lang", followup.lang, "en or ja");

    WorkerArgs worker;
    auto* worker_cmd = app.add_subcommand(
        "worker", "look up what a Redis stream brings, writing each result to another stream");
    worker_cmd->add_option("-c,--config", worker.config, "config file ([redis] url)");
    worker_cmd->add_option("--in", worker.in, "the stream read (default renraku:in)");
    worker_cmd->add_option("--out", worker.out, "the stream written (default renraku:out)");
    worker_cmd->add_option("--group", worker.group, "the consumer group (default renraku)");
    worker_cmd->add_option("--consumer", worker.consumer,
                           "this worker's name in the group (default HOST-PID)");
    worker_cmd->add_option("--claim-after", worker.claim_after_s,
                           "take over entries another worker left unanswered this many seconds "
                           "(default 60)");
    worker_cmd->add_flag("-q,--quiet", worker.quiet, "say nothing on stderr but errors");

    std::string version_config;
    auto* version_cmd =
        app.add_subcommand("version", "print the version and the data files in use");
    version_cmd->add_option("-c,--config", version_config, "config file");

    // CLI11 would call a mistyped command an unexpected argument; name it for what it is.
    if (argc > 1 && argv[1][0] != '-') {
        std::string word = argv[1];
        std::vector<std::string> names;
        for (const auto* sub : app.get_subcommands({}))
            names.push_back(sub->get_name());
        if (std::find(names.begin(), names.end(), word) == names.end())
            return usage_error("unknown command \"" + word + "\"" + did_you_mean(word, names) +
                               " (commands: " + comma_list(names) + ")");
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        return usage_error(e.what());
    }

    try {
        if (lookup_cmd->parsed()) return run_lookup(lookup);
        if (sources_cmd->parsed()) return run_sources(sources);
        if (check_cmd->parsed()) return run_check_config(check_config, check_connect);
        if (worker_cmd->parsed()) return run_worker(worker);
        if (extract_cmd->parsed()) return run_extract(extract);
        if (cache_cmd->parsed()) return run_cache(cache_config, cache_action);
        if (notice_cmd->parsed()) return run_notice(notice);
        if (feedback_cmd->parsed()) return run_feedback(feedback_config, feedback_files);
        if (ledger_cmd->parsed()) return run_ledger(ledger);
        if (followup_cmd->parsed()) return run_followup(followup);
        if (update_cmd->parsed()) {
            Config cfg;
            try {
                cfg = load_config(find_config_file(update_config));
            } catch (const ConfigError& e) {
                return usage_error(e.what());
            }
            return update_data(cfg, update_system, std::cout, std::cerr);
        }
        if (version_cmd->parsed()) {
            std::cout << "renraku " << RENRAKU_VERSION << " (" << sdk::kAbiString << ")\n";
            try {
                print_data_files(load_config(find_config_file(version_config)), std::cout);
            } catch (const ConfigError& e) {
                std::cerr << "renraku: " << sdk::sanitize(e.what()) << "\n";
            }
            return 0;
        }
    } catch (const std::exception& e) {
        std::cerr << "renraku: error: " << sdk::sanitize(e.what()) << "\n";
        return kExitUsage;
    }
    return kExitUsage;
}
