#pragma once
// --offline: the network services answer from the cache only. A question the cache cannot
// answer fails with these words; the client marks the task's trail, and the engine reports the
// source as skipped for that indicator, not as failed.

namespace renraku::core {

inline constexpr const char* kOfflineMiss = "not in the cache (--offline: nothing is asked)";

} // namespace renraku::core
