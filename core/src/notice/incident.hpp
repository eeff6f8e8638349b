#pragma once
// The incident file a responder writes (TOML; the same structure as JSON is accepted): who we
// are, our clock, the events, who was told already, and the disclosure policy. Anything wrong
// is one line naming the file, the line and the field; nothing is guessed.

#include "log_lines.hpp"
#include "times.hpp"

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace renraku::core::notice {

class IncidentError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct Reporter {
    std::string organization;
    std::string name;
    std::string email;
    std::string phone;
    std::string pgp_fingerprint;
    std::string tracking_prefix;
};

struct ClockInfo {
    std::string zone;  // IANA zone of times written without an offset
    std::string error; // "within 1 s of NTP"
};

struct Event {
    std::size_t index = 0; // 1-based, in file order
    int file_line = 0;     // where it is in the incident file
    EventTime time;
    std::optional<EventTime> last_seen; // `last_seen`: when it was last seen, if not `time`
    long long count = 0;                // `count`: how many times; 0: not said
    std::string type;                   // `type`: "login-attack", "port-scan", ... (X-ARF)
    std::string source;
    std::string destination;
    std::string protocol;
    int port = -1;
    std::string direction;
    std::string description;
    std::string excerpt;
    std::string log;            // the log file, as written
    std::filesystem::path log_path; // where it was found (resolve_log)
    std::vector<LogLine> lines; // the lines that show it
    std::size_t lines_more = 0; // lines that show it beyond those kept
};

struct Told {
    std::string party;
    std::string tracking;
};

struct Policy {
    std::vector<std::string> redact; // our prefixes and domains: never disclosed
    bool redact_user_names = true;
    bool cc_csirt = true;
    bool relay = false;      // write to the CSIRT, asking it to relay, instead of to the site
    bool tell_others = true; // say who else was told (the Cc, parties in [[told]])
    int max_recipients = 2;  // to + cc of one notice
    std::vector<std::string> languages{"en"};
    bool xarf = false;
    std::string notify = "source"; // "source", "destination" or "both"
    int interval_days = 7;         // not told again about the same indicator within this
    // Every `to` must rest on an authenticated channel (verified HTTPS, DNSSEC-secure DNS,
    // shipped data); checked by the checklist, so --strict refuses a notice that does not.
    bool require_authenticated = false;
};

struct Incident {
    std::filesystem::path file;
    Reporter reporter;
    ClockInfo clock;
    std::vector<Event> events;
    std::vector<Told> told;
    Policy policy;
};

struct IncidentOptions {
    /// Log files may be outside the incident file's folder (never /proc, /sys or /dev).
    bool allow_outside = false;
};

/// Read and check an incident file; log files are read relative to it, and must be inside its
/// folder unless `options` allows otherwise. Throws IncidentError.
Incident read_incident(const std::filesystem::path& file, const IncidentOptions& options = {});

} // namespace renraku::core::notice
