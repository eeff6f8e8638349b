#pragma once
// Times as the ledger, the notices and the reports write them: one way each, in UTC unless the
// name says local.

#include <cstdint>
#include <string>

namespace renraku::core {

/// "2026-12-04" for Unix seconds.
std::string utc_day(std::int64_t unix_seconds);

/// "2026-12-04T08:15:00Z" for Unix seconds.
std::string utc_iso(std::int64_t unix_seconds);

/// Now, in UTC: "2026-12-04T08:15:00Z".
std::string utc_now_iso();

/// Now, in local time, through a strftime format ("notices-%Y%m%d-%H%M%S": a folder name).
std::string local_now_text(const char* format);

} // namespace renraku::core
