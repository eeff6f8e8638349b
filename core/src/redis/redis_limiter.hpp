#pragma once
// The politeness budget kept in Redis: one token bucket and one set of connection slots per
// server for every process using the same Redis, so that N workers together stay inside each
// registry's budget instead of multiplying it by N.

#include "../net/limiter.hpp"
#include "../net/rate_limiter.hpp"
#include "client.hpp"

#include <map>
#include <memory>

namespace renraku::core::redis {

/// What happens when Redis cannot be reached: "stop" asks nothing (a question is refused as
/// over budget), "local" falls back to this process's own budget, saying so.
enum class OnUnreachable { stop, local };

std::unique_ptr<net::Limiter> make_redis_limiter(std::shared_ptr<Pool> pool,
                                                 net::ServerLimit defaults,
                                                 std::map<std::string, net::ServerLimit> per_server,
                                                 std::chrono::milliseconds slot_lease,
                                                 OnUnreachable on_unreachable);

} // namespace renraku::core::redis
