#include "redis_cache.hpp"

#include "scripts.hpp"

#include <atomic>
#include <condition_variable>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

namespace renraku::core::redis {

namespace {

constexpr const char* kAnswers = "renraku:a:";
constexpr const char* kRanges = "renraku:r:";
constexpr const char* kClaims = "renraku:q:";
constexpr int kRangeScan = 64;
constexpr std::size_t kScanSteps = 100000; // bounds stats() and clear() on a huge database
constexpr std::chrono::milliseconds kClaimLease{3000};

std::string hex(const std::string& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::string unhex(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i + 1 < text.size(); i += 2)
        out += static_cast<char>(std::stoi(text.substr(i, 2), nullptr, 16));
    return out;
}

std::string ranges_key(const std::string& scope, std::size_t address_size) {
    return kRanges + scope + "|" + std::to_string(address_size);
}

// "EXPIRES\nVALUE": the expiry travels with the value.
std::optional<cache::Hit> hit_of(const std::string& key, const std::string& payload) {
    auto nl = payload.find('\n');
    if (nl == std::string::npos || nl > 20) return std::nullopt;
    cache::Hit h;
    try {
        h.expires = std::stoll(payload.substr(0, nl));
    } catch (const std::exception&) {
        return std::nullopt;
    }
    if (h.expires <= cache::unix_now()) return std::nullopt;
    h.value = payload.substr(nl + 1);
    h.key = key;
    return h;
}

class RedisCache final : public cache::AnswerCache {
  public:
    explicit RedisCache(std::shared_ptr<Pool> pool)
        : pool_(std::move(pool)), store_(scripts::kStore), covering_(scripts::kCovering),
          renew_(scripts::kRenew) {
        ping(*pool_);
        renewer_.emplace(kClaimLease / 3, [this] { renew_claims(); });
    }

    std::optional<cache::Hit> find(const std::string& key) override {
        try {
            auto c = pool_->lease();
            auto r = c->command({"GET", kAnswers + key});
            if (r.value().nil() || r.value().error()) return std::nullopt;
            return hit_of(key, r.value().str());
        } catch (const RedisError& e) {
            unreachable(e);
            return std::nullopt;
        }
    }

    std::optional<cache::Hit> find_covering(const std::string& scope,
                                            const std::string& address) override {
        try {
            auto c = pool_->lease();
            auto r = c->eval(covering_, {ranges_key(scope, address.size())},
                             {hex(address), kAnswers, std::to_string(kRangeScan)});
            auto v = r.value();
            if (!v.array() || v.size() != 4) return std::nullopt;
            auto h = hit_of(v[0].str(), v[1].str());
            if (!h) return std::nullopt;
            h->range = cache::AddressRange{scope, unhex(v[2].str()), unhex(v[3].str())};
            return h;
        } catch (const RedisError& e) {
            unreachable(e);
            return std::nullopt;
        }
    }

    void store(const std::string& key, const std::string& value, std::int64_t expires,
               const std::optional<cache::AddressRange>& range) override {
        std::string zkey;
        std::string member;
        if (range && range->start.size() == range->end.size() && !range->start.empty()) {
            zkey = ranges_key(range->scope, range->start.size());
            member = hex(range->start) + " " + hex(range->end) + " " + key;
        }
        try {
            auto c = pool_->lease();
            c->eval(store_, {kAnswers + key, zkey.empty() ? kAnswers + key : zkey},
                    {std::to_string(expires) + "\n" + value, std::to_string(expires), member});
        } catch (const RedisError& e) {
            unreachable(e); // only an answer not shared
        }
    }

    // A claim is a short lease this process renews while it holds it: however long the
    // question waits for a server's budget, the others wait for its answer; if the process
    // dies, its claims lapse within kClaimLease and another process asks.
    bool claim(const std::string& key, std::chrono::milliseconds) override {
        try {
            auto c = pool_->lease();
            auto r = c->command({"SET", kClaims + key, "1", "NX", "PX",
                                 std::to_string(kClaimLease.count())});
            if (r.value().nil()) return false;
            std::lock_guard lock(claims_mutex_);
            ++held_[kClaims + key];
            return true;
        } catch (const RedisError& e) {
            unreachable(e);
            return true; // nobody to coordinate with: ask
        }
    }

    void unclaim(const std::string& key) override {
        {
            std::lock_guard lock(claims_mutex_);
            auto it = held_.find(kClaims + key);
            if (it != held_.end() && --it->second <= 0) held_.erase(it);
        }
        try {
            auto c = pool_->lease();
            c->command({"DEL", kClaims + key});
        } catch (const RedisError& e) {
            unreachable(e);
        }
    }

    cache::CacheStats stats() override {
        cache::CacheStats s;
        s.backend = "redis";
        s.location = pool_->url().text;
        s.entries = count(std::string(kAnswers) + "*");
        s.ranges = count(std::string(kRanges) + "*");
        return s;
    }

    void clear() override {
        for (const char* prefix : {kAnswers, kRanges, kClaims})
            each_key(std::string(prefix) + "*", [](Connection& c, const std::string& k) {
                c.command({"UNLINK", k});
            });
    }

  private:
    void renew_claims() {
        std::vector<std::string> keys;
        {
            std::lock_guard lock(claims_mutex_);
            for (const auto& [k, n] : held_)
                keys.push_back(k);
        }
        if (keys.empty()) return;
        try {
            auto c = pool_->lease();
            c->eval(renew_, keys, {std::to_string(kClaimLease.count())});
        } catch (const RedisError& e) {
            unreachable(e);
        }
    }

    template <typename F> std::size_t each_key(const std::string& pattern, F on_key) {
        auto c = pool_->lease();
        std::string cursor = "0";
        std::size_t n = 0;
        for (std::size_t step = 0; step < kScanSteps; ++step) {
            auto r = c->command({"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"});
            auto v = r.value();
            if (!v.array() || v.size() != 2) break;
            for (std::size_t i = 0; i < v[1].size(); ++i) {
                on_key(*c.operator->(), v[1][i].str());
                ++n;
            }
            cursor = v[0].str();
            if (cursor == "0") break;
        }
        return n;
    }
    std::size_t count(const std::string& pattern) {
        return each_key(pattern, [](Connection&, const std::string&) {});
    }

    // Said once: the lookups go on, asking for themselves, still within the shared budget.
    void unreachable(const RedisError& e) {
        if (!warned_.exchange(true))
            std::cerr << "renraku: warning: the shared cache is out of reach (" << e.what()
                      << "); answers are neither shared nor kept until it is back\n";
    }

    std::shared_ptr<Pool> pool_;
    Script store_;
    Script covering_;
    Script renew_;
    std::atomic<bool> warned_{false};
    std::mutex claims_mutex_;
    std::map<std::string, int> held_; // claim key -> holders in this process
    std::optional<Periodic> renewer_; // last: started once everything it uses is there
};

} // namespace

std::unique_ptr<cache::AnswerCache> open_redis_cache(std::shared_ptr<Pool> pool) {
    return std::make_unique<RedisCache>(std::move(pool));
}

} // namespace renraku::core::redis
