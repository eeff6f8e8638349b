#include "../extract/extract.hpp"
#include "../notice/times.hpp"
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

// "3,7,12": the lines an indicator was seen on, as the incident file's `lines` reads them.
std::string joined_lines(const std::vector<std::size_t>& lines) {
    std::string out;
    for (auto l : lines)
        out += (out.empty() ? "" : ",") + std::to_string(l);
    return out;
}

std::string lines_text(const Extracted& e) {
    auto lines = e.lines();
    return joined_lines(lines) + (e.count > lines.size() ? ",..." : "");
}

namespace {

// The time a log line starts with, as written: syslog, ISO 8601, or a web server's [...].
std::string time_in(const std::string& line) {
    std::string why;
    if (auto open = line.find('['); open != std::string::npos && open < 64) {
        auto close = line.find(']', open);
        if (close != std::string::npos &&
            notice::parse_event_time(line.substr(open + 1, close - open - 1), "", 2026, why))
            return line.substr(open + 1, close - open - 1);
    }
    for (std::size_t len : {32, 25, 20, 19, 15}) {
        if (line.size() < len) continue;
        std::string head = line.substr(0, len);
        if (notice::parse_event_time(head, "UTC", 2026, why)) return head;
    }
    return {};
}

std::string toml_string(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out.push_back('\\');
        if (static_cast<unsigned char>(c) < 0x20) continue;
        out.push_back(c);
    }
    return out + "\"";
}

// The events of an incident file, one per indicator found, for the responder to complete.
void write_incident_events(const Extractor& ex) {
    std::cout << "# Events found by renraku extract. Add [reporter], [clock] and [policy]\n"
                 "# (see docs/notice.md), check each time's zone, protocol and port, then:\n"
                 "#   renraku notice --incident THIS_FILE\n";
    for (const auto& e : ex.found()) {
        std::cout << "\n[[event]]\n";
        std::string t = e.first_line ? time_in(*e.first_line) : std::string();
        std::cout << "time = " << toml_string(t.empty() ? "FILL IN" : t) << "\n";
        std::cout << "source = " << toml_string(e.value) << "\n";
        if (e.port >= 0) std::cout << "port = " << e.port << "\n";
        std::cout << "description = " << toml_string("seen " + std::to_string(e.count) +
                                                     (e.count == 1 ? " time" : " times"))
                  << "\n";
        if (*e.file != "-") {
            std::cout << "log = " << toml_string(*e.file) << "\n";
            std::cout << "lines = " << toml_string(joined_lines(e.lines())) << "\n";
        }
    }
}

} // namespace

int run_extract(const ExtractArgs& args) {
    if (args.format != "text" && args.format != "json" && args.format != "incident")
        return usage_error("--format: \"" + args.format + "\" is not text, json or incident");
    Extractor ex(ExtractOptions{args.keep_special});
    std::vector<std::string> files = args.files.empty() ? std::vector<std::string>{"-"} : args.files;
    if (!extract_from(ex, files)) return kExitUsage;
    if (args.format == "incident") {
        write_incident_events(ex);
    } else if (args.format == "json") {
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        for (const auto& e : ex.found()) {
            nlohmann::ordered_json j{{"indicator", sdk::sanitize(e.value)},
                                     {"type", std::string(sdk::type_name(e.type))},
                                     {"file", sdk::sanitize(*e.file)},
                                     {"lines", e.lines()},
                                     {"count", e.count}};
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
            std::cout << sdk::sanitize(e.value) << "\t" << sdk::type_name(e.type)
                      << "\t" << sdk::sanitize(*e.file) << ":" << lines_text(e);
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
            std::cerr << " " << sdk::sanitize(e.value) << " (" << e.special << ")";
        }
        std::cerr << "\n";
    }
    return ex.found().empty() ? kExitSomeMissing : kExitAllFound;
}

} // namespace renraku::core
