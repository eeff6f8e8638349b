#include "rate_limiter.hpp"

#include "../util/blocking.hpp"

#include <algorithm>

namespace renraku::core::net {

RateLimiter::Bucket& RateLimiter::bucket(const std::string& server) {
    auto it = buckets_.find(server);
    if (it != buckets_.end()) return it->second;
    Bucket b;
    auto lim = per_server_.find(server);
    b.limit = lim == per_server_.end() ? defaults_ : lim->second;
    b.tokens = b.limit.burst;
    b.refilled = Clock::now();
    return buckets_.emplace(server, b).first->second;
}

std::optional<Limiter::Permit> RateLimiter::acquire(const std::string& server,
                                                    Clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    std::optional<BlockingRegion> blocking;
    struct Waiting {
        Bucket* b = nullptr;
        ~Waiting() {
            if (b != nullptr) --b->waiting;
        }
    } waiting;
    while (true) {
        Bucket& b = bucket(server);
        auto now = Clock::now();
        double per_second = b.limit.per_minute / 60.0;
        double elapsed = std::chrono::duration<double>(now - b.refilled).count();
        b.tokens = std::min<double>(b.limit.burst, b.tokens + elapsed * per_second);
        b.refilled = now;
        // A server that refused us for our rate is left alone until the time it gave; a
        // question that can wait that long waits, one that cannot is told so now.
        if (b.held_off_until > now) {
            if (b.held_off_until > deadline) return std::nullopt;
        } else if (b.tokens >= 1.0 && b.active < b.limit.concurrency) {
            b.tokens -= 1.0;
            ++b.active;
            return Permit(this, server);
        }
        Clock::time_point wake = deadline;
        if (b.held_off_until > now) {
            wake = b.held_off_until;
        } else if (b.tokens < 1.0 && per_second > 0) {
            auto wait = std::chrono::duration<double>((1.0 - b.tokens) / per_second);
            auto next_token = now + std::chrono::duration_cast<Clock::duration>(wait);
            if (next_token > deadline) return std::nullopt; // would break the limit or the deadline
            wake = std::min(wake, next_token);
        }
        if (waiting.b == nullptr) {
            waiting.b = &b;
            ++b.waiting;
        }
        if (!blocking) {
            // Tell the pool before sleeping; done unlocked, as the pool takes its own lock.
            lock.unlock();
            blocking.emplace();
            lock.lock();
            continue;
        }
        if (cv_.wait_until(lock, wake) == std::cv_status::timeout && Clock::now() >= deadline)
            return std::nullopt;
    }
}

void RateLimiter::release(const std::string& server) {
    {
        std::lock_guard lock(mutex_);
        --bucket(server).active;
    }
    cv_.notify_all();
}

void RateLimiter::refund(const std::string& server) {
    {
        std::lock_guard lock(mutex_);
        Bucket& b = bucket(server);
        b.tokens = std::min<double>(b.limit.burst, b.tokens + 1.0);
    }
    cv_.notify_all();
}

void RateLimiter::hold_off(const std::string& server, Clock::time_point until) {
    std::lock_guard lock(mutex_);
    Bucket& b = bucket(server);
    b.held_off_until = std::max(b.held_off_until, until);
    // Start again gently: no burst right after a refusal.
    b.tokens = std::min(b.tokens, 0.0);
}

bool RateLimiter::held_off(const std::string& server) {
    std::lock_guard lock(mutex_);
    return bucket(server).held_off_until > Clock::now();
}

std::vector<ServerWait> RateLimiter::waiting() {
    std::vector<ServerWait> out;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [name, b] : buckets_)
            if (b.waiting > 0) out.push_back({name, b.waiting, b.limit.per_minute});
    }
    std::sort(out.begin(), out.end(),
              [](const ServerWait& a, const ServerWait& b) { return a.waiting > b.waiting; });
    return out;
}

} // namespace renraku::core::net
