#pragma once
// The exit statuses users and scripts rely on (CONTRACT.md), which a workflow's outcome decides.

namespace renraku::core {

inline constexpr int kExitAllFound = 0;      // every indicator has a `to` (or all went well)
inline constexpr int kExitSomeMissing = 1;   // some indicator has none
inline constexpr int kExitUsage = 2;         // bad input from the user, nothing done
inline constexpr int kExitSourcesFailed = 3; // a source failed, or was not asked in time

} // namespace renraku::core
