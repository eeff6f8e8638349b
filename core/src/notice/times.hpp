#pragma once
// Event times as people and logs write them, made unambiguous: every time is read in its own
// zone (an offset written with it, or the zone the incident file states once) and written as
// ISO 8601 with the offset, and in UTC.

#include <cstdint>
#include <optional>
#include <string>

namespace renraku::core::notice {

struct EventTime {
    std::string original;   // as written
    std::int64_t unix = 0;  // seconds since the epoch
    int offset_minutes = 0; // of the zone it was read in, at that moment
    std::string zone;       // "Asia/Tokyo", "+09:00" when only an offset was written
    bool zone_known = true; // false: no offset and no zone; read as UTC, and a warning says so

    /// "2026-11-25T03:14:07+09:00"
    std::string iso_local() const;
    /// "2026-11-24T18:14:07Z"
    std::string iso_utc() const;
};

/// Read a time: ISO 8601 ("2026-11-25T03:14:07+09:00", "...Z", "2026-11-25 03:14:07"),
/// RFC 5322 ("Tue, 25 Nov 2026 03:14:07 +0900"), a web server's log ("25/Nov/2026:03:14:07
/// +0900"), syslog ("Nov 25 03:14:07", with `year`), or Unix seconds ("@1764007447").
/// Without an offset, `zone` (an IANA zone name) applies. nullopt and `why` for anything else.
std::optional<EventTime> parse_event_time(const std::string& text, const std::string& zone,
                                          int year, std::string& why);

/// True when `zone` names a zone in the system's time zone database.
bool zone_exists(const std::string& zone);

} // namespace renraku::core::notice
