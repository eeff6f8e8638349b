#pragma once
// Durations as people write and read them.

#include <chrono>
#include <optional>
#include <string>

namespace renraku::core {

/// "90s", "5m", "1h30m", "500ms", "2.5h", a bare number of seconds; nullopt when it is none.
std::optional<std::chrono::milliseconds> parse_duration(const std::string& text);

/// "3 min 20 s", "45 s", "2 h 5 min".
std::string duration_text(double seconds);

} // namespace renraku::core
