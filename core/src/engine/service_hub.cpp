#include "service_hub.hpp"

#include "../cache/sqlite_cache.hpp"
#include "../net/rate_limiter.hpp"

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

std::unique_ptr<net::Limiter> make_limiter(const Config& config) {
    if (config.network.limiter != "local")
        throw ConfigError(where(config.file, 0) + "network.limiter = \"" + config.network.limiter +
                          "\" is not available in this build of renraku");
    return std::make_unique<net::RateLimiter>(limit_of(config.network.default_limit),
                                              limits_of(config.network));
}

std::unique_ptr<cache::AnswerCache> make_cache(const Config& config, CacheMode mode,
                                               std::vector<std::string>& warnings) {
    auto front =
        cache::make_memory_cache(static_cast<std::size_t>(config.cache.memory_mb) << 20);
    if (mode == CacheMode::off) return front;
    std::unique_ptr<cache::AnswerCache> back;
    try {
        back = open_shared_cache(config);
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
    if (config.cache.backend != "sqlite")
        throw ConfigError(where(config.file, 0) + "cache.backend = \"" + config.cache.backend +
                          "\" is not available in this build of renraku");
    return cache::open_sqlite_cache(config.cache.path.empty() ? cache::default_cache_file()
                                                              : config.cache.path);
}

ServiceHub::ServiceHub(const Config& config, CacheMode mode)
    : cache(make_cache(config, mode, warnings)), limiter(make_limiter(config)),
      resolver(dns::ResolverOptions{config.network.dns_servers,
                                    std::chrono::milliseconds(config.network.timeout_ms),
                                    cache.get(), policy_of(config.cache),
                                    mode == CacheMode::offline}),
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
           net::ConnectTo(config.network.connect_to), *limiter, *cache, policy_of(config.cache)) {
    // Only read here: a lookup never creates the ledger.
    std::error_code ec;
    auto file = ledger_file(config);
    if (std::filesystem::is_regular_file(file, ec)) {
        try {
            ledger = std::make_unique<Ledger>(file);
        } catch (const LedgerError& e) {
            warnings.push_back(std::string(e.what()) + "; feedback from notices not used");
        }
    }
}

std::filesystem::path ledger_file(const Config& config) {
    return config.notice.ledger.empty() ? Ledger::default_file() : config.notice.ledger;
}

} // namespace renraku::core
