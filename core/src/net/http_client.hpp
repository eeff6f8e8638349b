#pragma once
// HTTPS through libcurl: verified TLS, bounded redirects and size, connect_to, politeness,
// 429 and Retry-After, connection reuse per worker thread, and a cache that serves RDAP
// answers about a network for every address inside it.

#include "endpoint.hpp"
#include "rate_limiter.hpp"
#include "renraku/sdk/http.hpp"

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace renraku::core::net {

struct HttpOptions {
    std::chrono::milliseconds timeout{5000};
    std::size_t max_bytes = 1 << 20;
    std::string ca_file;
    int max_redirects = 3;
};

class HttpClient {
  public:
    using Clock = std::chrono::steady_clock;
    HttpClient(HttpOptions options, ConnectTo connect_to, RateLimiter& limiter);
    sdk::HttpResponse get(const sdk::HttpRequest& request, Clock::time_point deadline);
    /// Requests actually sent, per host.
    std::size_t requests(const std::string& host);

  private:
    struct RangeEntry {
        std::string start;
        std::string end;
        sdk::HttpResponse response;
    };
    sdk::HttpResponse fetch(const std::string& url, const std::string& accept,
                            Clock::time_point deadline);
    std::optional<sdk::HttpResponse> cached(const std::string& url, const std::string& base,
                                            const std::string& address);
    void remember(const std::string& url, const std::string& base, const std::string& address,
                  const sdk::HttpResponse& r);

    HttpOptions options_;
    ConnectTo connect_to_;
    RateLimiter& limiter_;
    std::mutex mutex_;
    std::map<std::string, sdk::HttpResponse> exact_;
    std::map<std::string, std::vector<RangeEntry>> ranges_; // keyed by the URL up to "/ip/"
    std::map<std::string, std::size_t> requests_;
};

} // namespace renraku::core::net
