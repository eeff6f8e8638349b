#include "answer_cache.hpp"

#include <chrono>
#include <list>
#include <map>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace renraku::core::cache {

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

namespace {

// How many ranges starting at or below an address are looked at for one that holds it. Nested
// and neighbouring networks are few in practice; a miss only means asking the server.
constexpr int kRangeScan = 64;

class MemoryCache final : public AnswerCache {
  public:
    explicit MemoryCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

    std::optional<Hit> find(const std::string& key) override {
        std::lock_guard lock(mutex_);
        return find_locked(key, unix_now());
    }

    std::optional<Hit> find_covering(const std::string& scope,
                                     const std::string& address) override {
        std::lock_guard lock(mutex_);
        auto s = ranges_.find(scope);
        if (s == ranges_.end()) return std::nullopt;
        auto now = unix_now();
        const auto& by_start = s->second;
        auto it = by_start.upper_bound(address);
        int scanned = 0;
        while (it != by_start.begin() && scanned++ < kRangeScan) {
            --it;
            if (it->first.size() != address.size()) continue;
            // The most specific range: the largest start, then the smallest end.
            const std::string* best = nullptr;
            const std::string* best_end = nullptr;
            for (const auto& [end, key] : it->second)
                if (address <= end && (best_end == nullptr || end < *best_end)) {
                    best = &key;
                    best_end = &end;
                }
            if (best != nullptr) {
                if (auto hit = find_locked(*best, now)) return hit;
            }
        }
        return std::nullopt;
    }

    void store(const std::string& key, const std::string& value, std::int64_t expires,
               const std::optional<AddressRange>& range) override {
        std::lock_guard lock(mutex_);
        erase_locked(key);
        std::size_t size = key.size() + value.size() + 64;
        if (size > max_bytes_) return;
        lru_.push_front(key);
        Entry e{value, expires, lru_.begin(), size, std::nullopt};
        if (range && range->start.size() == range->end.size() && range->start <= range->end) {
            ranges_[range->scope][range->start].emplace_back(range->end, key);
            e.range = range;
            e.size += range->scope.size() + range->start.size() * 2;
        }
        bytes_ += e.size;
        entries_.emplace(key, std::move(e));
        while (bytes_ > max_bytes_ && !lru_.empty())
            erase_locked(lru_.back());
    }

    CacheStats stats() override {
        std::lock_guard lock(mutex_);
        CacheStats s;
        s.backend = "memory";
        s.entries = entries_.size();
        for (const auto& [scope, by_start] : ranges_)
            for (const auto& [start, ends] : by_start)
                s.ranges += ends.size();
        s.bytes = bytes_;
        return s;
    }

    void clear() override {
        std::lock_guard lock(mutex_);
        entries_.clear();
        ranges_.clear();
        lru_.clear();
        bytes_ = 0;
    }

  private:
    struct Entry {
        std::string value;
        std::int64_t expires = 0;
        std::list<std::string>::iterator lru;
        std::size_t size = 0;
        std::optional<AddressRange> range;
    };

    std::optional<Hit> find_locked(const std::string& key, std::int64_t now) {
        auto it = entries_.find(key);
        if (it == entries_.end()) return std::nullopt;
        if (it->second.expires <= now) {
            erase_locked(key);
            return std::nullopt;
        }
        lru_.splice(lru_.begin(), lru_, it->second.lru);
        return Hit{it->second.value, it->second.expires, key, it->second.range};
    }

    void erase_locked(const std::string& key) {
        auto it = entries_.find(key);
        if (it == entries_.end()) return;
        if (const auto& r = it->second.range) {
            auto s = ranges_.find(r->scope);
            if (s != ranges_.end()) {
                auto st = s->second.find(r->start);
                if (st != s->second.end()) {
                    auto& ends = st->second;
                    for (auto e = ends.begin(); e != ends.end(); ++e)
                        if (e->second == key) {
                            ends.erase(e);
                            break;
                        }
                    if (ends.empty()) s->second.erase(st);
                }
                if (s->second.empty()) ranges_.erase(s);
            }
        }
        bytes_ -= it->second.size;
        lru_.erase(it->second.lru);
        entries_.erase(it);
    }

    std::size_t max_bytes_;
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;
    // scope -> start -> (end, key)
    std::map<std::string, std::map<std::string, std::vector<std::pair<std::string, std::string>>>>
        ranges_;
    std::list<std::string> lru_;
    std::size_t bytes_ = 0;
};

class TieredCache final : public AnswerCache {
  public:
    TieredCache(std::unique_ptr<AnswerCache> front, std::unique_ptr<AnswerCache> back,
                bool read_back)
        : front_(std::move(front)), back_(std::move(back)), read_back_(read_back) {}

    std::optional<Hit> find(const std::string& key) override {
        if (auto hit = front_->find(key)) return hit;
        if (!back_ || !read_back_) return std::nullopt;
        auto hit = back_->find(key);
        if (hit) front_->store(key, hit->value, hit->expires, std::nullopt);
        return hit;
    }

    std::optional<Hit> find_covering(const std::string& scope,
                                     const std::string& address) override {
        if (auto hit = front_->find_covering(scope, address)) return hit;
        if (!back_ || !read_back_) return std::nullopt;
        auto hit = back_->find_covering(scope, address);
        if (hit) front_->store(hit->key, hit->value, hit->expires, hit->range);
        return hit;
    }

    void store(const std::string& key, const std::string& value, std::int64_t expires,
               const std::optional<AddressRange>& range) override {
        front_->store(key, value, expires, range);
        if (back_) back_->store(key, value, expires, range);
    }

    CacheStats stats() override { return back_ ? back_->stats() : front_->stats(); }
    bool claim(const std::string& key, std::chrono::milliseconds ttl) override {
        return back_ ? back_->claim(key, ttl) : true;
    }
    void unclaim(const std::string& key) override {
        if (back_) back_->unclaim(key);
    }

    void clear() override {
        front_->clear();
        if (back_) back_->clear();
    }

  private:
    std::unique_ptr<AnswerCache> front_;
    std::unique_ptr<AnswerCache> back_;
    bool read_back_;
};

} // namespace

std::unique_ptr<AnswerCache> make_memory_cache(std::size_t max_bytes) {
    return std::make_unique<MemoryCache>(max_bytes);
}

std::unique_ptr<AnswerCache> make_tiered_cache(std::unique_ptr<AnswerCache> front,
                                               std::unique_ptr<AnswerCache> back, bool read_back) {
    return std::make_unique<TieredCache>(std::move(front), std::move(back), read_back);
}

} // namespace renraku::core::cache
