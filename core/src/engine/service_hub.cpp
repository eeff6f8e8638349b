#include "service_hub.hpp"

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

} // namespace

ServiceHub::ServiceHub(const Config& config)
    : resolver(dns::ResolverOptions{config.network.dns_servers,
                                    std::chrono::milliseconds(config.network.timeout_ms)}),
      limiter(limit_of(config.network.default_limit), limits_of(config.network)),
      whois(net::WhoisOptions{std::chrono::milliseconds(config.network.timeout_ms),
                              config.network.max_response_bytes, config.network.max_referrals},
            net::ConnectTo(config.network.connect_to), limiter, resolver),
      data_dir((config.data_dir.empty() ? net::default_data_dir() : config.data_dir).string()),
      bootstrap(data_dir),
      http(net::HttpOptions{std::chrono::milliseconds(config.network.timeout_ms),
                            config.network.max_response_bytes, config.network.tls_ca_file, 3},
           net::ConnectTo(config.network.connect_to), limiter) {}

} // namespace renraku::core
