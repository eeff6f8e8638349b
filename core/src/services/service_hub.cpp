#include "service_hub.hpp"

#include "../cache/sqlite_cache.hpp"
#include "../net/rate_limiter.hpp"
#include "../redis/redis_cache.hpp"
#include "../redis/redis_limiter.hpp"

namespace renraku::core {

namespace {

net::ServerLimit limit_of(const LimitConfig& c) {
    return {c.per_minute, c.burst, c.concurrency};
}

std::map<std::string, net::ServerLimit> limits_of(const NetworkConfig& n) {
    std::map<std::string, net::ServerLimit> out;
    for (const auto& [host, lim] : n.limits)
        out[host] = limit_of(lim);
    return out;
}

cache::CachePolicy policy_of(const CacheConfig& c) {
    return {c.ttl_s, c.negative_ttl_s, c.dns_max_ttl_s};
}

bool falls_back(const Config& config) {
    return config.redis.on_unreachable == "local";
}

// Redis out of reach at the start: stop with one line, or say so and go on with local state.
[[noreturn]] void redis_stop(const Config& config, const redis::RedisError& e, const char* what) {
    throw ConfigError(std::string(e.what()) + ": " + what +
                      " cannot be shared; stopping ([redis] on_unreachable = \"stop\" in " +
                      (config.file.empty() ? std::string("the defaults") : config.file.string()) +
                      ")");
}

std::unique_ptr<net::Limiter> make_limiter(const Config& config,
                                           const std::shared_ptr<redis::Pool>& pool,
                                           std::vector<std::string>& warnings) {
    auto local = [&] {
        return std::make_unique<net::RateLimiter>(limit_of(config.network.default_limit),
                                                  limits_of(config.network));
    };
    if (config.network.limiter != "redis") return local();
    try {
        // Slots are leased for a few seconds and renewed while held: a process that dies
        // frees its slots within one lease.
        auto lease = std::chrono::milliseconds(3000);
        return redis::make_redis_limiter(
            pool, limit_of(config.network.default_limit), limits_of(config.network), lease,
            falls_back(config) ? redis::OnUnreachable::local : redis::OnUnreachable::stop);
    } catch (const redis::RedisError& e) {
        if (!falls_back(config)) redis_stop(config, e, "the politeness budget");
        warnings.push_back(std::string(e.what()) +
                           "; going on with this process's own politeness budget (not shared "
                           "with other processes)");
        return local();
    }
}

std::shared_ptr<redis::Pool> make_pool(const Config& config) {
    if (config.cache.backend != "redis" && config.network.limiter != "redis") return nullptr;
    return std::make_shared<redis::Pool>(config.redis.endpoint,
                                         std::chrono::milliseconds(config.network.timeout_ms));
}

std::unique_ptr<cache::AnswerCache> make_cache(const Config& config, CacheMode mode,
                                               const std::shared_ptr<redis::Pool>& pool,
                                               std::vector<std::string>& warnings) {
    auto front = cache::make_memory_cache(static_cast<std::size_t>(config.cache.memory_mb) << 20);
    if (mode == CacheMode::off) return front;
    std::unique_ptr<cache::AnswerCache> back;
    try {
        back = config.cache.backend == "redis" ? redis::open_redis_cache(pool)
                                               : open_shared_cache(config);
    } catch (const redis::RedisError& e) {
        if (!falls_back(config)) redis_stop(config, e, "the answer cache");
        Config local = config;
        local.cache.backend = "sqlite";
        warnings.push_back(std::string(e.what()) +
                           "; going on with this machine's own cache (not shared)");
        try {
            back = open_shared_cache(local);
        } catch (const cache::CacheError& e2) {
            warnings.push_back(std::string(e2.what()) + "; going on without the persistent cache");
        }
    } catch (const cache::CacheError& e) {
        // The lookups still work without it; they are only not kept.
        warnings.push_back(std::string(e.what()) + "; going on without the persistent cache");
    }
    if (!back) return front;
    return cache::make_tiered_cache(std::move(front), std::move(back),
                                    mode == CacheMode::use || mode == CacheMode::offline);
}

} // namespace

std::unique_ptr<cache::AnswerCache> open_shared_cache(const Config& config) {
    if (config.cache.backend == "none") return nullptr;
    if (config.cache.backend == "redis") {
        try {
            return redis::open_redis_cache(std::make_shared<redis::Pool>(
                config.redis.endpoint, std::chrono::milliseconds(config.network.timeout_ms)));
        } catch (const redis::RedisError& e) {
            throw cache::CacheError(e.what());
        }
    }
    return cache::open_sqlite_cache(config.cache.path.empty() ? cache::default_cache_file()
                                                              : config.cache.path);
}

ServiceHub::ServiceHub(const Config& config, CacheMode mode)
    : redis_pool(make_pool(config)), cache(make_cache(config, mode, redis_pool, warnings)),
      limiter(make_limiter(config, redis_pool, warnings)),
      resolver(dns::ResolverOptions{
          config.network.dns_servers, std::chrono::milliseconds(config.network.timeout_ms),
          cache.get(), policy_of(config.cache), mode == CacheMode::offline,
          config.network.dnssec_validate, config.network.dnssec_trust_anchor_file}),
      whois(net::WhoisOptions{std::chrono::milliseconds(config.network.timeout_ms),
                              config.network.max_response_bytes, config.network.max_referrals,
                              mode == CacheMode::offline},
            net::ConnectTo(config.network.connect_to), *limiter, resolver, *cache,
            policy_of(config.cache)),
      data(config), data_dir(data.shipped().string()),
      bootstrap([this](const std::string& relative) { return data.find(relative); }),
      http(net::HttpOptions{std::chrono::milliseconds(config.network.timeout_ms),
                            config.network.max_response_bytes, config.network.tls_ca_file, 3,
                            mode == CacheMode::offline},
           net::ConnectTo(config.network.connect_to), *limiter, *cache, policy_of(config.cache)),
      mirror(config) {
    // Only read here: a lookup never creates the ledger.
    std::error_code ec;
    auto file = ledger_file(config);
    if (std::filesystem::is_regular_file(file, ec)) {
        try {
            ledger = std::make_unique<Ledger>(file);
            history = std::make_unique<LedgerHistory>(*ledger);
        } catch (const LedgerError& e) {
            warnings.push_back(std::string(e.what()) + "; feedback from notices not used");
        }
    }
}

std::filesystem::path ledger_file(const Config& config) {
    return config.notice.ledger.empty() ? Ledger::default_file() : config.notice.ledger;
}

} // namespace renraku::core
