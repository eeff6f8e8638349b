#pragma once
// "did you mean" for a name the user mistyped: the closest known name, when it is close.

#include <algorithm>
#include <string>
#include <vector>

namespace renraku::core {

/// Edit distance (insertions, deletions, substitutions), for short names only.
inline std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

/// " (did you mean \"x\"?)" when a known name is within a third of the name's length of it
/// (or begins with it);
/// empty otherwise. Names longer than 64 characters are not compared (nobody types them).
inline std::string did_you_mean(const std::string& name, const std::vector<std::string>& known) {
    if (name.size() > 64) return {};
    const std::string* best = nullptr;
    std::size_t best_distance = std::max<std::size_t>(1, name.size() / 3) + 1;
    for (const auto& k : known) {
        if (k.size() > 64) continue;
        // "timeout" for "timeout_ms": a name cut short is as close as one typo.
        bool prefix = name.size() >= 3 && (k.rfind(name, 0) == 0 || name.rfind(k, 0) == 0);
        std::size_t d = prefix ? 1 : edit_distance(name, k);
        if (d < best_distance) {
            best_distance = d;
            best = &k;
        }
    }
    return best == nullptr ? std::string() : " (did you mean \"" + *best + "\"?)";
}

/// "a, b, c".
inline std::string comma_list(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

} // namespace renraku::core
