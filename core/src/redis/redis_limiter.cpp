#include "redis_limiter.hpp"

#include "../util/blocking.hpp"
#include "scripts.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <iostream>
#include <thread>
#include <unistd.h>

namespace renraku::core::redis {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// A waiter polls Redis at most this often while a slot is taken (the token wait is exact).
constexpr milliseconds kSlotPoll{50};
constexpr milliseconds kMaxSleep{1000};

std::string this_process() {
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    return std::string(host) + ":" + std::to_string(getpid());
}

class RedisLimiter final : public net::Limiter {
  public:
    RedisLimiter(std::shared_ptr<Pool> pool, net::ServerLimit defaults,
                 std::map<std::string, net::ServerLimit> per_server, milliseconds lease,
                 OnUnreachable on_unreachable)
        : pool_(std::move(pool)), defaults_(defaults), per_server_(per_server), lease_(lease),
          on_unreachable_(on_unreachable), local_(defaults, std::move(per_server)),
          acquire_(scripts::kAcquire), hold_off_(scripts::kHoldOff),
          renew_(scripts::kRenewSlots), refund_(scripts::kRefund), me_(this_process()) {
        ping(*pool_);
        renewer_.emplace(lease_ / 3, [this] { renew_slots(); });
    }

    std::optional<Permit> acquire(const std::string& server, Clock::time_point deadline) override {
        if (fell_back_) return local_acquire(server, deadline);
        Host& h = host(server);
        const net::ServerLimit lim = limit_of(server);
        std::optional<BlockingRegion> blocking;
        std::unique_lock lock(h.mutex);
        ++h.waiting;
        struct Leave {
            Host& h;
            ~Leave() {
                std::lock_guard l(h.mutex);
                --h.waiting;
                h.polling = false;
                h.cv.notify_one();
            }
        };
        // One waiter of this process asks Redis for a server at a time; the others wait here.
        while (h.polling) {
            if (!blocking) {
                lock.unlock();
                blocking.emplace();
                lock.lock();
                continue;
            }
            if (h.cv.wait_until(lock, deadline) == std::cv_status::timeout && h.polling) {
                --h.waiting;
                return std::nullopt;
            }
        }
        h.polling = true;
        Leave leave{h};
        lock.unlock();
        const double per_ms = lim.per_minute / 60000.0;
        while (true) {
            long long wait = 0;
            std::string id = me_ + ":" + std::to_string(++serial_);
            try {
                auto c = pool_->lease();
                auto r = c->eval(acquire_,
                                 {"renraku:l:" + server, "renraku:c:" + server, "renraku:h:" + server},
                                 {std::to_string(per_ms), std::to_string(lim.burst),
                                  std::to_string(lim.concurrency), id,
                                  std::to_string(lease_.count())});
                if (r.value().error()) throw RedisError(r.value().str());
                wait = r.value().integer();
            } catch (const RedisError& e) {
                if (!unreachable(e)) return std::nullopt;
                return local_acquire(server, deadline);
            }
            if (wait == 0) {
                std::lock_guard held(h.mutex);
                h.held.push_back(id);
                return Permit(this, server);
            }
            milliseconds sleep = wait < 0 ? kSlotPoll : milliseconds(wait);
            if (wait > 0 && Clock::now() + sleep > deadline) return std::nullopt;
            if (Clock::now() + kSlotPoll > deadline) return std::nullopt;
            if (!blocking) blocking.emplace();
            std::this_thread::sleep_for(std::min(sleep, kMaxSleep));
        }
    }

    void hold_off(const std::string& server, Clock::time_point until) override {
        local_.hold_off(server, until);
        if (fell_back_) return;
        auto ms = std::chrono::duration_cast<milliseconds>(until - Clock::now()).count();
        if (ms <= 0) return;
        try {
            auto c = pool_->lease();
            c->eval(hold_off_, {"renraku:h:" + server}, {std::to_string(ms)});
        } catch (const RedisError& e) {
            unreachable(e);
        }
    }

    bool held_off(const std::string& server) override {
        if (fell_back_) return local_.held_off(server);
        try {
            auto c = pool_->lease();
            return c->command({"PTTL", "renraku:h:" + server}).value().integer() > 0;
        } catch (const RedisError& e) {
            unreachable(e);
            return local_.held_off(server);
        }
    }

