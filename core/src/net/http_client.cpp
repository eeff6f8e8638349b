#include "http_client.hpp"
#include "../model/offline.hpp"
#include "polite_ask.hpp"
#include "shared_flight.hpp"

#include "renraku/sdk/bootstrap.hpp"
#include "renraku/sdk/text.hpp"
#include "whois_client.hpp"

#include "../indicator/special.hpp"

#include "curl_api.hpp"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sys/socket.h>

namespace renraku::core::net {

namespace {

constexpr long kMaxRetryAfter = 3600;

struct Sink {
    std::string body;
    std::size_t max = 0;
    bool overflow = false;
    long retry_after = -1;
    bool retry_capped = false;
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
            // Seconds (an HTTP date is taken as "a while"); a server asking for years gets an
            // hour: long enough to be left alone, short enough not to lose it for good.
            long v = std::stol(line.substr(12));
            sink->retry_after = v < 0 ? -1 : std::min(v, kMaxRetryAfter);
            sink->retry_capped = v > kMaxRetryAfter;
        } catch (...) {
            sink->retry_after = -1;
        }
    }
    return size * n;
}

// Where a connection may not go: an address in special-purpose space (loopback, private,
// link-local...) that the user's connect_to does not send the host to on purpose. Checked on
// the address curl is about to connect to, for the first URL and every redirect alike.
struct SocketGuard {
    const ConnectTo* connect_to = nullptr;
    CURL* curl = nullptr;
    std::string refused;
};

curl_socket_t open_guarded(void* user, curlsocktype purpose, curl_sockaddr* address) {
    auto* guard = static_cast<SocketGuard*>(user);
    if (purpose == CURLSOCKTYPE_IPCXN && address != nullptr) {
        char* url = nullptr;
        curl::easy_getinfo(guard->curl, CURLINFO_EFFECTIVE_URL, &url);
        std::string current = url != nullptr ? url : "";
        std::string host = sdk::url_host(current);
        int port = current.rfind("http://", 0) == 0 ? 80 : 443;
        if (auto colon = current.find(':', current.find("//") + 2);
            colon != std::string::npos && colon < current.find('/', current.find("//") + 2) &&
            current.find(']', current.find("//") + 2) == std::string::npos) {
            try {
                port = std::stoi(current.substr(colon + 1));
            } catch (...) {
            }
        }
        char ip[64] = {0};
        if (address->family == AF_INET)
            inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&address->addr)->sin_addr, ip,
                      sizeof ip);
        else if (address->family == AF_INET6)
            inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&address->addr)->sin6_addr, ip,
                      sizeof ip);
        if (!guard->connect_to->maps(Endpoint{host, port})) {
            if (auto special = special_purpose(ip, -1)) {
                guard->refused = "not followed: " + host + " is at " + ip + ", " + special->name +
                                 " (" + special->rfc + ")";
                return CURL_SOCKET_BAD;
            }
        }
    }
    return socket(address->family, address->socktype, address->protocol);
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

// Easy handles kept between requests, each with its open connections; any worker takes one.
struct HttpClient::Handles {
    static constexpr std::size_t kKept = 64;
    std::mutex mutex;
    std::vector<CURL*> free;
    ~Handles() {
        for (CURL* c : free)
            curl::easy_cleanup(c);
    }
    CURL* take() {
        {
            std::lock_guard lock(mutex);
            if (!free.empty()) {
                CURL* c = free.back();
                free.pop_back();
                return c;
            }
        }
        return curl::easy_init();
    }
    void give_back(CURL* c) {
        {
            std::lock_guard lock(mutex);
            if (free.size() < kKept) {
                free.push_back(c);
                return;
            }
        }
        curl::easy_cleanup(c);
    }
};

