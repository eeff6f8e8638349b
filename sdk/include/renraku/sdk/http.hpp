#pragma once
/// @file http.hpp
/// @brief The HTTPS service the core hands to sources (RDAP, security.txt).
///
/// TLS is verified (against `network.tls_ca_file` when set); redirects are followed up to
/// three times; at most `network.max_response_bytes` are read; `network.connect_to` applies;
/// each host's rate limit is kept; an HTTP 429 is reported with its Retry-After and the host is
/// not asked again before then. Identical GETs are made once per run, and an RDAP answer about
/// a network serves every later address inside that network's range.

#include <string>

namespace renraku::sdk {

struct HttpRequest {
    std::string url;
    std::string accept = "application/rdap+json";
    /// For RDAP address questions: the address, so that a cached answer whose startAddress and
    /// endAddress cover it can be reused.
    std::string address;
};

enum class HttpStatus {
    ok,         ///< a 2xx answer
    http_error, ///< any other HTTP status; see `code`
    timeout,
    unreachable,  ///< connection refused, name not resolved
    tls_error,    ///< certificate not trusted, handshake failed
    rate_limited, ///< HTTP 429, or our own limit reached before the deadline
    too_large,
    error,
};

const char* http_status_name(HttpStatus s);

struct HttpResponse {
    HttpStatus status = HttpStatus::error;
    long code = 0;    ///< the HTTP status code, when there was one
    std::string body; ///< at most the size cap
    std::string content_type;
    std::string final_url;   ///< after redirects
    std::string message;     ///< for failures: one line naming the URL
    long retry_after_s = -1; ///< from a 429's Retry-After, when given
    bool from_cache = false;
    /// The final URL was https and its certificate chain verified (always, when the answer
    /// came: an unverified certificate is a tls_error); with the server certificate's subject
    /// and issuer as the TLS library prints them.
    bool tls_verified = false;
    std::string tls_subject;
    std::string tls_issuer;
};

class Http {
  public:
    virtual ~Http() = default;
    /// @brief GET a URL. Never throws.
    virtual HttpResponse get(const HttpRequest& request) = 0;
};

} // namespace renraku::sdk
