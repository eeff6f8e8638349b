#include "../engine/engine.hpp"
#include "../extract/extract.hpp"
#include "../indicator/input.hpp"
#include "../indicator/ours.hpp"
#include "../indicator/parse.hpp"
#include "../output/output.hpp"
#include "../output/plan.hpp"
#include "../runtime/runtime.hpp"
#include "../workflow/lookup_batch.hpp"
#include "commands.hpp"
#include "progress.hpp"
#include "renraku/sdk/text.hpp"

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <unistd.h>

namespace renraku::core {

using workflow::ExtractedInputs;
using workflow::LookupBatch;
using workflow::LookupInput;
using workflow::LookupTally;
using workflow::RetryList;

bool extract_from(Extractor& ex, const std::vector<std::string>& files);

int usage_error(const std::string& message) {
    std::cerr << "renraku: " << sdk::sanitize(message, 600) << "\n";
    return kExitUsage;
}

std::vector<std::string> split_list(const std::string& s) {
    std::vector<std::string> out;
    std::string item;
    auto flush = [&] {
        auto b = item.find_first_not_of(" \t");
        auto e = item.find_last_not_of(" \t");
        if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
        item.clear();
    };
    for (char c : s) {
        if (c == ',') {
            flush();
            continue;
        }
        item.push_back(c);
    }
    flush();
    return out;
}

namespace {

std::optional<Format> format_of(const std::string& name) {
    if (name == "table") return Format::table;
    if (name == "json") return Format::json;
    if (name == "jsonl") return Format::jsonl;
    if (name == "csv") return Format::csv;
    return std::nullopt;
}

// Indicators from the arguments, with "-" standing for one per line of standard input.
std::vector<LookupInput> gather_inputs(const std::vector<std::string>& args, bool& batch) {
    std::vector<LookupInput> out;
    for (const auto& a : args) {
        if (a != "-") {
            out.push_back({a, 0, -1, false, false, {}});
            continue;
        }
        batch = true;
        workflow::read_input_lines(std::cin, out);
    }
    return out;
}

} // namespace

int run_lookup(const LookupArgs& args) {
    auto format = format_of(args.format);
    if (!format)
        return usage_error("--format: \"" + args.format + "\" is not table, json, jsonl or csv");
    if (!args.group_by.empty() && args.group_by != "recipient")
        return usage_error("--group-by: \"" + args.group_by + "\" is not recipient");
    bool grouped = args.group_by == "recipient";
    if (grouped && *format == Format::jsonl)
        return usage_error("--group-by recipient needs the whole batch: use table, json or csv");
    if (args.no_cache && args.refresh)
        return usage_error("--no-cache and --refresh cannot be used together");
    std::optional<std::chrono::milliseconds> deadline;
    if (!args.deadline.empty()) {
        deadline = parse_duration(args.deadline);
        if (!deadline)
            return usage_error("--deadline: \"" + sdk::sanitize(args.deadline, 60) +
                               "\" is not a duration like 90s, 5m or 1h");
    }
    std::optional<RetryList> failed_out;
    if (!args.failed_out.empty()) {
        failed_out.emplace(args.failed_out);
        if (!failed_out->ok())
            return usage_error("--failed-out: cannot write \"" +
                               sdk::sanitize(args.failed_out, 200) + "\"");
    }

    bool batch = false;
    std::vector<LookupInput> inputs;
    std::size_t left_out = 0;
    std::size_t ours_left_out = 0;
    if (args.extract) {
        // What is ours ([site]) is marked by the extraction and not looked up.
        Ours ours;
        try {
            Config site_cfg = load_config(find_config_file(args.config));
            ours = Ours(site_cfg.site.ours(), site_cfg.site.hosts);
        } catch (const ConfigError& e) {
            return usage_error(e.what());
        }
        Extractor ex(ExtractOptions{args.keep_special, &ours});
        if (!extract_from(ex, args.indicators.empty() ? std::vector<std::string>{"-"}
                                                      : args.indicators))
            return kExitUsage;
        ExtractedInputs got = workflow::inputs_from_extraction(ex);
        inputs = std::move(got.inputs);
        left_out = got.special_left_out;
        ours_left_out = got.ours_left_out;
        batch = true;
    } else {
        inputs = gather_inputs(args.indicators, batch);
        if (!batch) {
            // Indicators on the command line are checked before anything is asked.
            int bad = 0;
            for (auto& in : inputs) {
                auto parsed = parse_indicator(in.text);
                if (auto* err = std::get_if<ParseError>(&parsed)) {
                    usage_error("bad indicator \"" + sdk::sanitize(in.text, 200) +
                                "\": " + err->message);
                    ++bad;
                    continue;
                }
                in.indicator = std::get<sdk::Indicator>(std::move(parsed));
                in.port = strip_context(in.text).port;
                in.parsed = true;
            }
            if (bad > 0) return kExitUsage;
        }
    }
    if (inputs.empty()) {
        if (args.extract) {
            if (!args.quiet)
                std::cerr << "renraku: no indicator found in the text"
                          << (left_out > 0 ? " (" + std::to_string(left_out) +
                                                 " special-purpose addresses left out)"
                                           : std::string())
                          << (ours_left_out > 0
                                  ? " (" + std::to_string(ours_left_out) + " of ours left out)"
                                  : std::string())
                          << "\n";
            return kExitSomeMissing;
        }
        return usage_error("lookup: no indicator given (use - to read stdin)");
    }
    batch = batch || inputs.size() > 1;

    Runtime rt;
    try {
        rt = prepare_runtime(args.config,
                             Selection{split_list(args.sources), args.offline, args.no_cache});
    } catch (const ConfigError& e) {
        return usage_error(e.what());
    }
    for (const auto& st : rt.statuses)
        if (st.state == SourceState::refused)
            std::cerr << "renraku: warning: plugin " << sdk::sanitize(st.name)
                      << " refused: " << sdk::sanitize(st.reason) << "\n";

    OutputOptions out_opts;
    out_opts.format = *format;
    out_opts.explain = args.explain;
    out_opts.verbose = args.verbose;
    const char* no_color = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    out_opts.color = isatty(STDOUT_FILENO) != 0 && (no_color == nullptr || *no_color == '\0') &&
                     (term == nullptr || std::string(term) != "dumb");

    CacheMode mode = args.no_cache  ? CacheMode::off
                     : args.offline ? CacheMode::offline
                     : args.refresh ? CacheMode::refresh
                                    : CacheMode::use;
    std::optional<LookupBatch> lookups;
    try {
        lookups.emplace(rt, mode);
    } catch (const ConfigError& e) {
        return usage_error(e.what());
    }
    Engine* engine = &lookups->engine();
    if (!args.quiet)
        for (const auto& w : engine->hub().warnings)
            std::cerr << "renraku: warning: " << sdk::sanitize(w, 400) << "\n";
    QuestionLog question_log(std::cerr);
    if (args.verbose && !args.quiet) engine->hub().question_log = &question_log;

    ResultWriter writer(std::cout, out_opts);
    MailingPlan plan;
    LookupTally tally;
    bool terminal = isatty(STDERR_FILENO) != 0;
    std::optional<Progress> progress;
    if (!args.quiet && batch && (args.progress || terminal))
        progress.emplace(std::cerr, inputs.size(), *engine->hub().limiter, terminal);
    auto started = std::chrono::steady_clock::now();

    auto bad_line = [](const LookupInput& in, const std::string& why) {
        std::cerr << "renraku: line " << in.line << ": not an indicator \""
                  << sdk::sanitize(in.text, 200) << "\": " << why << "\n";
    };
    auto emit = [&](Result&& r) {
        tally.add(r);
        if (failed_out) failed_out->add(r);
        if (grouped)
            plan.add(r);
        else
            writer.write(r);
        if (progress) progress->one_done();
    };
    bool ordered = args.ordered || *format != Format::jsonl;
    RunOptions run_options{ordered, {}, std::nullopt};
    if (deadline) run_options.deadline = started + *deadline;
    lookups->run(inputs, run_options, bad_line, emit);
    if (progress) progress->stop();
    if (grouped)
        plan.write(std::cout, *format);
    else
        writer.finish();
    std::cout.flush();

    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (batch && !args.quiet) std::cerr << tally.summary(seconds) << "\n";
    if (args.extract && !args.quiet && (left_out > 0 || ours_left_out > 0))
        std::cerr << "renraku: left out of the lookup: " << left_out
                  << " special-purpose (--all keeps them), " << ours_left_out
                  << " of ours ([site])\n";
    if (args.offline && !args.quiet) {
        // Which sources --offline left out, and why: disabled outright, or not in the cache.
        std::string skipped;
        for (const auto& st : rt.statuses)
            if (st.disabled_by == DisabledBy::offline)
                skipped += " " + st.name + " (needs the network),";
        for (const auto& [name, n] : engine->stats().offline_skipped)
            skipped += " " + name + " (" + std::to_string(n) + " not in the cache),";
        if (!skipped.empty()) {
            skipped.pop_back();
            std::cerr << "renraku: --offline: nothing asked of the network; skipped:" << skipped
                      << "\n";
        }
    }
    if (tally.not_asked > 0)
        std::cerr << "renraku: " << tally.not_asked
                  << (tally.not_asked == 1 ? " indicator" : " indicators")
                  << " not asked: the batch deadline (--deadline "
                  << sdk::sanitize(args.deadline, 60) << ") passed before "
                  << (tally.not_asked == 1 ? "its" : "their") << " turn at a server\n";
    if (failed_out) {
        if (!failed_out->finish())
            std::cerr << "renraku: --failed-out: cannot write \"" << sdk::sanitize(args.failed_out)
                      << "\"\n";
        else if (!args.quiet)
            std::cerr << "renraku: " << failed_out->count()
                      << " indicator(s) to try again written to " << sdk::sanitize(args.failed_out)
                      << " (renraku lookup - <" << sdk::sanitize(args.failed_out) << ")\n";
    }
    int code = tally.exit_code();
    if (engine->unfinished() > 0) {
        // A source ignored its deadline and was given up; its result is already reported as
        // a timeout, and waiting for it to return would only delay the exit.
        std::cout.flush();
        std::cerr.flush();
        std::_Exit(code);
    }
    return code;
}

} // namespace renraku::core
