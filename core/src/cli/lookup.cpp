#include "../engine/engine.hpp"
#include "../extract/extract.hpp"
#include "../indicator/input.hpp"
#include "../indicator/ours.hpp"
#include "../indicator/parse.hpp"
#include "../output/output.hpp"
#include "../output/plan.hpp"
#include "../runtime/runtime.hpp"
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

// One line of input: the text and where it was.
struct InputLine {
    std::string text;
    std::size_t line = 0; // 0: a command-line argument
    int port = -1;
    bool parsed = false; // `indicator` already made
    bool value = false;  // `text` is a value extraction wrote: read back with parse_value
    sdk::Indicator indicator;
};

// Indicators from the arguments, with "-" standing for one per line of standard input (blank
// lines and # comments skipped).
std::vector<InputLine> gather_inputs(const std::vector<std::string>& args, bool& batch) {
    std::vector<InputLine> out;
    for (const auto& a : args) {
        if (a != "-") {
            out.push_back({a, 0, -1, false, false, {}});
            continue;
        }
        batch = true;
        std::string line;
        std::size_t n = 0;
        while (std::getline(std::cin, line)) {
            ++n;
            std::string_view v = line;
            while (!v.empty() && (v.back() == '\r' || v.back() == ' ' || v.back() == '\t'))
                v.remove_suffix(1);
            while (!v.empty() && (v.front() == ' ' || v.front() == '\t'))
                v.remove_prefix(1);
            if (v.empty() || v.front() == '#') continue;
            out.push_back({std::string(v), n, -1, false, false, {}});
        }
    }
    return out;
}

std::optional<Format> format_of(const std::string& name) {
    if (name == "table") return Format::table;
    if (name == "json") return Format::json;
    if (name == "jsonl") return Format::jsonl;
    if (name == "csv") return Format::csv;
    return std::nullopt;
}

bool source_failed(const Result& r) {
    for (const auto& e : r.errors)
        if (e.source != "input" && (e.status == "transient" || e.status == "bad_answer"))
            return true;
    return false;
}

bool was_not_asked(const Result& r) {
    for (const auto& e : r.errors)
        if (e.status == "not_asked") return true;
    return false;
}

// "90s", "5m", "1h30m", "500ms", "2.5h", a bare number of seconds; nullopt when it is none.
std::optional<std::chrono::milliseconds> parse_duration(const std::string& text) {
    if (text.empty()) return std::nullopt;
    double total_ms = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t used = 0;
        double v = 0;
        try {
            v = std::stod(text.substr(i), &used);
        } catch (const std::exception&) {
            return std::nullopt;
        }
        if (used == 0 || !(v >= 0) || v > 1e9) return std::nullopt;
        i += used;
        std::size_t unit_end = i;
        while (unit_end < text.size() && std::isalpha(static_cast<unsigned char>(text[unit_end])))
            ++unit_end;
        std::string unit = text.substr(i, unit_end - i);
        i = unit_end;
        double scale = unit == "ms"                  ? 1
                       : unit == "s" || unit.empty() ? 1000
                       : unit == "m"                 ? 60000
                       : unit == "h"                 ? 3600000
                                                     : -1;
        if (scale < 0 || (unit.empty() && i < text.size())) return std::nullopt;
        total_ms += v * scale;
    }
    if (total_ms <= 0 || total_ms > 1e12) return std::nullopt;
    return std::chrono::milliseconds(static_cast<long long>(total_ms));
}

// The indicators to try again, written as the batch goes, put in place whole at the end.
class FailedOut {
  public:
    explicit FailedOut(std::filesystem::path file) : file_(std::move(file)) {
        tmp_ = file_;
        tmp_ += ".tmp";
        out_.open(tmp_, std::ios::binary | std::ios::trunc);
    }
    bool ok() const { return static_cast<bool>(out_); }
    void add(const Result& r) {
        if (!r.bad_input.empty() || has_to_any(r) || !(source_failed(r) || was_not_asked(r)))
            return;
        out_ << r.indicator.value << "\n";
        ++count_;
    }
    // Renamed into place; false (and the file named) when it could not be written.
    bool finish() {
        out_.flush();
        bool good = static_cast<bool>(out_);
        out_.close();
        std::error_code ec;
        if (good) std::filesystem::rename(tmp_, file_, ec);
        return good && !ec;
    }
    std::size_t count() const { return count_; }

  private:
    static bool has_to_any(const Result& r) {
        for (const auto& c : r.contacts)
            if (c.recommend == "to") return true;
        return false;
    }
    std::filesystem::path file_;
    std::filesystem::path tmp_;
    std::ofstream out_;
    std::size_t count_ = 0;
};

bool has_to(const Result& r) {
    for (const auto& c : r.contacts)
        if (c.recommend == "to") return true;
    return false;
}

