#include "../config/config.hpp"
#include "../extract/extract.hpp"
#include "../indicator/ours.hpp"
#include "../output/output.hpp"
#include "../workflow/incident_events.hpp"
#include "commands.hpp"
#include "renraku/sdk/text.hpp"

#include <fstream>
#include <iostream>

namespace renraku::core {

using workflow::joined_lines;

/// Read every file (or stdin for "-") into the extractor; false and one line on stderr for a
/// file that cannot be read.
bool extract_from(Extractor& ex, const std::vector<std::string>& files) {
    for (const auto& f : files) {
        if (f == "-") {
            ex.read(std::cin, "-");
            continue;
        }
        std::ifstream in(f);
        if (!in) {
            usage_error("extract: cannot read \"" + f + "\"");
            return false;
        }
        ex.read(in, f);
    }
    return true;
}

std::string lines_text(const Extracted& e) {
    auto lines = e.lines();
    return joined_lines(lines) + (e.count > lines.size() ? ",..." : "");
}

namespace {

// "auth.log:3,7 maillog:12 (+4 more)"
std::string where_seen(const Extracted& e) {
    std::string out;
    for (const auto& [file, lines] : e.by_file())
        out += (out.empty() ? "" : " ") + sdk::sanitize(file) + ":" + joined_lines(lines);
    if (e.more() > 0) out += " (+" + std::to_string(e.more()) + " more)";
    return out;
}

} // namespace

int run_extract(const ExtractArgs& args) {
    if (args.format != "text" && args.format != "json" && args.format != "incident")
        return usage_error("--format: \"" + args.format + "\" is not text, json or incident");
    Config cfg;
    try {
        cfg = load_config(find_config_file(args.config));
    } catch (const ConfigError& e) {
        return usage_error(e.what());
    }
    Ours ours(cfg.site.ours(), cfg.site.hosts);
    Extractor ex(ExtractOptions{args.keep_special, &ours});
    std::vector<std::string> files =
        args.files.empty() ? std::vector<std::string>{"-"} : args.files;
    if (!extract_from(ex, files)) return kExitUsage;
    if (args.format == "incident") {
        std::cout << workflow::incident_events_toml(ex);
    } else if (args.format == "json") {
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        for (const auto& e : ex.found()) {
            nlohmann::ordered_json j{{"indicator", sdk::sanitize(e.value)},
                                     {"type", std::string(sdk::type_name(e.type))},
                                     {"file", sdk::sanitize(*e.file)},
                                     {"lines", e.lines()},
                                     {"count", e.count}};
            if (e.ours) j["ours"] = true;
            auto files = e.by_file();
            if (files.size() > 1) {
                nlohmann::ordered_json seen = nlohmann::ordered_json::array();
                for (const auto& [file, lines] : files)
                    seen.push_back({{"file", sdk::sanitize(file)}, {"lines", lines}});
                j["seen"] = seen;
            }
            if (e.more() > 0) j["more"] = e.more();
            if (!e.first_time.empty()) j["first_time"] = sdk::sanitize(e.first_time);
            if (!e.last_time.empty() && e.last_time != e.first_time)
                j["last_time"] = sdk::sanitize(e.last_time);
            if (!e.protocol.empty()) j["protocol"] = e.protocol;
            if (e.our_port >= 0) j["our_port"] = e.our_port;
            if (e.their_port >= 0) j["their_port"] = e.their_port;
            if (e.port >= 0) j["port"] = e.port;
            out.push_back(std::move(j));
        }
        for (const auto& e : ex.left_out())
            out.push_back({{"indicator", sdk::sanitize(e.value)},
                           {"type", std::string(sdk::type_name(e.type))},
                           {"file", sdk::sanitize(*e.file)},
                           {"lines", e.lines()},
                           {"count", e.count},
                           {"left_out", std::string(e.special)}});
        std::cout << dump_json(out, 2) << "\n";
    } else {
        for (const auto& e : ex.found()) {
            std::cout << sdk::sanitize(e.value) << "\t" << sdk::type_name(e.type) << "\t"
                      << (e.by_file().size() > 1 || e.more() > 0
                              ? where_seen(e)
                              : sdk::sanitize(*e.file) + ":" + lines_text(e));
            if (e.port >= 0) std::cout << "\tport " << e.port;
            if (e.ours) std::cout << "\tours";
            std::cout << "\n";
        }
    }
    if (!args.quiet && !ex.left_out().empty() && args.format == "text") {
        std::cerr << "renraku: left out " << ex.left_out().size()
                  << " special-purpose address(es) (--all keeps them):";
        std::size_t shown = 0;
        for (const auto& e : ex.left_out()) {
            if (shown++ == 5) {
                std::cerr << " ...";
                break;
            }
            std::cerr << " " << sdk::sanitize(e.value) << " (" << e.special << ")";
        }
        std::cerr << "\n";
    }
    return ex.found().empty() ? kExitSomeMissing : kExitAllFound;
}

} // namespace renraku::core
