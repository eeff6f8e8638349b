#pragma once
// --offline: the network services answer from the cache only. A question the cache cannot
// answer fails with this message, which the engine recognises: the source is reported as
// skipped for that indicator, not as failed.

namespace renraku::core::net {

inline constexpr const char* kOfflineMiss = "not in the cache (--offline: nothing is asked)";

} // namespace renraku::core::net
