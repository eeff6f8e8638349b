#pragma once
// Every question once across processes and machines: before asking, a process claims the
// question in the shared cache; one that finds it claimed waits for the answer to appear there
// instead of asking too. A claim lapses by itself (a process that died), and one released
// without an answer (the question failed) lets the next waiter ask. With a cache no other
// process shares, claiming always succeeds and this costs nothing.

#include "../cache/answer_cache.hpp"
#include "../util/blocking.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <variant>

namespace renraku::core::net {

/// Holds a claim until it goes out of scope.
class Claim {
  public:
    Claim(cache::AnswerCache& cache, std::string key) : cache_(&cache), key_(std::move(key)) {}
    Claim(Claim&& o) noexcept : cache_(o.cache_), key_(std::move(o.key_)) { o.cache_ = nullptr; }
    Claim(const Claim&) = delete;
    Claim& operator=(const Claim&) = delete;
    Claim& operator=(Claim&&) = delete;
    ~Claim() {
        if (cache_ != nullptr) cache_->unclaim(key_);
    }

  private:
    cache::AnswerCache* cache_;
    std::string key_;
};

/// How long a claim holds: as long as its asker may still answer (its deadline, when it waits
/// for a server's budget too), so that it lapses only when that process is gone.
inline std::chrono::milliseconds claim_time(std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return std::max(left, std::chrono::milliseconds(1000));
}

/// Either the answer another process asked for (looked up with `cached`), or the claim to ask
/// it ourselves; nothing only when the deadline passed while waiting.
template <typename Answer, typename Cached>
std::optional<std::variant<Answer, Claim>>
claim_or_wait(cache::AnswerCache& cache, const std::string& key, std::chrono::milliseconds ttl,
              std::chrono::steady_clock::time_point deadline, Cached cached) {
    using Clock = std::chrono::steady_clock;
    constexpr auto kPoll = std::chrono::milliseconds(50);
    if (cache.claim(key, ttl)) return std::variant<Answer, Claim>(Claim(cache, key));
    BlockingRegion waiting;
    while (Clock::now() + kPoll < deadline) {
        std::this_thread::sleep_for(kPoll);
        if (auto hit = cached()) return std::variant<Answer, Claim>(std::move(*hit));
        if (cache.claim(key, ttl)) return std::variant<Answer, Claim>(Claim(cache, key));
    }
    return std::nullopt;
}

} // namespace renraku::core::net
