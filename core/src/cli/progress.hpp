#pragma once
// A progress line on standard error while a batch runs: done/total, rate, time left, and which
// server's budget is holding the run back. Only on a terminal unless asked for.

#include "../net/limiter.hpp"

#include "../util/duration.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <ostream>
#include <thread>

namespace renraku::core {

class Progress {
  public:
    /// `terminal`: the line is redrawn in place; otherwise one line is written now and then.
    Progress(std::ostream& err, std::size_t total, net::Limiter& limiter, bool terminal);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    void one_done() { ++done_; }
    /// Stop drawing and clear the line.
    void stop();

    /// The line as it would be drawn now (for tests).
    std::string line();

  private:
    void run();

    std::ostream& err_;
    std::size_t total_;
    net::Limiter& limiter_;
    bool terminal_;
    std::chrono::steady_clock::time_point start_;
    std::atomic<std::size_t> done_{0};
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace renraku::core
