#include "clock_text.hpp"

#include <ctime>

namespace renraku::core {

namespace {

std::string utc_text(std::int64_t unix_seconds, const char* format) {
    std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::size_t n = std::strftime(buf, sizeof buf, format, &tm);
    return std::string(buf, n);
}

} // namespace

std::string utc_day(std::int64_t unix_seconds) {
    return utc_text(unix_seconds, "%Y-%m-%d");
}

std::string utc_iso(std::int64_t unix_seconds) {
    return utc_text(unix_seconds, "%Y-%m-%dT%H:%M:%SZ");
}

std::string utc_now_iso() {
    return utc_iso(static_cast<std::int64_t>(std::time(nullptr)));
}

std::string local_now_text(const char* format) {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[128];
    std::size_t n = std::strftime(buf, sizeof buf, format, &tm);
    return std::string(buf, n);
}

} // namespace renraku::core