namespace {

// An answer that came over HTTPS came through curl's verification (peer and host are always
// checked; a failure is a tls_error), so it is verified; the certificate's subject and issuer
// come from curl's certificate information, which a reused connection does not repeat: the
// last ones seen for the host are kept for it.
void note_certificate(CURL* c, sdk::HttpResponse& r) {
    static std::mutex seen_mutex;
    static std::map<std::string, std::pair<std::string, std::string>> seen;
    r.tls_verified = true;
    curl_certinfo* info = nullptr;
    curl::easy_getinfo(c, CURLINFO_CERTINFO, &info);
    std::string host = sdk::url_host(r.final_url);
    if (info != nullptr && info->num_of_certs > 0) {
        for (curl_slist* field = info->certinfo[0]; field != nullptr; field = field->next) {
            std::string text = field->data != nullptr ? field->data : "";
            if (text.rfind("Subject:", 0) == 0) r.tls_subject = sdk::sanitize(text.substr(8), 300);
            if (text.rfind("Issuer:", 0) == 0) r.tls_issuer = sdk::sanitize(text.substr(7), 300);
        }
        std::lock_guard lock(seen_mutex);
        if (seen.size() < 4096) seen[host] = {r.tls_subject, r.tls_issuer};
        return;
    }
    std::lock_guard lock(seen_mutex);
    if (auto it = seen.find(host); it != seen.end()) {
        r.tls_subject = it->second.first;
        r.tls_issuer = it->second.second;
    }
}

// A stored answer: one line of JSON about it, then the body as it came (any bytes).
std::string stored_form(const sdk::HttpResponse& r) {
    nlohmann::json meta{{"status", static_cast<int>(r.status)},
                        {"code", r.code},
                        {"type", r.content_type},
                        {"url", r.final_url},
                        {"message", r.message},
                        {"tls_verified", r.tls_verified},
                        {"tls_subject", r.tls_subject},
                        {"tls_issuer", r.tls_issuer}};
    return meta.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n" + r.body;
}

} // namespace

