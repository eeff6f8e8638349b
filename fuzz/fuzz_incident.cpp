// The incident file of renraku notice, and the event times in it.
#include "fuzz_common.hpp"
#include "notice/incident.hpp"
#include "notice/times.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string s = renraku::fuzz::text(data, size);
    std::string why;
    renraku::core::notice::parse_event_time(s.substr(0, 200), "Asia/Tokyo", 2026, why);
    auto file = renraku::fuzz::scratch(size > 0 && data[0] == '{' ? "incident.json" : "incident.toml", s);
    try {
        renraku::core::notice::read_incident(file);
    } catch (const renraku::core::notice::IncidentError&) {
    }
    return 0;
}
