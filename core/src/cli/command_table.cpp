#include "command_table.hpp"

#include "../config/config.hpp"
#include "../server/serve_options.hpp"
#include "../workflow/data_update.hpp"
#include "../workflow/mirror_update.hpp"
#include "commands.hpp"
#include "data_report.hpp"
#include "renraku/sdk/abi.hpp"
#include "renraku/sdk/text.hpp"

#include <iostream>

#ifndef RENRAKU_VERSION
#define RENRAKU_VERSION "0.0.0"
#endif

namespace renraku::core {

namespace {

CLI::Option* config_option(CLI::App& sub, std::string& into, const char* help = "config file") {
    return sub.add_option("-c,--config", into, help)->type_name("FILE");
}

Handler declare_lookup(CLI::App& sub) {
    auto a = std::make_shared<LookupArgs>();
    config_option(sub, a->config);
    sub.add_option("-f,--format", a->format, "table, json, jsonl or csv")
        ->type_name("table|json|jsonl|csv");
    sub.add_option("-s,--sources", a->sources, "only these sources (comma-separated)")
        ->type_name("SOURCES");
    sub.add_flag("--offline", a->offline,
                 "ask nothing of the network: sources that need it answer from the cache only, "
                 "and are said to be skipped where it has nothing");
    sub.add_flag("--explain", a->explain, "show each scoring signal and its weight");
    sub.add_flag("-v,--verbose", a->verbose,
                 "print each question asked (server, question, time, cached) on stderr; "
                 "table: show contacts with no weight and registry placeholders too");
    sub.add_flag("--ordered", a->ordered,
                 "jsonl: write results in input order (default: as each finishes)");
    sub.add_flag("--progress", a->progress,
                 "show progress on stderr even when it is not a terminal");
    sub.add_flag("-q,--quiet", a->quiet, "no progress, warnings or summary on stderr");
    sub.add_flag("--no-cache", a->no_cache,
                 "neither read nor write the cache that outlives the run");
    sub.add_flag("--refresh", a->refresh, "ask again, and keep the new answers");
    sub.add_option("--deadline", a->deadline,
                   "give the batch this long (90s, 5m, 1h): what is not asked by then is "
                   "reported as not asked")
        ->type_name("DURATION");
    sub.add_option("--failed-out", a->failed_out,
                   "write the indicators left without a `to` because a source failed or was "
                   "not asked to FILE, one a line (for `lookup - <FILE`)")
        ->type_name("FILE");
    sub.add_option("--group-by", a->group_by,
                   "recipient: one entry per recommended recipient (a mailing plan)")
        ->type_name("recipient");
    sub.add_flag("--extract", a->extract,
                 "the arguments are files of free text (- for stdin) to pull indicators from");
    sub.add_flag("--all", a->keep_special,
                 "--extract: keep private, loopback and documentation addresses");
    sub.add_option("indicators", a->indicators,
                   "IP, prefix, AS number, domain, URL, e-mail; - reads stdin")
        ->required()
        ->type_name("FILE");
    return [a] { return run_lookup(*a); };
}

Handler declare_extract(CLI::App& sub) {
    auto a = std::make_shared<ExtractArgs>();
    config_option(sub, a->config, "config file (its [site] marks what is ours)");
    sub.add_option("-f,--format", a->format, "text, json, or incident (events for renraku notice)")
        ->type_name("text|json|incident");
    sub.add_flag("--all", a->keep_special, "keep private, loopback and documentation addresses");
    sub.add_flag("-q,--quiet", a->quiet, "say nothing about what was left out");
    sub.add_option("files", a->files, "files to read; - or none reads stdin")->type_name("FILE");
    return [a] { return run_extract(*a); };
}

Handler declare_notice(CLI::App& sub) {
    auto a = std::make_shared<NoticeArgs>();
    sub.add_option("--incident", a->incident,
                   "the incident file (TOML or JSON): write drafts, send nothing")
        ->type_name("FILE");
    sub.add_option("--send", a->send_dir,
                   "send the drafts in DIR as they stand, after a confirmation")
        ->type_name("DIR");
    config_option(sub, a->config);
    sub.add_option("--out", a->out, "folder for the drafts (default: a new one here)")
        ->type_name("DIR");
    sub.add_option("--lang", a->lang, "en or ja for every notice")->type_name("en|ja");
    sub.add_flag("--strict", a->strict,
                 "a gap in the memo's checklist is an error: nothing written");
    sub.add_option("--test-to", a->test_to,
                   "with --send: every message to this address of ours only, marked [TEST], the "
                   "real recipients in no header")
        ->type_name("ADDRESS");
    sub.add_option("--allow", a->allow,
                   "with --send: let this exact item of the leak scan go as it is (repeatable)")
        ->type_name("ITEM");
    sub.add_flag("-y,--yes", a->yes, "with --send: send without asking");
    sub.add_flag("--again", a->again, "tell recipients again within the policy's interval");
    sub.add_flag("--allow-outside", a->allow_outside,
                 "attach log files outside the incident file's folder (never /proc, /sys or "
                 "/dev)");
    sub.add_flag("-q,--quiet", a->quiet, "no warnings or summary on stderr");
    return [a] { return run_notice(*a); };
}

Handler declare_feedback(CLI::App& sub) {
    auto config = std::make_shared<std::string>();
    auto files = std::make_shared<std::vector<std::string>>();
    config_option(sub, *config);
    sub.add_option("messages", *files, "message files; - reads one from stdin")
        ->required()
        ->type_name("FILE");
    return [config, files] { return run_feedback(*config, *files); };
}

Handler declare_ledger(CLI::App& sub) {
    auto a = std::make_shared<LedgerArgs>();
    config_option(sub, a->config);
    sub.add_option("--state", a->state, "drafted, sent, bounced, answered, silent or submitted")
        ->type_name("drafted|sent|bounced|answered|silent|submitted");
    sub.add_option("-f,--format", a->format, "table or json")->type_name("table|json");
    sub.add_option("--submitted", a->submitted,
                   "mark this form packet (a tracking number) submitted by hand")
        ->type_name("TRACKING");
    sub.add_option("--silent-after", a->silent_after_days,
                   "days after which a sent, unanswered notice is silent (7)")
        ->type_name("DAYS");
    return [a] { return run_ledger(*a); };
}

Handler declare_followup(CLI::App& sub) {
    auto a = std::make_shared<FollowupArgs>();
    config_option(sub, a->config);
    sub.add_option("--tracking", a->tracking, "the case's tracking number")->type_name("TRACKING");
    sub.add_option("--incident", a->incident, "every case of this incident file")
        ->type_name("FILE");
    sub.add_option("--out", a->out, "folder for the drafts (default: a new one)")->type_name("DIR");
    sub.add_option("--lang", a->lang, "en or ja")->type_name("en|ja");
    return [a] { return run_followup(*a); };
}

Handler declare_sources(CLI::App& sub) {
    auto a = std::make_shared<SourcesArgs>();
    config_option(sub, a->config);
    sub.add_option("-f,--format", a->format, "table or json")->type_name("table|json");
    sub.add_flag("-v,--verbose", a->verbose,
                 "every key of every source: type, default, value and help");
    sub.add_flag("--names", a->names_only,
                 "only the names of the sources that can run, one a line (for scripts and "
                 "shell completion)");
    return [a] { return run_sources(*a); };
}

Handler declare_check_config(CLI::App& sub) {
    auto config = std::make_shared<std::string>();
    auto connect = std::make_shared<bool>(false);
    config_option(sub, *config);
    sub.add_flag("--connect", *connect, "also greet the SMTP relay (EHLO, no message)");
    return [config, connect] { return run_check_config(*config, *connect); };
}

Handler declare_update_data(CLI::App& sub) {
    auto config = std::make_shared<std::string>();
    auto system = std::make_shared<bool>(false);
    config_option(sub, *config);
    sub.add_flag("--system", *system,
                 "write the system's data folder (for every user) instead of yours");
    return [config, system] {
        Config cfg;
        try {
            cfg = load_config(find_config_file(*config));
        } catch (const ConfigError& e) {
            return usage_error(e.what());
        }
        return workflow::update_data(cfg, *system, std::cout, std::cerr);
    };
}

Handler declare_mirror(CLI::App& sub) {
    auto config = std::make_shared<std::string>();
    auto action = std::make_shared<std::string>();
    auto registries = std::make_shared<std::string>();
    auto from = std::make_shared<std::string>();
    config_option(sub, *config);
    sub.add_option("action", *action, "update or status")
        ->required()
        ->check(CLI::IsMember({"update", "status"}))
        ->type_name("update|status");
    sub.add_option("--registry", *registries,
                   "only these registries, comma-separated (those mirror/registries.json names)")
        ->type_name("LIST");
    sub.add_option("--from", *from,
                   "a folder holding the registries' files under their published names, or an "
                   "https:// folder (default: each registry's own)")
        ->type_name("DIR|URL");
    return [config, action, registries, from] {
        Config cfg;
        try {
            cfg = load_config(find_config_file(*config));
        } catch (const ConfigError& e) {
            return usage_error(e.what());
        }
        if (*action == "status") return workflow::mirror_status(cfg, std::cout);
        workflow::MirrorUpdateOptions o;
        o.from = *from;
        for (std::size_t at = 0; at < registries->size();) {
            auto comma = registries->find(',', at);
            std::string r = registries->substr(at, comma == std::string::npos ? comma : comma - at);
            if (!r.empty()) o.registries.push_back(r);
            if (comma == std::string::npos) break;
            at = comma + 1;
        }
        return workflow::mirror_update(cfg, o, std::cout, std::cerr);
    };
}

Handler declare_cache(CLI::App& sub) {
    auto config = std::make_shared<std::string>();
    auto action = std::make_shared<std::string>();
    config_option(sub, *config);
    sub.add_option("action", *action, "stats or clear")
        ->required()
        ->check(CLI::IsMember({"stats", "clear"}))
        ->type_name("stats|clear");
    return [config, action] { return run_cache(*config, *action); };
}

Handler declare_worker(CLI::App& sub) {
    auto a = std::make_shared<WorkerArgs>();
    config_option(sub, a->config, "config file ([redis] url)");
    sub.add_option("--in", a->in, "the stream read (default renraku:in)")->type_name("STREAM");
    sub.add_option("--out", a->out, "the stream written (default renraku:out)")
        ->type_name("STREAM");
    sub.add_option("--group", a->group, "the consumer group (default renraku)")->type_name("GROUP");
    sub.add_option("--consumer", a->consumer, "this worker's name in the group (default HOST-PID)")
        ->type_name("NAME");
    sub.add_option("--claim-after", a->claim_after_s,
                   "take over entries another worker left unanswered this many seconds "
                   "(default 60)")
        ->type_name("SECONDS");
    sub.add_flag("-q,--quiet", a->quiet, "say nothing on stderr but errors");
    return [a] { return run_worker(*a); };
}

Handler declare_serve(CLI::App& sub) {
    auto a = std::make_shared<server::ServeOptions>();
    config_option(sub, a->config);
    sub.add_option("--listen", a->listen,
                   "HOST:PORT to listen on (default 127.0.0.1:8750; not loopback needs TLS; "
                   "port 0: any free one)")
        ->type_name("HOST:PORT");
    sub.add_option("--tls-cert", a->tls_cert, "TLS certificate (PEM)")->type_name("FILE");
    sub.add_option("--tls-key", a->tls_key, "TLS private key (PEM)")->type_name("FILE");
    sub.add_option("--work", a->work,
                   "folder of pasted incidents and their drafts (default "
                   "$XDG_STATE_HOME/renraku/serve)")
        ->type_name("DIR");
    return [a] { return server::exec_server(*a); };
}

Handler declare_version(CLI::App& sub) {
    auto config = std::make_shared<std::string>();
    config_option(sub, *config);
    return [config] {
        std::cout << "renraku " << RENRAKU_VERSION << " (" << sdk::kAbiString << ")\n";
        try {
            print_data_files(load_config(find_config_file(*config)), std::cout);
        } catch (const ConfigError& e) {
            std::cerr << "renraku: " << sdk::sanitize(e.what()) << "\n";
        }
        return 0;
    };
}

Handler declare_help(CLI::App& sub) {
    auto topic = std::make_shared<std::string>();
    sub.add_option("command", *topic, "the command to describe (none: every command)")
        ->type_name("COMMAND");
    CLI::App* top = sub.get_parent();
    return [topic, top] {
        // Not top->help(): with `help` itself parsed, it would describe `help`.
        if (topic->empty()) {
            std::cout << top->get_formatter()->make_help(top, "renraku",
                                                         CLI::AppFormatMode::Normal);
            return 0;
        }
        for (const auto* cmd : top->get_subcommands({}))
            if (cmd->get_name() == *topic) {
                std::cout << cmd->help("renraku");
                return 0;
            }
        return usage_error("help: no command \"" + sdk::sanitize(*topic, 60) + "\"");
    };
}

Handler declare_completion(CLI::App& sub) {
    auto shell = std::make_shared<std::string>();
    sub.add_option("shell", *shell, "bash or zsh")->required()->type_name("bash|zsh");
    CLI::App* top = sub.get_parent();
    return [shell, top] {
        std::string script = completion_script(*top, *shell);
        if (script.empty()) return usage_error("completion: \"" + *shell + "\" is not bash or zsh");
        std::cout << script;
        return 0;
    };
}

} // namespace

const std::vector<Command>& command_table() {
    static const std::vector<Command> table = {
        {"lookup", "find and rank contacts for indicators", declare_lookup},
        {"extract", "pull indicators out of logs, mail headers or notes (no lookup)",
         declare_extract},
        {"notice",
         "draft one notice per recipient from an incident file (--incident), or send the drafts "
         "of a folder as they stand (--send DIR)",
         declare_notice},
        {"feedback", "read bounces and replies to our notices into the ledger", declare_feedback},
        {"ledger", "every notice with its tracking number, recipient, state and dates",
         declare_ledger},
        {"followup",
         "draft the next hop of a case whose notice bounced or went unanswered: the next "
         "contact, the upstream network, a relay through the CSIRT",
         declare_followup},
        {"sources", "list the plugins found and their state", declare_sources},
        {"check-config",
         "validate the configuration and print every effective value and its origin",
         declare_check_config},
        {"update-data",
         "refresh IANA's RDAP bootstrap files and FIRST's team directory into your data folder "
         "(needs the network)",
         declare_update_data},
        {"cache", "the cache that outlives a run: stats or clear", declare_cache},
        {"mirror",
         "local mirrors of the registries' databases: update (import their published files) "
         "or status",
         declare_mirror},
        {"worker", "look up what a Redis stream brings, writing each result to another stream",
         declare_worker},
        {"serve", "the local web workbench: paste a log, review, edit and send notices",
         declare_serve},
        {"version", "print the version and the data files in use", declare_version},
        {"help", "describe every command, or one", declare_help},
        {"completion", "print a completion script for bash or zsh", declare_completion},
    };
    return table;
}

CommandLine make_command_line() {
    CommandLine cl;
    cl.app = std::make_unique<CLI::App>(
        "renraku: who to tell about an address, host or domain, and how sure we are", "renraku");
    cl.app->require_subcommand(1);
    cl.app->set_version_flag("--version", std::string("renraku ") + RENRAKU_VERSION);
    for (const auto& cmd : command_table()) {
        CLI::App* sub = cl.app->add_subcommand(cmd.name, cmd.summary);
        cl.handlers.emplace_back(sub, cmd.declare(*sub));
    }
    return cl;
}

} // namespace renraku::core
