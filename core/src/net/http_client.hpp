#pragma once
// HTTPS through libcurl: verified TLS, bounded redirects and size, connect_to, politeness,
// 429 and Retry-After, connections kept open between requests, every question asked once, and
// answers cached: RDAP answers about a network serve every address inside it.

#include "../cache/answer_cache.hpp"
#include "answer_trail.hpp"
#include "endpoint.hpp"
#include "limiter.hpp"
#include "renraku/sdk/http.hpp"
#include "single_flight.hpp"
#include "task_clock.hpp"

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
    bool cache_only = false; // --offline: answer from the cache, never connect
};

class HttpClient {
  public:
    using Clock = std::chrono::steady_clock;
    HttpClient(HttpOptions options, ConnectTo connect_to, Limiter& limiter,
               cache::AnswerCache& cache, cache::CachePolicy policy);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    /// GET, once per question; `trail`, when given, learns what the answer holds for. Waiting
    /// for our turn is timed on `clock` as waiting; talking is bounded by its working deadline
    /// and `timeout`.
    sdk::HttpResponse get(const sdk::HttpRequest& request, TaskClock& clock,
                          AnswerTrail* trail = nullptr);
    /// The same with one deadline for waiting and talking alike (callers outside a batch).
    sdk::HttpResponse get(const sdk::HttpRequest& request, Clock::time_point deadline,
                          AnswerTrail* trail = nullptr);
    /// Requests actually sent, per host.
    std::size_t requests(const std::string& host);

  private:
    struct Handles;
    sdk::HttpResponse ask(const sdk::HttpRequest& request, TaskClock& clock);
    sdk::HttpResponse fetch(const std::string& url, const std::string& accept,
                            Clock::time_point deadline);
    std::optional<sdk::HttpResponse> cached(const std::string& key, const std::string& scope,
                                            const std::string& address);
    void remember(const std::string& key, const std::string& scope, const std::string& address,
                  const sdk::HttpResponse& r);

    HttpOptions options_;
    ConnectTo connect_to_;
    Limiter& limiter_;
    cache::AnswerCache& cache_;
    cache::CachePolicy policy_;
    std::unique_ptr<Handles> handles_;
    SingleFlight<sdk::HttpResponse> flights_;
    std::mutex mutex_;
    std::map<std::string, std::size_t> requests_;
};

/// An answer as the cache keeps it, read back; nullopt for anything damaged.
std::optional<sdk::HttpResponse> http_from_stored(const std::string& text);

} // namespace renraku::core::net
