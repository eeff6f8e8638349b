#include "http_client.hpp"

#include "renraku/sdk/bootstrap.hpp"
#include "renraku/sdk/text.hpp"
#include "whois_client.hpp"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

namespace renraku::core::net {

namespace {

struct CurlGlobal {
    CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

// One easy handle per worker thread: libcurl keeps its connections open between requests.
struct ThreadHandle {
    CURL* curl = curl_easy_init();
    ~ThreadHandle() {
        if (curl != nullptr) curl_easy_cleanup(curl);
    }
    ThreadHandle() = default;
    ThreadHandle(const ThreadHandle&) = delete;
    ThreadHandle& operator=(const ThreadHandle&) = delete;
};

struct Sink {
    std::string body;
    std::size_t max = 0;
    bool overflow = false;
    long retry_after = -1;
    std::string content_type;
};

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
    auto* sink = static_cast<Sink*>(user);
    std::size_t len = size * n;
    if (sink->body.size() + len > sink->max) {
        sink->overflow = true;
        return 0; // aborts the transfer
    }
    sink->body.append(data, len);
    return len;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
    auto* sink = static_cast<Sink*>(user);
    std::string line(data, size * n);
    std::string lower = sdk::ascii_lower(line);
    if (lower.rfind("retry-after:", 0) == 0) {
        try {
            sink->retry_after = std::stol(line.substr(12));
        } catch (...) {
            sink->retry_after = -1;
        }
    }
    return size * n;
}

int remaining_ms(std::chrono::steady_clock::time_point until) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    return left.count() < 1 ? 1 : static_cast<int>(left.count());
}

sdk::HttpResponse failure(sdk::HttpStatus s, const std::string& msg) {
    sdk::HttpResponse r;
    r.status = s;
    r.message = msg;
    return r;
}

// "https://rdap.arin.net/registry/ip/192.0.2.1" -> "https://rdap.arin.net/registry/ip/"
std::string ip_base(const std::string& url) {
    auto pos = url.find("/ip/");
    return pos == std::string::npos ? std::string() : url.substr(0, pos + 4);
}

} // namespace

HttpClient::HttpClient(HttpOptions options, ConnectTo connect_to, RateLimiter& limiter)
    : options_(std::move(options)), connect_to_(std::move(connect_to)), limiter_(limiter) {
    static CurlGlobal global;
}

std::size_t HttpClient::requests(const std::string& host) {
    std::lock_guard lock(mutex_);
    return requests_[host];
}

std::optional<sdk::HttpResponse> HttpClient::cached(const std::string& url, const std::string& base,
                                                    const std::string& address) {
    std::lock_guard lock(mutex_);
    if (auto it = exact_.find(url); it != exact_.end()) return it->second;
    std::string bytes = address.empty() ? std::string() : address_bytes(address);
    if (bytes.empty() || base.empty()) return std::nullopt;
    auto it = ranges_.find(base);
    if (it == ranges_.end()) return std::nullopt;
    const RangeEntry* best = nullptr;
    for (const auto& e : it->second)
        if (e.start.size() == bytes.size() && bytes >= e.start && bytes <= e.end &&
            (best == nullptr || (e.start >= best->start && e.end <= best->end)))
            best = &e;
    if (best == nullptr) return std::nullopt;
    return best->response;
}

void HttpClient::remember(const std::string& url, const std::string& base,
                          const std::string& address, const sdk::HttpResponse& r) {
    std::lock_guard lock(mutex_);
    exact_[url] = r;
    if (base.empty() || address.empty() || r.status != sdk::HttpStatus::ok) return;
    // An RDAP ip network object says which range it covers (RFC 9083 §5.4).
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (!j.is_object() || !j.contains("startAddress") || !j.contains("endAddress") ||
        !j["startAddress"].is_string() || !j["endAddress"].is_string())
        return;
    std::string start = loose_address_bytes(j["startAddress"].get<std::string>());
    std::string end = loose_address_bytes(j["endAddress"].get<std::string>());
    std::string bytes = address_bytes(address);
    if (start.empty() || start.size() != end.size() || bytes.size() != start.size() ||
        bytes < start || bytes > end)
        return;
    ranges_[base].push_back({start, end, r});
}

