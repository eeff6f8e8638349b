#pragma once
// The time of one lookup task, in two kinds: time spent working (talking to servers, reading
// what they said) and time spent waiting for our own turn (a server's budget, a connection slot,
// another lookup's identical question). Politeness is the design, so waiting is never held
// against a task: its working deadline moves on by every wait, and only the batch deadline the
// user set (`lookup --deadline`) ends a wait. A question that was never asked because of it is
// "not asked", not a server's failure.

#include <atomic>
#include <chrono>

namespace renraku::core::net {

class TaskClock {
  public:
    using Clock = std::chrono::steady_clock;

    /// Far enough ahead to be "never" for a batch, near enough that adding to it is safe.
    static Clock::time_point far_future() { return Clock::now() + std::chrono::hours(24 * 3650); }

    /// A task started at `start` that may work for `work` (waits not counted), whose waits end
    /// at `batch_deadline`.
    TaskClock(Clock::time_point start, Clock::duration work, Clock::time_point batch_deadline)
        : start_(start), work_(work), batch_deadline_(batch_deadline) {}

    /// One deadline for everything, waiting included: for callers outside a batch (tests, data
    /// updates) that want a bounded call.
    static TaskClock fixed(Clock::time_point deadline) {
        TaskClock c(Clock::now(), deadline - Clock::now(), deadline);
        c.fixed_ = true;
        return c;
    }

    TaskClock(const TaskClock& o)
        : start_(o.start_), work_(o.work_), batch_deadline_(o.batch_deadline_), fixed_(o.fixed_),
          waited_ns_(o.waited_ns_.load()) {}
    TaskClock& operator=(const TaskClock&) = delete;

    /// When the task's working time runs out: its start, its budget, and every wait so far
    /// (a wait under way counts up to now).
    Clock::time_point work_deadline() const {
        if (fixed_) return batch_deadline_;
        auto waited = std::chrono::nanoseconds(waited_ns_.load());
        if (auto since = waiting_since_ns_.load(); since != 0)
            waited += Clock::now().time_since_epoch() - std::chrono::nanoseconds(since);
        return start_ + work_ + std::chrono::duration_cast<Clock::duration>(waited);
    }
    /// The end of every wait: the user's batch deadline, or far away.
    Clock::time_point wait_deadline() const { return batch_deadline_; }
    /// True while the task waits for its turn.
    bool waiting() const { return depth_.load() > 0; }
    /// Time the task has spent waiting for its turn.
    Clock::duration waited() const {
        return std::chrono::duration_cast<Clock::duration>(
            std::chrono::nanoseconds(waited_ns_.load()));
    }

    /// A question was not asked: the batch deadline passed while it waited.
    void mark_not_asked() { not_asked_ = true; }
    bool not_asked() const { return not_asked_.load(); }

    /// Held while waiting for our turn: the time it lasts is added to the working deadline.
    class Wait {
      public:
        explicit Wait(TaskClock& c) : clock_(&c) { c.begin_wait(); }
        Wait(const Wait&) = delete;
        Wait& operator=(const Wait&) = delete;
        ~Wait() { clock_->end_wait(); }

      private:
        TaskClock* clock_;
    };

  private:
    static std::int64_t now_ns() {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(
                   Clock::now().time_since_epoch())
            .count();
    }
    void begin_wait() {
        if (depth_++ == 0) waiting_since_ns_ = now_ns();
    }
    void end_wait() {
        if (--depth_ == 0) {
            auto since = waiting_since_ns_.exchange(0);
            if (since != 0) waited_ns_ += now_ns() - since;
        }
    }

    Clock::time_point start_;
    Clock::duration work_;
    Clock::time_point batch_deadline_;
    bool fixed_ = false;
    std::atomic<std::int64_t> waited_ns_{0};
    std::atomic<std::int64_t> waiting_since_ns_{0};
    std::atomic<int> depth_{0};
    std::atomic<bool> not_asked_{false};
};

} // namespace renraku::core::net
