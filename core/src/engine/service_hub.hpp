#pragma once
// Every network service of one run, shared by all tasks: the resolver, the rate limiter, the
// whois client.

#include "../config/config.hpp"
#include "../dns/resolver.hpp"
#include "../net/bootstrap_data.hpp"
#include "../net/http_client.hpp"
#include "../net/rate_limiter.hpp"
#include "../net/whois_client.hpp"

namespace renraku::core {

struct ServiceHub {
    explicit ServiceHub(const Config& config);

    dns::Resolver resolver;
    net::RateLimiter limiter;
    net::WhoisClient whois;
    std::string data_dir; // renraku's data files: [data] dir, or the shipped data
    net::BootstrapData bootstrap;
    net::HttpClient http;
};

} // namespace renraku::core
