#include "duration.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace renraku::core {

std::optional<std::chrono::milliseconds> parse_duration(const std::string& text) {
    if (text.empty()) return std::nullopt;
    double total_ms = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t used = 0;
        double v = 0;
        try {
            v = std::stod(text.substr(i), &used);
        } catch (const std::exception&) {
            return std::nullopt;
        }
        if (used == 0 || !(v >= 0) || v > 1e9) return std::nullopt;
        i += used;
        std::size_t unit_end = i;
        while (unit_end < text.size() && std::isalpha(static_cast<unsigned char>(text[unit_end])))
            ++unit_end;
        std::string unit = text.substr(i, unit_end - i);
        i = unit_end;
        double scale = unit == "ms"                  ? 1
                       : unit == "s" || unit.empty() ? 1000
                       : unit == "m"                 ? 60000
                       : unit == "h"                 ? 3600000
                                                     : -1;
        if (scale < 0 || (unit.empty() && i < text.size())) return std::nullopt;
        total_ms += v * scale;
    }
    if (total_ms <= 0 || total_ms > 1e12) return std::nullopt;
    return std::chrono::milliseconds(static_cast<long long>(total_ms));
}

std::string duration_text(double seconds) {
    long s = std::lround(std::max(0.0, seconds));
    if (s < 60) return std::to_string(s) + " s";
    if (s < 3600) return std::to_string(s / 60) + " min " + std::to_string(s % 60) + " s";
    return std::to_string(s / 3600) + " h " + std::to_string((s % 3600) / 60) + " min";
}

} // namespace renraku::core
