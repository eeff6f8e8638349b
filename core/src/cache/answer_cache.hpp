#pragma once
// Answers kept between questions: by the exact question, and — for answers about a network —
// by the address range the answer covers, so that every later address inside it is answered
// without asking. One small interface, so that the store can be this process's memory, a file
// shared by the processes of one machine, or a server shared by several machines.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace renraku::core::cache {

/// How long answers are kept.
struct CachePolicy {
    std::int64_t answer_ttl_s = 86400;  ///< a registry's or server's answer
    std::int64_t negative_ttl_s = 3600; ///< "no such object", NXDOMAIN
    std::int64_t dns_max_ttl_s = 86400; ///< DNS answers are kept for their TTL, at most this
};

/// Seconds since the Unix epoch.
std::int64_t unix_now();

/// The range an answer covers: address bytes (4 or 16, equal lengths) under a scope that
/// names who answered ("https://rdap.example.net/ip/", "whois.example.net:43").
struct AddressRange {
    std::string scope;
    std::string start;
    std::string end;
};

struct Hit {
    std::string value;
    std::int64_t expires = 0; ///< Unix seconds
    std::string key;
    std::optional<AddressRange> range; ///< for find_covering(): the range that held the address
};

struct CacheStats {
    std::string backend;  ///< "memory", "sqlite", ...
    std::string location; ///< a file or URL, when there is one
    std::size_t entries = 0;
    std::size_t ranges = 0;
    std::size_t bytes = 0;
    std::size_t expired = 0;
};

class AnswerCache {
  public:
    virtual ~AnswerCache() = default;
    /// The unexpired answer stored under `key`.
    virtual std::optional<Hit> find(const std::string& key) = 0;
    /// The unexpired answer of the most specific range under `scope` that holds `address`.
    virtual std::optional<Hit> find_covering(const std::string& scope,
                                             const std::string& address) = 0;
    /// Keep `value` under `key` until `expires`, and under `range` too when given.
    virtual void store(const std::string& key, const std::string& value, std::int64_t expires,
                       const std::optional<AddressRange>& range) = 0;
    virtual CacheStats stats() = 0;
    virtual void clear() = 0;

    /// Say "I am asking this now" to the other processes sharing the cache, for `ttl` at most;
    /// false when another one already is (wait for its answer in the cache instead). A cache
    /// no one else shares has nobody to tell: always true.
    virtual bool claim(const std::string& key, std::chrono::milliseconds ttl) {
        (void)key;
        (void)ttl;
        return true;
    }
    /// The question is answered (or given up): others may ask it.
    virtual void unclaim(const std::string& key) { (void)key; }
};

/// The run's own cache in memory, bounded: the least recently used answers go first.
std::unique_ptr<AnswerCache> make_memory_cache(std::size_t max_bytes);

/// A fast cache in front of a slower, shared one. The back one is written through; it is read
/// only when `read_back` (false for --refresh: ask again, keep the new answers).
std::unique_ptr<AnswerCache> make_tiered_cache(std::unique_ptr<AnswerCache> front,
                                               std::unique_ptr<AnswerCache> back, bool read_back);

} // namespace renraku::core::cache
