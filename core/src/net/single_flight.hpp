#pragma once
// Every question asked once: a question already on its way is joined, not asked again, and a
// question about an address near one on its way (the same /24 or /48) waits for that answer
// first, since it is likely to cover both.

#include "../util/blocking.hpp"

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>

namespace renraku::core::net {

/// The neighbourhood of an address (bytes): its /24 or /48, under a scope.
inline std::string neighbourhood(const std::string& scope, const std::string& address_bytes) {
    if (address_bytes.size() == 4) return scope + "|" + address_bytes.substr(0, 3);
    if (address_bytes.size() == 16) return scope + "|" + address_bytes.substr(0, 6);
    return {};
}

template <class Answer> class SingleFlight {
  public:
    using Clock = std::chrono::steady_clock;

    struct Flight {
        std::mutex mutex;
        std::condition_variable cv;
        bool done = false;
        bool has_answer = false;
        Answer answer;
    };

    /// The asker's hold on a question: unregisters it, and wakes those who joined, when it goes.
    class Lead {
      public:
        Lead(SingleFlight* owner, std::string key, std::string near, std::shared_ptr<Flight> f)
            : owner_(owner), key_(std::move(key)), near_(std::move(near)), flight_(std::move(f)) {}
        Lead(const Lead&) = delete;
        Lead& operator=(const Lead&) = delete;
        ~Lead() {
            if (!answered_) owner_->finish(key_, near_, flight_, std::nullopt);
        }
        void answer(const Answer& a) {
            if (answered_) return;
            answered_ = true;
            owner_->finish(key_, near_, flight_, a);
        }

      private:
        bool answered_ = false;
        SingleFlight* owner_;
        std::string key_;
        std::string near_;
        std::shared_ptr<Flight> flight_;
    };

    SingleFlight() = default;

    /// Join `key` if it is on its way (nullptr otherwise).
    std::shared_ptr<Flight> on_its_way(const std::string& key) {
        std::lock_guard lock(mutex_);
        auto it = by_key_.find(key);
        return it == by_key_.end() ? nullptr : it->second;
    }
    /// A question on its way in the neighbourhood `near` (nullptr when none).
    std::shared_ptr<Flight> nearby(const std::string& near) {
        if (near.empty()) return nullptr;
        std::lock_guard lock(mutex_);
        auto it = by_near_.find(near);
        return it == by_near_.end() ? nullptr : it->second;
    }

    /// Become the asker of `key`; null when someone else became it first.
    std::unique_ptr<Lead> lead(const std::string& key, const std::string& near) {
        std::lock_guard lock(mutex_);
        if (by_key_.count(key) != 0) return nullptr;
        auto f = std::make_shared<Flight>();
        by_key_.emplace(key, f);
        if (!near.empty()) by_near_.emplace(near, f);
        return std::make_unique<Lead>(this, key, near, f);
    }

    /// Wait for a flight's answer until the deadline; nullopt when it failed to give one.
    static std::optional<Answer> wait(Flight& f, Clock::time_point deadline) {
        std::unique_lock lock(f.mutex);
        if (!f.done) {
            lock.unlock();
            BlockingRegion blocking;
            lock.lock();
            f.cv.wait_until(lock, deadline, [&] { return f.done; });
        }
        if (!f.done || !f.has_answer) return std::nullopt;
        return f.answer;
    }

    /// The answer from `cached()` or from the same question on its way (marked as not asked by
    /// us), or, when there is neither, the asker's hold on the question: ask it, then answer().
    /// Waits for a question about a nearby address first, since its answer may cover ours.
    /// The Lead may be null when others keep asking the same thing; then ask without one.
    template <class Cached>
    std::variant<Answer, std::unique_ptr<Lead>>
    answer_or_lead(const std::string& key, const std::string& near, Clock::time_point deadline,
                   const Cached& cached) {
        // Bounded: each round either answers, or waits for a question on its way to end.
        for (int round = 0; round < 8; ++round) {
            if (std::optional<Answer> hit = cached()) return std::move(*hit);
            if (auto same = on_its_way(key)) {
                if (auto a = wait(*same, deadline)) {
                    a->from_cache = true;
                    return std::move(*a);
                }
                continue;
            }
            if (auto close_by = nearby(near)) {
                wait(*close_by, deadline);
                continue;
            }
            if (auto l = lead(key, near)) return l;
        }
        return lead(key, std::string());
    }

  private:
    void finish(const std::string& key, const std::string& near, const std::shared_ptr<Flight>& f,
                const std::optional<Answer>& a) {
        {
            std::lock_guard lock(mutex_);
            auto it = by_key_.find(key);
            if (it != by_key_.end() && it->second == f) by_key_.erase(it);
            auto nt = by_near_.find(near);
            if (nt != by_near_.end() && nt->second == f) by_near_.erase(nt);
        }
        {
            std::lock_guard lock(f->mutex);
            if (a) {
                f->answer = *a;
                f->has_answer = true;
            }
            f->done = true;
        }
        f->cv.notify_all();
    }

    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<Flight>> by_key_;
    std::map<std::string, std::shared_ptr<Flight>> by_near_;
};

} // namespace renraku::core::net
