// renraku: who to tell about an address, host or domain, and how sure we are.

#include "../engine/engine.hpp"
#include "../indicator/parse.hpp"
#include "../output/output.hpp"
#include "renraku/sdk/abi.hpp"
#include "renraku/sdk/text.hpp"
#include "runtime.hpp"
#include "commands.hpp"
#include "update_data.hpp"

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

namespace {

int run_sources(const std::string& config, const std::string& format) {
    if (format != "table" && format != "json")
        return usage_error("--format: \"" + format + "\" is not table or json");
    Runtime rt;
    try {
        rt = prepare_runtime(config, {});
    } catch (const ConfigError& e) {
        return usage_error(e.what());
    }
    if (format == "json") {
        nlohmann::ordered_json arr = nlohmann::ordered_json::array();
        for (const auto& st : rt.statuses) {
            nlohmann::ordered_json j{{"name", sdk::sanitize(st.name)},
                                     {"state", st.state},
                                     {"enabled", st.enabled},
                                     {"path", sdk::sanitize(st.path)}};
            if (st.state != "refused") {
                j["version"] = sdk::sanitize(st.version);
                j["description"] = sdk::sanitize(st.description);
                nlohmann::ordered_json types = nlohmann::ordered_json::array();
                for (const auto& t : split_list(types_text(st.types)))
                    types.push_back(t);
                j["types"] = types;
                j["needs_network"] = st.needs_network;
            }
            if (!st.reason.empty()) j["reason"] = sdk::sanitize(st.reason);
            arr.push_back(std::move(j));
        }
        std::cout << dump_json(arr, 2) << "\n";
        return 0;
    }
    std::cout << "config: "
              << (rt.config.file.empty() ? "(built-in defaults)" : rt.config.file.string())
              << "\nplugin folders:";
    for (const auto& d : rt.config.plugin_dirs)
        std::cout << " " << d.string();
    std::cout << "\n\n";
    if (rt.statuses.empty()) std::cout << "no plugins found\n";
    for (const auto& st : rt.statuses) {
        std::cout << sdk::sanitize(st.name);
        if (st.state == "refused") {
            std::cout << "  REFUSED: " << sdk::sanitize(st.reason) << "\n";
            continue;
        }
        std::cout << " " << sdk::sanitize(st.version) << "  [" << types_text(st.types) << "]  "
                  << (st.needs_network ? "network" : "offline") << "  " << st.state;
        if (!st.reason.empty()) std::cout << " (" << sdk::sanitize(st.reason) << ")";
        std::cout << "\n    " << sdk::sanitize(st.description) << "\n";
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"renraku: who to tell about an address, host or domain, and how sure we are"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("renraku ") + RENRAKU_VERSION);

    LookupArgs lookup;
    auto* lookup_cmd = app.add_subcommand("lookup", "find and rank contacts for indicators");
    lookup_cmd->add_option("--config", lookup.config, "config file");
    lookup_cmd->add_option("--format", lookup.format, "table, json, jsonl or csv");
    lookup_cmd->add_option("--sources", lookup.sources, "only these sources (comma-separated)");
    lookup_cmd->add_flag("--offline", lookup.offline, "only sources that need no network");
    lookup_cmd->add_flag("--explain", lookup.explain, "show each scoring signal and its weight");
    lookup_cmd->add_flag("-v,--verbose", lookup.verbose,
                         "table: show contacts with no weight and registry placeholders too");
    lookup_cmd->add_flag("--ordered", lookup.ordered,
                         "jsonl: write results in input order (default: as each finishes)");
    lookup_cmd->add_flag("--progress", lookup.progress,
                         "show progress on stderr even when it is not a terminal");
    lookup_cmd->add_flag("-q,--quiet", lookup.quiet, "no progress, warnings or summary on stderr");
    lookup_cmd->add_flag("--no-cache", lookup.no_cache,
                         "neither read nor write the cache that outlives the run");
    lookup_cmd->add_flag("--refresh", lookup.refresh, "ask again, and keep the new answers");
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
    extract_cmd->add_option("--format", extract.format,
                            "text, json, or incident (events for renraku notice)");
    extract_cmd->add_flag("--all", extract.keep_special,
                          "keep private, loopback and documentation addresses");
    extract_cmd->add_flag("-q,--quiet", extract.quiet, "say nothing about what was left out");
    extract_cmd->add_option("files", extract.files, "files to read; - or none reads stdin");

    std::string cache_config;
    std::string cache_action;
    auto* cache_cmd =
        app.add_subcommand("cache", "the cache that outlives a run: stats or clear");
    cache_cmd->add_option("--config", cache_config, "config file");
    cache_cmd->add_option("action", cache_action, "stats or clear")
        ->required()
        ->check(CLI::IsMember({"stats", "clear"}));

    std::string sources_config;
    std::string sources_format = "table";
    auto* sources_cmd = app.add_subcommand("sources", "list the plugins found and their state");
    sources_cmd->add_option("--config", sources_config, "config file");
    sources_cmd->add_option("--format", sources_format, "table or json");

    std::string update_config;
    auto* update_cmd = app.add_subcommand(
        "update-data", "refresh IANA's RDAP bootstrap files (needs the network)");
    update_cmd->add_option("--config", update_config, "config file");

    NoticeArgs notice;
    auto* notice_cmd = app.add_subcommand(
        "notice", "write one notice per recipient from an incident file (sends only with --send)");
    notice_cmd->add_option("--incident", notice.incident, "the incident file (TOML or JSON)")
        ->required();
    notice_cmd->add_option("--config", notice.config, "config file");
    notice_cmd->add_option("--out", notice.out, "folder for the notices (default: a new one here)");
    notice_cmd->add_option("--lang", notice.lang, "en or ja for every notice");
    notice_cmd->add_flag("--strict", notice.strict, "a gap in the memo's checklist is an error");
    notice_cmd->add_flag("--send", notice.send, "send through [notice] smtp_url");
    notice_cmd->add_option("--test-to", notice.test_to,
                           "with --send: send every message to this address of ours instead");
    notice_cmd->add_flag("--again", notice.again,
                         "tell recipients again within the policy's interval");
    notice_cmd->add_flag("-q,--quiet", notice.quiet, "no warnings or progress on stderr");

    std::string feedback_config;
    std::vector<std::string> feedback_files;
    auto* feedback_cmd = app.add_subcommand(
        "feedback", "read bounces and replies to our notices into the ledger");
    feedback_cmd->add_option("--config", feedback_config, "config file");
    feedback_cmd->add_option("messages", feedback_files, "message files; - reads one from stdin")
        ->required();

    auto* version_cmd = app.add_subcommand("version", "print the version");

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
        if (sources_cmd->parsed()) return run_sources(sources_config, sources_format);
        if (extract_cmd->parsed()) return run_extract(extract);
        if (cache_cmd->parsed()) return run_cache(cache_config, cache_action);
        if (notice_cmd->parsed()) return run_notice(notice);
        if (feedback_cmd->parsed()) return run_feedback(feedback_config, feedback_files);
        if (update_cmd->parsed()) {
            Config cfg;
            try {
                cfg = load_config(find_config_file(update_config));
            } catch (const ConfigError& e) {
                return usage_error(e.what());
            }
            return update_data(cfg, std::cout, std::cerr);
        }
        if (version_cmd->parsed()) {
            std::cout << "renraku " << RENRAKU_VERSION << " (" << sdk::kAbiString << ")\n";
            return 0;
        }
    } catch (const std::exception& e) {
        std::cerr << "renraku: error: " << sdk::sanitize(e.what()) << "\n";
        return kExitUsage;
    }
    return kExitUsage;
}
