#pragma once
// Worker threads for source lookups. At most `running` workers run tasks at once; a worker that
// waits on the network's politeness or on another task's question (BlockingRegion) does not
// count, and the pool starts another worker in its place, up to `max_workers` threads in all.
// So a registry that makes everyone wait holds back only the tasks that need it.

#include "../util/blocking.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace renraku::core {

class ThreadPool final : public BlockingObserver {
  public:
    ThreadPool(int running, int max_workers)
        : running_limit_(running < 1 ? 1 : running),
          max_workers_(max_workers < running_limit_ ? running_limit_ : max_workers) {
        std::lock_guard lock(mutex_);
        for (int i = 0; i < running_limit_; ++i)
            spawn();
    }
    ~ThreadPool() override {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        cv_.notify_all();
        for (auto& t : threads_)
            t.join();
    }
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    void submit(std::function<void()> task) {
        {
            std::lock_guard lock(mutex_);
            queue_.push_back(std::move(task));
        }
        cv_.notify_one();
    }

    void begin_blocking() override {
        std::lock_guard lock(mutex_);
        --running_;
        if (!queue_.empty()) {
            if (idle_ == 0 && static_cast<int>(threads_.size()) < max_workers_) spawn();
            cv_.notify_one();
        }
    }
    void end_blocking() override {
        std::lock_guard lock(mutex_);
        ++running_; // may exceed the limit for a moment; no new task starts until it drops
    }

  private:
    void spawn() { threads_.emplace_back([this] { work(); }); }

    void work() {
        current_blocking_observer = this;
        std::unique_lock lock(mutex_);
        while (true) {
            ++idle_;
            cv_.wait(lock, [this] {
                return (stopping_ && queue_.empty()) ||
                       (!queue_.empty() && running_ < running_limit_);
            });
            --idle_;
            if (queue_.empty()) return; // stopping, and every queued task has run
            auto task = std::move(queue_.front());
            queue_.pop_front();
            ++running_;
            lock.unlock();
            task();
            task = nullptr; // what the task captured goes before the lock is taken
            lock.lock();
            --running_;
            if (!queue_.empty()) cv_.notify_one();
        }
    }

    const int running_limit_;
    const int max_workers_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> queue_;
    int running_ = 0;
    int idle_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

} // namespace renraku::core
