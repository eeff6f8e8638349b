// Routing, the token, limits and errors of the workbench's API.

#include "api.hpp"

#include "api_handlers.hpp"

#include "../util/percent.hpp"
#include "renraku/sdk/text.hpp"

#include <nlohmann/json.hpp>

namespace renraku::core::server {

using json = nlohmann::ordered_json;

ApiReply error_reply(int status, const std::string& error, const std::string& field) {
    json j{{"error", sdk::sanitize(error, 1000)}};
    if (!field.empty()) j["field"] = field;
    return {status, "application/json", j.dump()};
}

namespace {

std::string header(const ApiRequest& r, const char* name) {
    auto it = r.headers.find(name);
    return it == r.headers.end() ? std::string() : it->second;
}

// The same length whatever the guess: a token is compared without telling how much matched.
bool same_token(const std::string& given, const std::string& token) {
    if (given.size() != token.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < given.size(); ++i)
        diff |= static_cast<unsigned char>(given[i] ^ token[i]);
    return diff == 0;
}

} // namespace

std::optional<ApiReply> Api::refused(const ApiRequest& request) const {
    // The token travels in a header a page of another site cannot set (CORS), never in a cookie.
    std::string auth = header(request, "authorization");
    const std::string bearer = "Bearer ";
    if (auth.rfind(bearer, 0) != 0 || !same_token(auth.substr(bearer.size()), token_))
        return error_reply(401, "the API needs the token printed at start, as "
                                "\"Authorization: Bearer TOKEN\"");
    if (request.body.size() > kMaxBodyBytes)
        return error_reply(413, "the request is larger than 16 MiB");
    if ((request.method == "POST" || request.method == "PUT") &&
        header(request, "content-type").rfind("application/json", 0) != 0)
        return error_reply(415, "send JSON (Content-Type: application/json)");
    return std::nullopt;
}

ApiReply Api::handle(const ApiRequest& request) {
    if (request.path.rfind("/api/", 0) != 0) return error_reply(404, "no such route");
    if (auto no = refused(request)) return *no;
    try {
        return route(request);
    } catch (const BadField& e) {
        return error_reply(400, e.what(), e.field);
    } catch (const std::exception& e) {
        return error_reply(500, e.what());
    }
}

ApiReply Api::route(const ApiRequest& r) {
    Handlers h(bench_);
    const std::string& p = r.path;
    if (p == "/api/extract") return r.method == "POST" ? h.extract(r.body) : wrong_method();
    if (p == "/api/lookup") return r.method == "POST" ? h.lookup(r.body) : wrong_method();
    if (p == "/api/plan") return r.method == "POST" ? h.plan(r.body) : wrong_method();
    if (p == "/api/notices") return r.method == "POST" ? h.draft(r.body) : wrong_method();
    if (p == "/api/notices/send") return r.method == "POST" ? h.send(r.body) : wrong_method();
    if (p.rfind("/api/notices/", 0) == 0) {
        std::string tracking = percent_decode(p.substr(std::string("/api/notices/").size())).text;
        if (r.method == "GET") return h.read_notice(tracking);
        if (r.method == "PUT") return h.edit_notice(tracking, r.body);
        return wrong_method();
    }
    if (p == "/api/followup") return r.method == "POST" ? h.followup(r.body) : wrong_method();
    if (p == "/api/feedback") return r.method == "POST" ? h.feedback(r.body) : wrong_method();
    if (p == "/api/ledger") return r.method == "GET" ? h.ledger() : wrong_method();
    return error_reply(404, "no such route");
}

bool Api::wants_stream(const ApiRequest& request) const {
    return request.path == "/api/lookup" && request.method == "POST" &&
           header(request, "accept").find("text/event-stream") != std::string::npos;
}

std::optional<ApiReply> Api::stream_lookup(const ApiRequest& request,
                                           const std::function<bool(const std::string&)>& write) {
    if (auto no = refused(request)) return no;
    try {
        Handlers h(bench_);
        return h.lookup_stream(request.body, write);
    } catch (const BadField& e) {
        return error_reply(400, e.what(), e.field);
    }
}

} // namespace renraku::core::server
