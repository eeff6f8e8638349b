#include "times.hpp"

#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <mutex>

namespace renraku::core::notice {

namespace {

constexpr std::array<const char*, 12> kMonths{"jan", "feb", "mar", "apr", "may", "jun",
                                              "jul", "aug", "sep", "oct", "nov", "dec"};

int month_of(const std::string& name) {
    if (name.size() < 3) return -1;
    std::string m;
    for (int i = 0; i < 3; ++i)
        m.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(name[i]))));
    for (std::size_t i = 0; i < kMonths.size(); ++i)
        if (m == kMonths[i]) return static_cast<int>(i);
    return -1;
}

// Days from 1970-01-01 of a civil date (proleptic Gregorian).
std::int64_t days_from_civil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = static_cast<int>(y - era * 400);
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct Fields {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    std::optional<int> offset; // minutes east of UTC
};

bool valid(const Fields& f) {
    return f.year >= 1970 && f.year <= 9999 && f.month >= 1 && f.month <= 12 && f.day >= 1 &&
           f.day <= 31 && f.hour >= 0 && f.hour <= 23 && f.minute >= 0 && f.minute <= 59 &&
           f.second >= 0 && f.second <= 60;
}

// "+0900", "+09:00", "-05", "Z", "UTC", "GMT"
std::optional<int> parse_offset(std::string s) {
    while (!s.empty() && s.front() == ' ')
        s.erase(s.begin());
    if (s == "Z" || s == "z" || s == "UTC" || s == "GMT" || s == "UT") return 0;
    if (s.size() < 3 || (s[0] != '+' && s[0] != '-')) return std::nullopt;
    int sign = s[0] == '-' ? -1 : 1;
    std::string digits;
    for (std::size_t i = 1; i < s.size(); ++i) {
        if (s[i] == ':') continue;
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
        digits.push_back(s[i]);
    }
    if (digits.size() != 2 && digits.size() != 4) return std::nullopt;
    int h = std::stoi(digits.substr(0, 2));
    int m = digits.size() == 4 ? std::stoi(digits.substr(2, 2)) : 0;
    if (h > 14 || m > 59) return std::nullopt;
    return sign * (h * 60 + m);
}

// The offset of `zone` at the local time given, through the C library's zone database.
// The environment is process-wide, so one thread at a time.
std::optional<std::pair<std::int64_t, int>> in_zone(const Fields& f, const std::string& zone) {
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    const char* old = std::getenv("TZ");
    std::string saved = old != nullptr ? old : "";
    setenv("TZ", (":" + zone).c_str(), 1);
    tzset();
    std::tm tm{};
    tm.tm_year = f.year - 1900;
    tm.tm_mon = f.month - 1;
    tm.tm_mday = f.day;
    tm.tm_hour = f.hour;
    tm.tm_min = f.minute;
    tm.tm_sec = f.second;
    tm.tm_isdst = -1;
    std::time_t t = std::mktime(&tm);
    std::optional<std::pair<std::int64_t, int>> out;
    if (t != static_cast<std::time_t>(-1)) out.emplace(t, static_cast<int>(tm.tm_gmtoff / 60));
    if (old != nullptr)
        setenv("TZ", saved.c_str(), 1);
    else
        unsetenv("TZ");
    tzset();
    return out;
}