// A stored answer is read as carefully as one from the network: the file may be damaged.
std::optional<sdk::HttpResponse> http_from_stored(const std::string& text) {
    auto newline = text.find('\n');
    if (newline == std::string::npos) return std::nullopt;
    auto j = nlohmann::json::parse(text.substr(0, newline), nullptr, false);
    if (!j.is_object()) return std::nullopt;
    auto str = [&](const char* k) {
        auto it = j.find(k);
        return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    auto st = j.find("status");
    auto code = j.find("code");
    if (st == j.end() || !st->is_number_integer() || code == j.end() || !code->is_number_integer())
        return std::nullopt;
    int status = st->get<int>();
    if (status != static_cast<int>(sdk::HttpStatus::ok) &&
        status != static_cast<int>(sdk::HttpStatus::http_error))
        return std::nullopt;
    sdk::HttpResponse r;
    r.status = static_cast<sdk::HttpStatus>(status);
    r.code = code->get<long>();
    r.body = text.substr(newline + 1);
    r.content_type = str("type");
    r.final_url = str("url");
    r.message = str("message");
    // How it travelled when it was first fetched; an older stored answer did not say.
    auto verified = j.find("tls_verified");
    r.tls_verified = verified != j.end() && verified->is_boolean() && verified->get<bool>() &&
                     r.final_url.rfind("https://", 0) == 0;
    r.tls_subject = str("tls_subject");
    r.tls_issuer = str("tls_issuer");
    return r;
}

HttpClient::HttpClient(HttpOptions options, ConnectTo connect_to, Limiter& limiter,
                       cache::AnswerCache& cache, cache::CachePolicy policy)
    : options_(std::move(options)), connect_to_(std::move(connect_to)), limiter_(limiter),
      cache_(cache), policy_(policy), handles_(std::make_unique<Handles>()) {}

HttpClient::~HttpClient() = default;

std::size_t HttpClient::requests(const std::string& host) {
    std::lock_guard lock(mutex_);
    return requests_[host];
}

std::optional<sdk::HttpResponse>
HttpClient::cached(const std::string& key, const std::string& scope, const std::string& address) {
    // An address question is nearly always answered by a range (a network asked about
    // before), so the range is looked for first.
    std::optional<cache::Hit> hit;
    if (!scope.empty() && !address.empty()) hit = cache_.find_covering(scope, address);
    if (!hit) hit = cache_.find(key);
    if (!hit) return std::nullopt;
    auto r = http_from_stored(hit->value);
    if (r) r->from_cache = true;
    return r;
}

void HttpClient::remember(const std::string& key, const std::string& scope,
                          const std::string& address, const sdk::HttpResponse& r) {
    bool missing = r.status == sdk::HttpStatus::http_error && (r.code == 404 || r.code == 410);
    if (r.status != sdk::HttpStatus::ok && !missing) return;
    auto expires = cache::unix_now() + (missing ? policy_.negative_ttl_s : policy_.answer_ttl_s);
    std::optional<cache::AddressRange> range;
    if (r.status == sdk::HttpStatus::ok && !scope.empty() && !address.empty()) {
        // An RDAP ip network object says which range it covers (RFC 9083 §5.4); only a range
        // that holds the address asked about is trusted to answer for others.
        auto j = nlohmann::json::parse(r.body, nullptr, false);
        if (j.is_object() && j.contains("startAddress") && j.contains("endAddress") &&
            j["startAddress"].is_string() && j["endAddress"].is_string()) {
            std::string start = loose_address_bytes(j["startAddress"].get<std::string>());
            std::string end = loose_address_bytes(j["endAddress"].get<std::string>());
            if (!start.empty() && start.size() == end.size() && address.size() == start.size() &&
                address >= start && address <= end)
                range = cache::AddressRange{scope, start, end};
        }
    }
    cache_.store(key, stored_form(r), expires, range);
}

sdk::HttpResponse HttpClient::get(const sdk::HttpRequest& request, Clock::time_point deadline,
                                  AnswerTrail* trail) {
    TaskClock clock = TaskClock::fixed(deadline);
    return get(request, clock, trail);
}

sdk::HttpResponse HttpClient::get(const sdk::HttpRequest& request, TaskClock& clock,
                                  AnswerTrail* trail) {
    auto r = ask(request, clock);
    if (trail == nullptr) return r;
    if (options_.cache_only && !r.from_cache && r.status != sdk::HttpStatus::ok)
        trail->offline_miss(); // --offline kept the question from being asked
    // What the answer holds for: the range it is kept under, when it is this very answer.
    std::string address = request.address.empty() ? std::string() : address_bytes(request.address);
    std::string base = address.empty() ? std::string() : ip_base(request.url);
    if (r.status == sdk::HttpStatus::ok && !base.empty()) {
        auto hit = cache_.find_covering("http|" + request.accept + "|" + base, address);
        if (hit && hit->range && hit->value.size() >= r.body.size() &&
            hit->value.compare(hit->value.size() - r.body.size(), r.body.size(), r.body) == 0) {
            trail->narrow(hit->range->start, hit->range->end, hit->expires);
            return r;
        }
    }
    trail->impure();
    return r;
}

sdk::HttpResponse HttpClient::ask(const sdk::HttpRequest& request, TaskClock& clock) {
    std::string host = sdk::url_host(request.url);
    const std::string key = "http|" + request.accept + "|" + request.url;
    std::string address = request.address.empty() ? std::string() : address_bytes(request.address);
    std::string base = address.empty() ? std::string() : ip_base(request.url);
    std::string scope = base.empty() ? std::string() : "http|" + request.accept + "|" + base;
    std::string near = scope.empty() ? std::string() : neighbourhood(scope, address);

    if (options_.cache_only) {
        if (auto hit = cached(key, scope, address)) return *hit;
        return failure(sdk::HttpStatus::unreachable, kOfflineMiss);
    }
    return ask_politely<sdk::HttpResponse>(
        flights_, cache_, limiter_, clock, PoliteQuestion{host, key, near},
        [&] { return cached(key, scope, address); },
        [&](std::optional<Limiter::Permit>&) {
            auto r = fetch(request.url, request.accept, clock.work_deadline());
            if (r.status == sdk::HttpStatus::rate_limited)
                // Refused for our rate: every question to it waits as long as it asks.
                limiter_.hold_off(host, Clock::now() + std::chrono::seconds(r.retry_after_s > 0
                                                                                ? r.retry_after_s
                                                                                : 60));
            return r;
        },
        [](const sdk::HttpResponse& r) { return r.status == sdk::HttpStatus::rate_limited; },
        [&](NotAsked why) {
            switch (why) {
            case NotAsked::waiting_to_ask:
                return failure(sdk::HttpStatus::timeout,
                               "not asked: the deadline passed while waiting to ask " +
                                   request.url);
            case NotAsked::waiting_for_other:
                return failure(sdk::HttpStatus::timeout,
                               "not asked: the deadline passed while waiting for another "
                               "process's answer to " +
                                   request.url);
            case NotAsked::held_off:
                return failure(sdk::HttpStatus::rate_limited,
                               host + " asked us to wait (HTTP 429 Retry-After); not asked again "
                                      "before the deadline");
            case NotAsked::waiting_for_budget:
                break;
            }
            return failure(sdk::HttpStatus::rate_limited,
                           "not asked: the deadline passed while waiting for our turn at " + host +
                               " (its budget in [network.limits])");
        },
        [&](const sdk::HttpResponse& r) { remember(key, scope, address, r); });
}

sdk::HttpResponse HttpClient::fetch(const std::string& url, const std::string& accept,
                                    Clock::time_point deadline) {
    CURL* c = handles_->take();
    if (c == nullptr) return failure(sdk::HttpStatus::error, "cannot start libcurl");
    struct GiveBack {
        Handles& h;
        CURL* c;
        ~GiveBack() { h.give_back(c); }
    } give_back{*handles_, c};
    curl::easy_reset(c);
    Sink sink;
    sink.max = options_.max_bytes;
    curl_slist* headers = nullptr;
    headers = curl::slist_append(headers, ("Accept: " + accept).c_str());
    curl_slist* connect_to = nullptr;
    for (const auto& [from, to] : connect_to_.rules()) {
        // curl's --connect-to writes "any host" as an empty HOST.
        std::string rule =
            (from.host == "*" ? std::string() : from.host) + ":" + std::to_string(from.port) + ":" +
            (to.host.find(':') != std::string::npos ? "[" + to.host + "]" : to.host) + ":" +
            std::to_string(to.port);
        connect_to = curl::slist_append(connect_to, rule.c_str());
    }
    auto until = std::min(deadline, Clock::now() + options_.timeout);
    curl::easy_setopt(c, CURLOPT_URL, url.c_str());
    curl::easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    if (connect_to != nullptr) curl::easy_setopt(c, CURLOPT_CONNECT_TO, connect_to);
    curl::easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
    // A redirect never leaves HTTPS once there (an https -> http redirect is refused).
    bool https = url.rfind("https://", 0) == 0;
    curl::easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, https ? "https" : "https,http");
    SocketGuard guard{&connect_to_, c, {}};
    curl::easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_guarded);
    curl::easy_setopt(c, CURLOPT_OPENSOCKETDATA, &guard);
    curl::easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl::easy_setopt(c, CURLOPT_MAXREDIRS, static_cast<long>(options_.max_redirects));
    curl::easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(remaining_ms(until)));
    curl::easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(remaining_ms(until)));
    curl::easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl::easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl::easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    // The server certificate's subject and issuer go into the evidence (how it travelled).
    if (https) curl::easy_setopt(c, CURLOPT_CERTINFO, 1L);
    if (!options_.ca_file.empty()) curl::easy_setopt(c, CURLOPT_CAINFO, options_.ca_file.c_str());
    curl::easy_setopt(c, CURLOPT_USERAGENT, "renraku");
    curl::easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl::easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    curl::easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl::easy_setopt(c, CURLOPT_HEADERDATA, &sink);
    {
        std::lock_guard lock(mutex_);
        ++requests_[sdk::url_host(url)];
    }
    CURLcode rc = curl::easy_perform(c);
    sdk::HttpResponse r;
    curl::easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.code);
    char* ct = nullptr;
    curl::easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
    if (ct != nullptr) r.content_type = ct;
    char* eff = nullptr;
    curl::easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &eff);
    r.final_url = eff != nullptr ? eff : url;
    if (rc == CURLE_OK && r.final_url.rfind("https://", 0) == 0) note_certificate(c, r);
    curl::slist_free_all(headers);
    curl::slist_free_all(connect_to);
    r.body = std::move(sink.body);
    r.retry_after_s = sink.retry_after;
    std::string what = std::string(curl::easy_strerror(rc)) + " (" + url + ")";
    if (!guard.refused.empty()) {
        r.status = sdk::HttpStatus::error;
        r.message = guard.refused + " (" + url + ")";
    } else if (rc == CURLE_UNSUPPORTED_PROTOCOL && https) {
        char* to = nullptr;
        curl::easy_getinfo(c, CURLINFO_REDIRECT_URL, &to);
        r.status = sdk::HttpStatus::error;
        r.message = "redirect away from HTTPS refused: " + url + " -> " +
                    sdk::sanitize(to != nullptr ? to : r.final_url, 200);
    } else if (sink.overflow) {
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
            (r.retry_after_s >= 0 ? " (Retry-After: " + std::to_string(r.retry_after_s) + " s" +
                                        (sink.retry_capped ? ", the most renraku waits" : "") + ")"
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
