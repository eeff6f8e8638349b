#pragma once
// The answer cache in Redis, shared by every process and machine that uses the same server:
// a network asked by any of them is answered for all within its TTL.

#include "../cache/answer_cache.hpp"
#include "client.hpp"

#include <memory>

namespace renraku::core::redis {

/// Throws RedisError when the server cannot be reached now.
std::unique_ptr<cache::AnswerCache> open_redis_cache(std::shared_ptr<Pool> pool);

} // namespace renraku::core::redis
