#include "incident_events.hpp"

#include <sstream>

namespace renraku::core::workflow {

std::string joined_lines(const std::vector<std::size_t>& lines) {
    std::string out;
    for (auto l : lines)
        out += (out.empty() ? "" : ",") + std::to_string(l);
    return out;
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

std::string incident_events_toml(const Extractor& ex, const std::string& log_name) {
    std::ostringstream out;
    out << "# Events found by renraku extract. Add [reporter], [clock] and [policy]\n"
           "# (see docs/notice.md), check each time's zone, protocol and port, then:\n"
           "#   renraku notice --incident THIS_FILE\n";
    for (const auto& e : ex.found()) {
        if (e.ours) continue;
        out << "\n[[event]]\n";
        out << "time = " << toml_string(e.first_time.empty() ? "FILL IN" : e.first_time) << "\n";
        if (!e.last_time.empty() && e.last_time != e.first_time)
            out << "last_seen = " << toml_string(e.last_time) << "\n";
        out << "count = " << e.count << "\n";
        out << "source = " << toml_string(e.value) << "\n";
        if (!e.protocol.empty()) out << "protocol = " << toml_string(e.protocol) << "\n";
        // The port of the event is ours (the one that was reached); a port written with the
        // address of another is its own.
        if (e.our_port >= 0)
            out << "port = " << e.our_port << "\n";
        else if (e.port >= 0)
            out << "port = " << e.port << "\n";
        out << "description = "
            << toml_string("seen " + std::to_string(e.count) + (e.count == 1 ? " time" : " times"))
            << "\n";
        const std::string& log = log_name.empty() ? *e.file : log_name;
        if (log != "-") {
            out << "log = " << toml_string(log) << "\n";
            out << "lines = " << toml_string(joined_lines(e.lines())) << "\n";
        }
    }
    return out.str();
}

} // namespace renraku::core::workflow