std::string format(std::int64_t unix, int offset_minutes, bool utc) {
    std::int64_t local = unix + static_cast<std::int64_t>(offset_minutes) * 60;
    std::int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    std::int64_t secs = local - days * 86400;
    // civil_from_days
    std::int64_t z = days + 719468;
    std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    auto doe = static_cast<unsigned>(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2 ? 1 : 0;
    // Written by hand: an incident file of ten thousand events formats each time twice, and
    // snprintf cost more than the rest of the arithmetic. Years beyond four digits (or before
    // year 0) are left to snprintf.
    std::string out;
    if (y >= 0 && y <= 9999) {
        out.resize(19);
        auto put = [&out](std::size_t at, std::int64_t v, int width) {
            for (int k = width - 1; k >= 0; --k, v /= 10)
                out[at + static_cast<std::size_t>(k)] = static_cast<char>('0' + v % 10);
        };
        put(0, y, 4);
        out[4] = '-';
        put(5, m, 2);
        out[7] = '-';
        put(8, d, 2);
        out[10] = 'T';
        put(11, secs / 3600, 2);
        out[13] = ':';
        put(14, secs / 60 % 60, 2);
        out[16] = ':';
        put(17, secs % 60, 2);
    } else {
        char buf[96];
        std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld",
                      static_cast<long long>(y), m, d, static_cast<long long>(secs / 3600),
                      static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
        out = buf;
    }
    if (utc) return out + "Z";
    int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    if (off < 100 * 60) {
        char zone[6] = {offset_minutes < 0 ? '-' : '+',
                        static_cast<char>('0' + off / 600),
                        static_cast<char>('0' + off / 60 % 10),
                        ':',
                        static_cast<char>('0' + off % 60 / 10),
                        static_cast<char>('0' + off % 10)};
        return out.append(zone, sizeof zone);
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', off / 60,
                  off % 60);
    return out + buf;
}

// "2026-11-25T03:14:07" exactly (the form renraku writes and most files hold), read without
// sscanf; `n` is set past it. Other spellings go the general way.
bool read_iso_digits(const std::string& s, Fields& f, int& n) {
    static constexpr char kShape[] = "dddd-dd-ddTdd:dd:dd";
    if (s.size() < sizeof kShape - 1) return false;
    for (std::size_t i = 0; i + 1 < sizeof kShape; ++i) {
        char c = s[i];
        if (kShape[i] == 'd' ? (c < '0' || c > '9')
                             : kShape[i] == 'T' ? (c != 'T' && c != 't' && c != ' ')
                                                : c != kShape[i])
            return false;
    }
    auto num = [&s](std::size_t at, std::size_t len) {
        int v = 0;
        for (std::size_t i = at; i < at + len; ++i)
            v = v * 10 + (s[i] - '0');
        return v;
    };
    f.year = num(0, 4);
    f.month = num(5, 2);
    f.day = num(8, 2);
    f.hour = num(11, 2);
    f.minute = num(14, 2);
    f.second = num(17, 2);
    n = static_cast<int>(sizeof kShape - 1);
    return true;
}

bool read_fields(const std::string& s, Fields& f) {
    int n = 0;
    char sep = 0;
    char rest[32] = {0};
    // ISO 8601 / SQL: 2026-11-25T03:14:07[.123][offset] or with a space
    if (read_iso_digits(s, f, n) ||
        (std::sscanf(s.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d%n", &f.year, &f.month, &f.day, &sep,
                     &f.hour, &f.minute, &f.second, &n) == 7 &&
         (sep == 'T' || sep == ' ' || sep == 't'))) {
        std::string tail = s.substr(static_cast<std::size_t>(n));
        if (!tail.empty() && tail[0] == '.') {
            std::size_t i = 1;
            while (i < tail.size() && std::isdigit(static_cast<unsigned char>(tail[i])))
                ++i;
            tail = tail.substr(i);
        }
        if (!tail.empty()) {
            f.offset = parse_offset(tail);
            if (!f.offset) return false;
        }
        return true;
    }
    // Day, month name, year and time, then an optional offset: web server logs
    // ("25/Nov/2026:03:14:07 +0900") and RFC 5322 ("[Tue, ]25 Nov 2026 03:14:07 +0900").
    std::string body = s;
    if (auto comma = body.find(','); comma != std::string::npos && comma < 5)
        body = body.substr(comma + 1);
    for (const char* form : {"%2d/%3[A-Za-z]/%4d:%2d:%2d:%2d %31s",
                             " %2d %3[A-Za-z] %4d %2d:%2d:%2d %31s"}) {
        char mon[8] = {0};
        rest[0] = 0;
        const std::string& in = form[0] == ' ' ? body : s;
        if (std::sscanf(in.c_str(), form, &f.day, mon, &f.year, &f.hour, &f.minute, &f.second,
                        rest) < 6)
            continue;
        f.month = month_of(mon) + 1;
        if (rest[0] != 0) {
            f.offset = parse_offset(rest);
            if (!f.offset) return false;
        }
        return f.month > 0;
    }
    return false;
}

} // namespace

std::string EventTime::iso_local() const {
    return format(unix, offset_minutes, false);
}

std::string EventTime::iso_utc() const {
    return format(unix, 0, true);
}

bool zone_exists(const std::string& zone) {
    if (zone.empty() || zone.find("..") != std::string::npos || zone.front() == '/') return false;
    if (zone == "UTC") return true;
    std::error_code ec;
    return std::filesystem::is_regular_file("/usr/share/zoneinfo/" + zone, ec);
}

std::optional<EventTime> parse_event_time(const std::string& raw, const std::string& zone,
                                          int year, std::string& why) {
    std::string s = raw;
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.pop_back();
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.erase(s.begin());
    EventTime t;
    t.original = raw;
    if (!s.empty() && s[0] == '@') {
        char* end = nullptr;
        long long v = std::strtoll(s.c_str() + 1, &end, 10);
        if (end == nullptr || *end != '\0' || v < 0) {
            why = "not Unix seconds: \"" + s + "\"";
            return std::nullopt;
        }
        t.unix = v;
        t.zone = "UTC";
        return t;
    }
    Fields f;
    if (!read_fields(s, f)) {
        // syslog: Nov 25 03:14:07 (no year, no zone)
        char mon[8] = {0};
        int used = 0;
        if (std::sscanf(s.c_str(), "%3[A-Za-z] %2d %2d:%2d:%2d%n", mon, &f.day, &f.hour, &f.minute,
                        &f.second, &used) == 5 &&
            static_cast<std::size_t>(used) == s.size() && month_of(mon) >= 0) {
            f.month = month_of(mon) + 1;
            f.year = year;
        } else {
            why = "not a time renraku reads: \"" + s +
                  "\" (use ISO 8601 such as 2026-11-25T03:14:07+09:00)";
            return std::nullopt;
        }
    }
    if (!valid(f)) {
        why = "not a valid date and time: \"" + s + "\"";
        return std::nullopt;
    }
    if (f.offset) {
        t.offset_minutes = *f.offset;
        t.unix = days_from_civil(f.year, f.month, f.day) * 86400 + f.hour * 3600 + f.minute * 60 +
                 f.second - static_cast<std::int64_t>(*f.offset) * 60;
        t.zone = format(0, *f.offset, false).substr(19);
        return t;
    }
    if (zone.empty()) {
        t.zone_known = false;
        t.zone = "UTC";
        t.unix = days_from_civil(f.year, f.month, f.day) * 86400 + f.hour * 3600 + f.minute * 60 +
                 f.second;
        return t;
    }
    auto local = in_zone(f, zone);
    if (!local) {
        why = "cannot place \"" + s + "\" in zone " + zone;
        return std::nullopt;
    }
    t.unix = local->first;
    t.offset_minutes = local->second;
    t.zone = zone;
    return t;
}

} // namespace renraku::core::notice
