#pragma once
// Politeness towards servers, behind one small interface so that the budget can be kept by this
// process alone (RateLimiter) or shared by several processes and machines.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace renraku::core::net {

/// Servers that tasks are waiting for, busiest first (for the progress line).
struct ServerWait {
    std::string server;
    int waiting = 0;
    double per_minute = 0;
};

class Limiter {
  public:
    using Clock = std::chrono::steady_clock;

    /// A slot on a server, held until destroyed.
    class Permit {
      public:
        Permit(Limiter* owner, std::string server) : owner_(owner), server_(std::move(server)) {}
        Permit(Permit&& o) noexcept : owner_(o.owner_), server_(std::move(o.server_)) {
            o.owner_ = nullptr;
        }
        Permit(const Permit&) = delete;
        Permit& operator=(const Permit&) = delete;
        Permit& operator=(Permit&&) = delete;
        ~Permit() {
            if (owner_ != nullptr) owner_->release(server_);
        }
        /// The question was answered without asking (another one's answer covered it while
        /// this one waited): the token goes back, so no budget is spent on nothing.
        void refund() {
            if (owner_ != nullptr) owner_->refund(server_);
        }

      private:
        Limiter* owner_;
        std::string server_;
    };

    virtual ~Limiter() = default;

    /// Wait for a token and a connection slot on `server`; nullopt when neither can be had before
    /// the deadline (the caller reports "rate limited" rather than waiting past its time).
    virtual std::optional<Permit> acquire(const std::string& server,
                                          Clock::time_point deadline) = 0;
    /// Leave `server` alone until `until`: it refused us for our rate.
    virtual void hold_off(const std::string& server, Clock::time_point until) = 0;
    /// True while `server` is being left alone.
    virtual bool held_off(const std::string& server) = 0;
    /// Servers with tasks waiting for a slot now.
    virtual std::vector<ServerWait> waiting() = 0;

  protected:
    virtual void release(const std::string& server) = 0;
    virtual void refund(const std::string& server) = 0;
};

} // namespace renraku::core::net
