#pragma once
// The workbench's JSON API as a pure function of a request: routing, the token, body limits,
// and the handlers, which call the same workflows as the command line. The HTTP server
// (http_server) only moves bytes in and out, so that tests and the fuzzer drive this directly.

#include "workbench.hpp"

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace renraku::core::server {

struct ApiRequest {
    std::string method; // "GET", "POST", "PUT"
    std::string path;   // "/api/notices/EXCSIRT%2300000001-K7QF3M", without the query
    std::map<std::string, std::string> headers; // names in lower case
    std::string body;
};

struct ApiReply {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
};

/// A request body's limit: a pasted log of 16 MiB, said in the 413.
inline constexpr std::size_t kMaxBodyBytes = 16u << 20;

class Api {
  public:
    Api(Workbench& bench, std::string token) : bench_(bench), token_(std::move(token)) {}

    /// Every route but a streamed lookup.
    ApiReply handle(const ApiRequest& request);

    /// A lookup whose client asked for server-sent events (`Accept: text/event-stream`).
    bool wants_stream(const ApiRequest& request) const;
    /// Stream it: `write` gets each event's text and says false when the client is gone. A
    /// refusal (token, body, busy) is the reply returned instead, with nothing written.
    std::optional<ApiReply> stream_lookup(const ApiRequest& request,
                                          const std::function<bool(const std::string&)>& write);

    /// The token, the body's size and type: the reply that refuses the request, if any.
    std::optional<ApiReply> refused(const ApiRequest& request) const;

  private:
    ApiReply route(const ApiRequest& request);

    Workbench& bench_;
    std::string token_;
};

/// A JSON error reply: {"error": "...", "field": "..."} (field left out when empty).
ApiReply error_reply(int status, const std::string& error, const std::string& field = "");

} // namespace renraku::core::server
