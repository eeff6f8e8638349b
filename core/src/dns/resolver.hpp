#pragma once
// The run's one DNS resolver: a c-ares channel owned by one thread, de-duplication of
// questions in flight, and answers kept in the run's cache for their TTL.

#include "../cache/answer_cache.hpp"
#include "renraku/sdk/dns.hpp"
#include "validator.hpp"

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace renraku::core::dns {

struct ResolverOptions {
    std::vector<std::string> servers; // "127.0.0.1:5353", "[::1]:53"; empty: system resolver
    std::chrono::milliseconds timeout{5000};
    cache::AnswerCache* cache = nullptr; // answers kept here for their TTL; null: its own
    cache::CachePolicy policy;
    bool cache_only = false; // --offline: answer from the cache, never send
    bool validate = false;   // network.dnssec = "validate": libunbound asks and validates
    std::string trust_anchor_file; // empty: the root's (kRootAnchorFile)
};

class Resolver {
  public:
    explicit Resolver(ResolverOptions options);
    ~Resolver();
    Resolver(const Resolver&) = delete;
    Resolver& operator=(const Resolver&) = delete;

    /// The answer to a question; asked on the network at most once while its answer lives.
    std::shared_future<sdk::DnsAnswer> ask(const std::string& name, sdk::RrType type);

    /// Questions actually sent (not served from cache or joined in flight).
    std::size_t questions_sent() const { return sent_.load(); }
    std::chrono::milliseconds timeout() const { return options_.timeout; }
    /// --offline: a name the cache cannot answer is not asked.
    bool cache_only() const { return options_.cache_only; }
    const std::string& server_label() const { return server_label_; }

    struct Pending; // one question on its way; public so the c-ares callback can finish it
    /// Called from the resolver's thread when a question is answered.
    void answered(const std::string& key, const sdk::DnsAnswer& answer);

  private:
    void start_channel();
    void run();
    void run_validating();
    void wake();
    void drain_wake(); // on the resolver's thread, after the wake pipe polled readable
    std::vector<std::unique_ptr<Pending>> take_queued(); // the questions asked since last time
    void finish(Pending& p, sdk::DnsAnswer answer);

    ResolverOptions options_;
    std::unique_ptr<cache::AnswerCache> own_cache_;
    std::string server_label_;
    struct Channel;
    std::unique_ptr<Channel> channel_;
    std::unique_ptr<Validator> validator_; // when validating: used instead of the channel
    std::mutex mutex_;
    std::map<std::string, std::shared_future<sdk::DnsAnswer>> in_flight_;
    std::vector<std::unique_ptr<Pending>> queue_;
    std::atomic<std::size_t> sent_{0};
    std::atomic<bool> stop_{false};
    int wake_pipe_[2] = {-1, -1};
    std::thread thread_;
};

/// An answer as the cache keeps it, read back; nullopt for anything damaged.
std::optional<sdk::DnsAnswer> dns_from_stored(const std::string& text);

} // namespace renraku::core::dns
