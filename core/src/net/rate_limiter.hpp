#pragma once
// Politeness towards each server: a token bucket (queries per minute, with a burst) and a cap
// on connections at once, shared by every source in the run.

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace renraku::core::net {

struct ServerLimit {
    double per_minute = 60;
    int burst = 5;
    int concurrency = 1;
};

class RateLimiter {
  public:
    using Clock = std::chrono::steady_clock;

    RateLimiter(ServerLimit defaults, std::map<std::string, ServerLimit> per_server)
        : defaults_(defaults), per_server_(std::move(per_server)) {}

    /// A slot on `server`, held until the Permit is destroyed.
    class Permit {
      public:
        Permit(RateLimiter* owner, std::string server)
            : owner_(owner), server_(std::move(server)) {}
        Permit(Permit&& o) noexcept : owner_(o.owner_), server_(std::move(o.server_)) {
            o.owner_ = nullptr;
        }
        Permit(const Permit&) = delete;
        Permit& operator=(const Permit&) = delete;
        Permit& operator=(Permit&&) = delete;
        ~Permit();

      private:
        RateLimiter* owner_;
        std::string server_;
    };

    /// Wait for a token and a connection slot; nullopt when neither can be had before the
    /// deadline (the caller reports "rate limited" rather than waiting past its time).
    std::optional<Permit> acquire(const std::string& server, Clock::time_point deadline);

    /// Leave `server` alone until `until`: it refused us for our rate (a registry's refusal, an
    /// HTTP 429). Shared by every service, so no source asks it meanwhile.
    void hold_off(const std::string& server, Clock::time_point until);
    /// True while `server` is being left alone.
    bool held_off(const std::string& server);

    /// Tokens taken from `server` so far (for tests and statistics).
    std::size_t granted(const std::string& server);

  private:
    struct Bucket {
        double tokens = 0;
        Clock::time_point refilled;
        int active = 0;
        Clock::time_point held_off_until{};
        std::size_t granted = 0;
        ServerLimit limit;
    };
    Bucket& bucket(const std::string& server);
    void release(const std::string& server);

    ServerLimit defaults_;
    std::map<std::string, ServerLimit> per_server_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::map<std::string, Bucket> buckets_;
};

} // namespace renraku::core::net