struct Tally {
    std::size_t total = 0;
    std::size_t with_to = 0;
    std::size_t without_to = 0;
    std::size_t without_to_failed = 0;
    std::size_t without_to_not_asked = 0; // none failed, but one was not asked in time
    std::size_t bad_lines = 0;
    std::size_t not_asked = 0; // indicators the batch deadline kept a source from asking about
    std::map<std::string, std::size_t> failed_sources; // source -> indicators it failed for

    void add(const Result& r) {
        ++total;
        if (!r.bad_input.empty()) {
            ++bad_lines;
            return;
        }
        for (const auto& e : r.errors)
            if (e.status == "transient" || e.status == "bad_answer") ++failed_sources[e.source];
        if (was_not_asked(r)) ++not_asked;
        if (has_to(r)) {
            ++with_to;
            return;
        }
        ++without_to;
        if (source_failed(r))
            ++without_to_failed;
        else if (was_not_asked(r))
            ++without_to_not_asked;
    }

    int exit_code() const {
        if (with_to == total) return kExitAllFound;
        // Trying again may help both where a source failed and where it was not asked.
        return without_to_failed + without_to_not_asked > 0 ? kExitSourcesFailed : kExitSomeMissing;
    }

    std::string summary(double seconds) const {
        std::string s = "renraku: " + std::to_string(total) +
                        (total == 1 ? " indicator: " : " indicators: ") + std::to_string(with_to) +
                        " with a `to`, " + std::to_string(without_to) + " without";
        if (without_to_failed > 0)
            s += " (" + std::to_string(without_to_failed) + " where a source failed)";
        if (without_to_not_asked > 0)
            s += " (" + std::to_string(without_to_not_asked) + " not asked in time)";
        if (bad_lines > 0)
            s += ", " + std::to_string(bad_lines) + (bad_lines == 1 ? " bad line" : " bad lines");
        if (!failed_sources.empty()) {
            s += "; failed sources:";
            for (const auto& [name, n] : failed_sources)
                s += " " + name + " (" + std::to_string(n) + ")";
        }
        if (not_asked > 0) s += "; not asked (batch deadline): " + std::to_string(not_asked);
        return s + "; " + duration_text(seconds);
    }
};

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
    std::optional<FailedOut> failed_out;
    if (!args.failed_out.empty()) {
        failed_out.emplace(args.failed_out);
        if (!failed_out->ok())
            return usage_error("--failed-out: cannot write \"" +
                               sdk::sanitize(args.failed_out, 200) + "\"");
    }

    bool batch = false;
    std::vector<InputLine> inputs;
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
        for (const auto& e : ex.found()) {
            if (e.ours) {
                ++ours_left_out;
                continue;
            }
            inputs.push_back({e.value, e.first_line_no, e.port, false, true, {}});
        }
        left_out = ex.left_out().size();
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
        if (st.state == "refused")
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
    std::optional<Engine> engine;
    try {
        engine.emplace(rt.config, rt.sources, ScoringModel::from_config(rt.config.scoring), mode);
    } catch (const ConfigError& e) {
        return usage_error(e.what());
    }
    if (!args.quiet)
        for (const auto& w : engine->hub().warnings)
            std::cerr << "renraku: warning: " << sdk::sanitize(w, 400) << "\n";
    QuestionLog question_log(std::cerr);
    if (args.verbose && !args.quiet) engine->hub().question_log = &question_log;

    ResultWriter writer(std::cout, out_opts);
    MailingPlan plan;
    Tally tally;
    bool terminal = isatty(STDERR_FILENO) != 0;
    std::optional<Progress> progress;
    if (!args.quiet && batch && (args.progress || terminal))
        progress.emplace(std::cerr, inputs.size(), *engine->hub().limiter, terminal);
    auto started = std::chrono::steady_clock::now();

    std::size_t next_input = 0;
    auto next = [&]() -> std::optional<BatchItem> {
        if (next_input >= inputs.size()) return std::nullopt;
        InputLine& in = inputs[next_input++];
        BatchItem item;
        item.line = in.line;
        item.port = in.port;
        if (in.parsed) {
            item.indicator = std::move(in.indicator);
        } else {
            auto ctx = strip_context(in.text);
            if (item.port < 0) item.port = ctx.port;
            auto parsed = in.value ? parse_value(in.text) : parse_indicator(in.text);
            if (auto* err = std::get_if<ParseError>(&parsed)) {
                item.text = in.text;
                item.bad = err->message;
                std::cerr << "renraku: line " << in.line << ": not an indicator \""
                          << sdk::sanitize(in.text, 200) << "\": " << err->message << "\n";
            } else {
                item.indicator = std::get<sdk::Indicator>(std::move(parsed));
            }
        }
        std::string().swap(in.text); // what is read is not kept
        return item;
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
    engine->run(next, emit, run_options);
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
            if (!st.enabled && st.reason.find("--offline") != std::string::npos)
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
