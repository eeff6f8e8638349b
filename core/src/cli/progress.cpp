#include "progress.hpp"

#include "renraku/sdk/text.hpp"

#include <cmath>
#include <sstream>

namespace renraku::core {

namespace {

std::string budget_text(double per_minute) {
    std::ostringstream o;
    if (per_minute >= 120)
        o << std::lround(per_minute / 60) << " a second";
    else
        o << std::lround(per_minute) << " a minute";
    return o.str();
}

} // namespace

Progress::Progress(std::ostream& err, std::size_t total, net::Limiter& limiter, bool terminal)
    : err_(err), total_(total), limiter_(limiter), terminal_(terminal),
      start_(std::chrono::steady_clock::now()), thread_([this] { run(); }) {}

Progress::~Progress() {
    stop();
}

std::string Progress::line() {
    std::size_t done = done_.load();
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    std::ostringstream o;
    o << "renraku: " << done << "/" << total_ << " done";
    if (elapsed > 0.5 && done > 0) {
        double rate = static_cast<double>(done) / elapsed;
        o << ", " << (rate >= 10 ? std::lround(rate) : std::lround(rate * 10) / 10.0) << "/s";
        if (done < total_) o << ", about " << duration_text((total_ - done) / rate) << " left";
    }
    auto waits = limiter_.waiting();
    if (!waits.empty())
        o << "; waiting for " << sdk::sanitize(waits.front().server, 80) << ": "
          << budget_text(waits.front().per_minute);
    return o.str();
}

void Progress::run() {
    std::unique_lock lock(mutex_);
    std::size_t width = 0;
    // On a terminal the line is redrawn twice a second; elsewhere (--progress into a file) a
    // line every ten seconds is enough.
    auto every = terminal_ ? std::chrono::milliseconds(500) : std::chrono::milliseconds(10000);
    while (!cv_.wait_for(lock, every, [this] { return stopping_; })) {
        std::string text = line();
        if (terminal_) {
            err_ << "\r" << text;
            if (text.size() < width) err_ << std::string(width - text.size(), ' ');
            width = text.size();
        } else {
            err_ << text << "\n";
        }
        err_.flush();
    }
    if (terminal_ && width > 0) err_ << "\r" << std::string(width, ' ') << "\r" << std::flush;
    // Into a file or a pipe, the last count is always written.
    if (!terminal_) err_ << line() << "\n" << std::flush;
}

void Progress::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

} // namespace renraku::core
