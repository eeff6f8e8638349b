#pragma once
// Sources' outcomes kept by the address range they hold for (see net/answer_trail.hpp), so that
// the next address of a network already looked up is answered without running the source
// again: the same answers, the same outcome. Bounded; the oldest go first.

#include "renraku/sdk/outcome.hpp"

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace renraku::core {

class OutcomeMemo {
  public:
    explicit OutcomeMemo(std::size_t max_entries) : max_entries_(max_entries) {}

    /// The outcome `source` gave for a range holding `address` (bytes), while it holds.
    std::shared_ptr<const sdk::Outcome> find(const std::string& source,
                                             const std::string& address);
    void store(const std::string& source, const std::string& start, const std::string& end,
               std::int64_t expires, sdk::Outcome outcome);

  private:
    struct Entry {
        std::string end;
        std::int64_t expires = 0;
        std::shared_ptr<const sdk::Outcome> outcome;
    };
    struct Key {
        std::string scope;
        std::string start;
    };

    std::size_t max_entries_;
    mutable std::mutex mutex_;
    std::map<std::string, std::map<std::string, std::vector<Entry>>> by_scope_;
    std::deque<Key> order_;
    std::size_t count_ = 0;
};

/// True when the outcome's text names `value` (then it is about that indicator alone).
bool outcome_mentions(const sdk::Outcome& o, const std::string& value);

} // namespace renraku::core
