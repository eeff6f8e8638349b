#pragma once
// A worker thread that is about to wait for something other than the CPU (a politeness slot, a
// question another task is already asking, a DNS answer) says so, so that the pool running it
// can start another worker meanwhile. Without this, workers all waiting for one slow registry
// would keep every other registry's questions queued behind them.

namespace renraku::core {

class BlockingObserver {
  public:
    virtual ~BlockingObserver() = default;
    virtual void begin_blocking() = 0;
    virtual void end_blocking() = 0;
};

/// The observer of the pool the current thread works for; null outside a pool.
inline thread_local BlockingObserver* current_blocking_observer = nullptr;

/// Marks the scope of one wait.
class BlockingRegion {
  public:
    BlockingRegion() : observer_(current_blocking_observer) {
        if (observer_ != nullptr) observer_->begin_blocking();
    }
    ~BlockingRegion() {
        if (observer_ != nullptr) observer_->end_blocking();
    }
    BlockingRegion(const BlockingRegion&) = delete;
    BlockingRegion& operator=(const BlockingRegion&) = delete;

  private:
    BlockingObserver* observer_;
};

} // namespace renraku::core
