#pragma once
// Politeness kept by this process: a token bucket per server (queries per minute, with a
// burst) and a cap on connections at once, shared by every source in the run.

#include "limiter.hpp"

#include <condition_variable>
#include <map>
#include <mutex>

namespace renraku::core::net {

struct ServerLimit {
    double per_minute = 60;
    int burst = 5;
    int concurrency = 1;
};

class RateLimiter final : public Limiter {
  public:
    RateLimiter(ServerLimit defaults, std::map<std::string, ServerLimit> per_server)
        : defaults_(defaults), per_server_(std::move(per_server)) {}

    std::optional<Permit> acquire(const std::string& server, Clock::time_point deadline) override;
    void hold_off(const std::string& server, Clock::time_point until) override;
    bool held_off(const std::string& server) override;
    std::vector<ServerWait> waiting() override;

  private:
    struct Bucket {
        double tokens = 0;
        Clock::time_point refilled;
        int active = 0;
        int waiting = 0;
        Clock::time_point held_off_until{};
        ServerLimit limit;
    };
    Bucket& bucket(const std::string& server);
    void release(const std::string& server) override;
    void refund(const std::string& server) override;

    ServerLimit defaults_;
    std::map<std::string, ServerLimit> per_server_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::map<std::string, Bucket> buckets_;
};

} // namespace renraku::core::net
