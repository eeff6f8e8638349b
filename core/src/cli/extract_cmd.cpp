#include "../extract/extract.hpp"
#include "../output/output.hpp"
#include "commands.hpp"
#include "renraku/sdk/text.hpp"

#include <fstream>
#include <iostream>

namespace renraku::core {

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
    std::string out;
    for (auto l : e.lines)
        out += (out.empty() ? "" : ",") + std::to_string(l);
    if (e.count > e.lines.size()) out += ",...";
    return out;
}

int run_extract(const ExtractArgs& args) {
    if (args.format != "text" && args.format != "json")
        return usage_error("--format: \"" + args.format + "\" is not text or json");
    Extractor ex(ExtractOptions{args.keep_special});
    std::vector<std::string> files = args.files.empty() ? std::vector<std::string>{"-"} : args.files;
    if (!extract_from(ex, files)) return kExitUsage;
    if (args.format == "json") {
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        for (const auto& e : ex.found()) {
            nlohmann::ordered_json j{{"indicator", sdk::sanitize(e.indicator.value)},
                                     {"type", std::string(sdk::type_name(e.indicator.type))},
                                     {"file", sdk::sanitize(e.file)},
                                     {"lines", e.lines},
                                     {"count", e.count}};
            if (e.port >= 0) j["port"] = e.port;
            out.push_back(std::move(j));
        }
        for (const auto& e : ex.left_out())
            out.push_back({{"indicator", sdk::sanitize(e.indicator.value)},
                           {"type", std::string(sdk::type_name(e.indicator.type))},
                           {"file", sdk::sanitize(e.file)},
                           {"lines", e.lines},
                           {"count", e.count},
                           {"left_out", e.special}});
        std::cout << dump_json(out, 2) << "\n";
    } else {
        for (const auto& e : ex.found()) {
            std::cout << sdk::sanitize(e.indicator.value) << "\t" << sdk::type_name(e.indicator.type)
                      << "\t" << sdk::sanitize(e.file) << ":" << lines_text(e);
            if (e.port >= 0) std::cout << "\tport " << e.port;
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
            std::cerr << " " << sdk::sanitize(e.indicator.value) << " (" << e.special << ")";
        }
        std::cerr << "\n";
    }
    return ex.found().empty() ? kExitSomeMissing : kExitAllFound;
}

} // namespace renraku::core