    std::vector<net::ServerWait> waiting() override {
        if (fell_back_) return local_.waiting();
        std::vector<net::ServerWait> out;
        std::lock_guard lock(hosts_mutex_);
        for (auto& [name, h] : hosts_) {
            std::lock_guard hl(h->mutex);
            if (h->waiting > 0) out.push_back({name, h->waiting, limit_of(name).per_minute});
        }
        std::sort(out.begin(), out.end(),
                  [](const auto& a, const auto& b) { return a.waiting > b.waiting; });
        return out;
    }

  private:
    // Slots are short leases renewed while held: a process that dies frees its slots within
    // one lease, however long its questions may take.
    void renew_slots() {
        if (fell_back_) return;
        std::vector<std::string> keys;
        std::vector<std::string> ids;
        {
            std::lock_guard hl(hosts_mutex_);
            for (auto& [name, h] : hosts_) {
                std::lock_guard l(h->mutex);
                for (const auto& id : h->held) {
                    keys.push_back("renraku:c:" + name);
                    ids.push_back(id);
                }
            }
        }
        if (keys.empty()) return;
        ids.push_back(std::to_string(lease_.count()));
        try {
            auto c = pool_->lease();
            c->eval(renew_, keys, ids);
        } catch (const RedisError& e) {
            unreachable(e);
        }
    }

    struct Host {
        std::mutex mutex;
        std::condition_variable cv;
        bool polling = false;
        int waiting = 0;
        std::vector<std::string> held; // our slots' ids on this server
    };

    void release(const std::string& server) override {
        Host& h = host(server);
        std::string id;
        {
            std::lock_guard lock(h.mutex);
            if (h.held.empty()) return; // a permit of the local fallback
            id = std::move(h.held.back());
            h.held.pop_back();
        }
        try {
            auto c = pool_->lease();
            c->command({"ZREM", "renraku:c:" + server, id});
        } catch (const RedisError& e) {
            unreachable(e); // the slot's lease runs out by itself
        }
    }

    void refund(const std::string& server) override {
        if (fell_back_) return;
        try {
            auto c = pool_->lease();
            c->eval(refund_, {"renraku:l:" + server}, {std::to_string(limit_of(server).burst)});
        } catch (const RedisError& e) {
            unreachable(e);
        }
    }

    std::optional<Permit> local_acquire(const std::string& server, Clock::time_point deadline) {
        auto p = local_.acquire(server, deadline);
        if (!p) return std::nullopt;
        // The local limiter's permit releases into the local limiter when it goes; ours wraps
        // nothing, so hand out the local one.
        return p;
    }

    // Says what happens, once. True when the run goes on with the local budget.
    bool unreachable(const RedisError& e) {
        bool local = on_unreachable_ == OnUnreachable::local;
        if (!warned_.exchange(true))
            std::cerr << "renraku: warning: the shared politeness budget is out of reach ("
                      << e.what() << "); "
                      << (local ? "going on with this process's own budget: other processes no "
                                  "longer share it"
                                : "nothing more is asked until it is back ([redis] "
                                  "on_unreachable = \"stop\")")
                      << "\n";
        if (local) fell_back_ = true;
        return local;
    }

    Host& host(const std::string& server) {
        std::lock_guard lock(hosts_mutex_);
        auto& h = hosts_[server];
        if (!h) h = std::make_unique<Host>();
        return *h;
    }

    net::ServerLimit limit_of(const std::string& server) const {
        auto it = per_server_.find(server);
        return it == per_server_.end() ? defaults_ : it->second;
    }

    std::shared_ptr<Pool> pool_;
    net::ServerLimit defaults_;
    std::map<std::string, net::ServerLimit> per_server_;
    milliseconds lease_;
    OnUnreachable on_unreachable_;
    net::RateLimiter local_;
    Script acquire_;
    Script hold_off_;
    Script renew_;
    Script refund_;
    std::string me_;
    std::atomic<std::uint64_t> serial_{0};
    std::atomic<bool> fell_back_{false};
    std::atomic<bool> warned_{false};
    std::mutex hosts_mutex_;
    std::map<std::string, std::unique_ptr<Host>> hosts_;
    std::optional<Periodic> renewer_; // last: started once everything it uses is there
};

} // namespace

std::unique_ptr<net::Limiter> make_redis_limiter(std::shared_ptr<Pool> pool,
                                                 net::ServerLimit defaults,
                                                 std::map<std::string, net::ServerLimit> per_server,
                                                 milliseconds slot_lease,
                                                 OnUnreachable on_unreachable) {
    return std::make_unique<RedisLimiter>(std::move(pool), defaults, std::move(per_server),
                                          slot_lease, on_unreachable);
}

} // namespace renraku::core::redis
