#pragma once
// What one lookup's answers were valid for. A source's outcome for an address is a function of
// the address and the answers it was given; when every answer was about a network holding the
// address (an RDAP or whois range, IANA's bootstrap prefix), the same outcome holds for every
// address in the narrowest of those ranges, and the engine can reuse it instead of asking the
// source again. Any other answer (DNS, a question not about the address) makes it unusable.

#include "../cache/answer_cache.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <mutex>
#include <optional>
#include <string>

namespace renraku::core::net {

class AnswerTrail {
  public:
    /// An answer valid for addresses start..end (bytes) until `expires` (Unix seconds).
    void narrow(const std::string& start, const std::string& end, std::int64_t expires) {
        std::lock_guard lock(mutex_);
        if (!pure_) return;
        if (start.size() != end.size() || (has_range_ && start.size() != start_.size())) {
            pure_ = false;
            return;
        }
        if (!has_range_) {
            start_ = start;
            end_ = end;
            has_range_ = true;
        } else {
            start_ = std::max(start_, start);
            end_ = std::min(end_, end);
        }
        expires_ = std::min(expires_, expires);
    }
    /// An answer that holds for this address alone (or was not an answer at all).
    void impure() {
        std::lock_guard lock(mutex_);
        pure_ = false;
    }

    /// A question --offline could not answer from the cache: the source was not really asked.
    void offline_miss() {
        std::lock_guard lock(mutex_);
        pure_ = false;
        offline_miss_ = true;
    }
    bool missed_offline() const {
        std::lock_guard lock(mutex_);
        return offline_miss_;
    }

    /// The range the outcome holds for, when it holds for more than the address asked about.
    std::optional<cache::AddressRange> range() const {
        std::lock_guard lock(mutex_);
        if (!pure_ || !has_range_ || start_ > end_) return std::nullopt;
        return cache::AddressRange{"", start_, end_};
    }
    std::int64_t expires() const {
        std::lock_guard lock(mutex_);
        return expires_;
    }

  private:
    mutable std::mutex mutex_;
    bool pure_ = true;
    bool offline_miss_ = false;
    bool has_range_ = false;
    std::string start_;
    std::string end_;
    std::int64_t expires_ = std::numeric_limits<std::int64_t>::max();
};

} // namespace renraku::core::net