sdk::HttpResponse HttpClient::get(const sdk::HttpRequest& request, Clock::time_point deadline) {
    std::string host = sdk::url_host(request.url);
    std::string base = request.address.empty() ? std::string() : ip_base(request.url);
    if (auto hit = cached(request.url, base, request.address)) {
        hit->from_cache = true;
        return *hit;
    }
    if (limiter_.held_off(host))
        return failure(sdk::HttpStatus::rate_limited,
                       host + " asked us to wait (HTTP 429 Retry-After); not asked again yet");
    auto permit = limiter_.acquire(host, deadline);
    if (!permit)
        return failure(sdk::HttpStatus::rate_limited,
                       "rate limit for " + host + " reached; not asked before the deadline");
    if (auto hit = cached(request.url, base, request.address)) {
        hit->from_cache = true;
        return *hit;
    }
    auto r = fetch(request.url, request.accept, deadline);
    if (r.status == sdk::HttpStatus::rate_limited)
        limiter_.hold_off(
            host, Clock::now() + std::chrono::seconds(r.retry_after_s > 0 ? r.retry_after_s : 60));
    if (r.status == sdk::HttpStatus::ok || r.status == sdk::HttpStatus::http_error)
        remember(request.url, base, request.address, r);
    return r;
}

sdk::HttpResponse HttpClient::fetch(const std::string& url, const std::string& accept,
                                    Clock::time_point deadline) {
    thread_local ThreadHandle handle;
    CURL* c = handle.curl;
    if (c == nullptr) return failure(sdk::HttpStatus::error, "cannot start libcurl");
    curl_easy_reset(c);
    Sink sink;
    sink.max = options_.max_bytes;
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, ("Accept: " + accept).c_str());
    curl_slist* connect_to = nullptr;
    for (const auto& [from, to] : connect_to_.rules()) {
        // curl's --connect-to writes "any host" as an empty HOST.
        std::string rule =
            (from.host == "*" ? std::string() : from.host) + ":" + std::to_string(from.port) + ":" +
            (to.host.find(':') != std::string::npos ? "[" + to.host + "]" : to.host) + ":" +
            std::to_string(to.port);
        connect_to = curl_slist_append(connect_to, rule.c_str());
    }
    auto until = std::min(deadline, Clock::now() + options_.timeout);
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    if (connect_to != nullptr) curl_easy_setopt(c, CURLOPT_CONNECT_TO, connect_to);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https,http");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, static_cast<long>(options_.max_redirects));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(remaining_ms(until)));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(remaining_ms(until)));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, options_.ca_file.c_str());
    curl_easy_setopt(c, CURLOPT_USERAGENT, "renraku");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &sink);
    {
        std::lock_guard lock(mutex_);
        ++requests_[sdk::url_host(url)];
    }
    CURLcode rc = curl_easy_perform(c);
    sdk::HttpResponse r;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.code);
    char* ct = nullptr;
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
    if (ct != nullptr) r.content_type = ct;
    char* eff = nullptr;
    curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &eff);
    r.final_url = eff != nullptr ? eff : url;
    curl_slist_free_all(headers);
    curl_slist_free_all(connect_to);
    r.body = std::move(sink.body);
    r.retry_after_s = sink.retry_after;
    std::string what = std::string(curl_easy_strerror(rc)) + " (" + url + ")";
    if (sink.overflow) {
        r.status = sdk::HttpStatus::too_large;
        r.message =
            "answer from " + url + " larger than " + std::to_string(options_.max_bytes) + " bytes";
    } else if (rc == CURLE_OPERATION_TIMEDOUT) {
        r.status = sdk::HttpStatus::timeout;
        r.message = "timeout after " + std::to_string(options_.timeout.count()) + " ms: " + url;
    } else if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST) {
        r.status = sdk::HttpStatus::unreachable;
        r.message = what;
    } else if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CONNECT_ERROR ||
               rc == CURLE_SSL_CACERT_BADFILE) {
        r.status = sdk::HttpStatus::tls_error;
        r.message = what;
    } else if (rc == CURLE_TOO_MANY_REDIRECTS) {
        r.status = sdk::HttpStatus::error;
        r.message = "more than " + std::to_string(options_.max_redirects) + " redirects: " + url;
    } else if (rc != CURLE_OK) {
        r.status = sdk::HttpStatus::error;
        r.message = what;
    } else if (r.code == 429) {
        r.status = sdk::HttpStatus::rate_limited;
        r.message =
            "HTTP 429 from " + url +
            (r.retry_after_s >= 0 ? " (Retry-After: " + std::to_string(r.retry_after_s) + " s)"
                                  : "");
    } else if (r.code >= 200 && r.code < 300) {
        r.status = sdk::HttpStatus::ok;
    } else {
        r.status = sdk::HttpStatus::http_error;
        r.message = "HTTP " + std::to_string(r.code) + " from " + url;
    }
    return r;
}

} // namespace renraku::core::net
