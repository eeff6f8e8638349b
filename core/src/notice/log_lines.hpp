#pragma once
// The lines of a log file that show an event, read as a stream so that memory and time stay
// bounded whatever the file holds (a 2 GiB line, ten thousand events naming it): each line kept
// to its first 4 KiB with a mark saying how much was cut, at most 200 lines an event, and the
// file found where the incident file says it is and nowhere else.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace renraku::core::notice {

inline constexpr std::size_t kMaxLogLineBytes = 4096;
inline constexpr std::size_t kMaxLinesPerEvent = 200;
/// What all the events of one incident may read of their log files together.
inline constexpr std::size_t kMaxLogBytesRead = std::size_t{1} << 30;

struct LogLine {
    std::size_t number = 0;
    std::string text; // at most kMaxLogLineBytes of the line, and the cut mark when longer
};

struct LogExcerpt {
    std::vector<LogLine> lines;
    std::size_t more = 0; // lines that matched beyond kMaxLinesPerEvent
};

/// The log file an event names, resolved against the incident file's folder, symbolic links
/// followed: a regular file inside that folder (anywhere else only with `allow_outside`), never
/// under /proc, /sys or /dev. nullopt with `why` naming the file otherwise.
std::optional<std::filesystem::path> resolve_log(const std::filesystem::path& incident_dir,
                                                 const std::string& written, bool allow_outside,
                                                 std::string& why);

/// The lines of `log` in `ranges` (1-based, inclusive), or without ranges the lines holding
/// `needle` anywhere (searched over the whole line, not only the part kept). What is read is
/// taken from `budget` (bytes); past it, `why` says so. Reading stops after the last line wanted.
LogExcerpt read_log_lines(const std::filesystem::path& log,
                          const std::vector<std::pair<std::size_t, std::size_t>>& ranges,
                          const std::string& needle, std::size_t& budget, std::string& why);

} // namespace renraku::core::notice
