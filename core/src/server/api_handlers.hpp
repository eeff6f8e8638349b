#pragma once
// The handlers of the API's routes: each reads its JSON body, calls a workflow, and answers
// with the objects the command line writes.

#include "api.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

namespace renraku::core::server {

/// A request whose body lacks a field, or holds one of the wrong kind: a 400 naming it.
class BadField : public std::runtime_error {
  public:
    BadField(std::string field, const std::string& why)
        : std::runtime_error(why), field(std::move(field)) {}
    std::string field;
};

inline ApiReply wrong_method() {
    return error_reply(405, "this route does not take that method");
}

/// A JSON reply, its text made as the command line's JSON output is (invalid UTF-8 replaced).
ApiReply json_reply(const nlohmann::ordered_json& j, int status = 200);

/// The body as a JSON object, or BadField("body").
nlohmann::json body_object(const std::string& body);
/// A string member (required), at most `max` bytes.
std::string string_field(const nlohmann::json& o, const char* name, std::size_t max);

class Handlers {
  public:
    explicit Handlers(Workbench& bench) : bench_(bench) {}

    ApiReply extract(const std::string& body);
    ApiReply lookup(const std::string& body);
    ApiReply lookup_stream(const std::string& body,
                           const std::function<bool(const std::string&)>& write);
    ApiReply plan(const std::string& body);

    ApiReply draft(const std::string& body);
    ApiReply read_notice(const std::string& tracking);
    ApiReply edit_notice(const std::string& tracking, const std::string& body);
    ApiReply send(const std::string& body);
    ApiReply followup(const std::string& body);
    ApiReply feedback(const std::string& body);
    ApiReply ledger();

  private:
    Workbench& bench_;
};

} // namespace renraku::core::server
