#pragma once
// What a notice says about one event beyond what the incident file wrote: how many times it
// was seen and over what period (from the event's log lines when the file does not say), the
// other side's port (the event's `port` is ours), whether it is still going on, and the kind of
// report (X-ARF's report type).

#include "incident.hpp"

#include <cstdint>
#include <string>

namespace renraku::core::notice {

struct EventFacts {
    std::size_t count = 1;    // how many times: `count`, else the log lines that show it, else 1
    EventTime first;          // the event's time, or its earliest log line's
    EventTime last;           // `last_seen`, or its latest log line's, or `first`
    int source_port = -1;     // the other side's port, read from the log lines ("port 40001")
    std::string report_type;  // X-ARF ReportType ("LoginAttack", "PortScan", ...); empty: none
    std::string report_class; // X-ARF ReportClass ("Activity")
    // Content the recipient hosts (a phishing page, a malware file) rather than traffic from
    // its network: `type` phishing or malware, or a URL on either side of the event.
    bool hosted_content = false;
    std::string where; // the URL the content is at (the source's, else the destination's)
    // The event's protocol and port as the incident gives them, else as its URL states them
    // ("https://host/..." is https on 443, "http://host:8080/" http on 8080); else "" and -1.
    std::string protocol;
    int port = -1;
};

/// The facts of one event of `inc`.
EventFacts event_facts(const Incident& inc, const Event& ev);

/// True when the event was last seen within `window_s` seconds of `now` (X-ARF's Ongoing).
bool ongoing(const EventFacts& f, std::int64_t now, std::int64_t window_s = 3600);

/// The X-ARF report type of an incident's `type` ("login-attack" -> LoginAttack); empty when
/// it is not one renraku writes.
std::string xarf_type_of(const std::string& type);

/// True for the incident `type`s about content a party hosts: "phishing", "malware".
bool content_type(const std::string& type);

} // namespace renraku::core::notice
