// renraku: who to tell about an address, host or domain, and how sure we are.

#include "../engine/engine.hpp"
#include "../indicator/parse.hpp"
#include "../output/output.hpp"
#include "renraku/sdk/abi.hpp"
#include "renraku/sdk/text.hpp"
#include "runtime.hpp"
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

constexpr int kExitAllFound = 0;
constexpr int kExitSomeMissing = 1;
constexpr int kExitUsage = 2;

int usage_error(const std::string& message) {
    std::cerr << "renraku: " << sdk::sanitize(message, 600) << "\n";
    return kExitUsage;
}

std::vector<std::string> split_csv(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        auto comma = s.find(',', start);
        std::string item =
            s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!item.empty()) out.push_back(item);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

// Indicators from the arguments, with "-" standing for one per line of standard input.
std::vector<std::string> gather_inputs(const std::vector<std::string>& args) {
    std::vector<std::string> out;
    for (const auto& a : args) {
        if (a != "-") {
            out.push_back(a);
            continue;
        }
        std::string line;
        while (std::getline(std::cin, line)) {
            std::string_view v = line;
            while (!v.empty() && (v.back() == '\r' || v.back() == ' ' || v.back() == '\t'))
                v.remove_suffix(1);
            while (!v.empty() && (v.front() == ' ' || v.front() == '\t'))
                v.remove_prefix(1);
            if (v.empty() || v.front() == '#') continue;
            out.emplace_back(v);
        }
    }
    return out;
}

struct LookupArgs {
    std::string config;
    std::string format = "table";
    std::string sources;
    bool offline = false;
    bool explain = false;
    std::vector<std::string> indicators;
};

int run_lookup(const LookupArgs& args) {
    Format format = Format::table;
    if (args.format == "json")
        format = Format::json;
    else if (args.format == "jsonl")
        format = Format::jsonl;
    else if (args.format == "csv")
        format = Format::csv;
    else if (args.format != "table")
        return usage_error("--format: \"" + args.format + "\" is not table, json, jsonl or csv");

    std::vector<sdk::Indicator> indicators;
    int bad = 0;
    for (const auto& text : gather_inputs(args.indicators)) {
        auto parsed = parse_indicator(text);
        if (auto* err = std::get_if<ParseError>(&parsed)) {
            std::cerr << "renraku: bad indicator \"" << sdk::sanitize(text, 200)
                      << "\": " << err->message << "\n";
            ++bad;
            continue;
        }
        indicators.push_back(std::get<sdk::Indicator>(std::move(parsed)));
    }
    if (bad > 0) return kExitUsage;
    if (indicators.empty()) return usage_error("lookup: no indicator given (use - to read stdin)");

    Runtime rt;
    try {
        rt = prepare_runtime(args.config, Selection{split_csv(args.sources), args.offline});
    } catch (const ConfigError& e) {
        return usage_error(e.what());
    }
    for (const auto& st : rt.statuses)
        if (st.state == "refused")
            std::cerr << "renraku: warning: plugin " << sdk::sanitize(st.name)
                      << " refused: " << sdk::sanitize(st.reason) << "\n";

    OutputOptions out_opts;
    out_opts.format = format;
    out_opts.explain = args.explain;
    const char* no_color = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    out_opts.color = isatty(STDOUT_FILENO) != 0 && (no_color == nullptr || *no_color == '\0') &&
                     (term == nullptr || std::string(term) != "dumb");

    ResultWriter writer(std::cout, out_opts);
    bool all_found = true;
    Engine engine(rt.config, rt.sources, ScoringModel::from_config(rt.config.scoring));
    engine.run(indicators, [&](const Result& r) {
        if (r.contacts.empty()) all_found = false;
        writer.write(r);
    });
    writer.finish();
    int code = all_found ? kExitAllFound : kExitSomeMissing;
    if (engine.unfinished() > 0) {
        // A source ignored its deadline and was given up; its result is already reported as
        // a timeout, and waiting for it to return would only delay the exit.
        std::cout.flush();
        std::cerr.flush();
        std::_Exit(code);
    }
    return code;
}

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
                for (const auto& t : split_csv(types_text(st.types)))
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
    lookup_cmd
        ->add_option("indicators", lookup.indicators,
                     "IP, prefix, AS number, domain, URL, e-mail; - reads stdin")
        ->required();

    std::string sources_config;
    std::string sources_format = "table";
    auto* sources_cmd = app.add_subcommand("sources", "list the plugins found and their state");
    sources_cmd->add_option("--config", sources_config, "config file");
    sources_cmd->add_option("--format", sources_format, "table or json");

    std::string update_config;
    auto* update_cmd = app.add_subcommand(
        "update-data", "refresh IANA's RDAP bootstrap files (needs the network)");
    update_cmd->add_option("--config", update_config, "config file");

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
