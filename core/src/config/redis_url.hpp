#pragma once
// The [redis] url, read once when the config is loaded; every Redis user takes it from there.

#include <optional>
#include <string>

namespace renraku::core {

/// redis://[:PASSWORD@]HOST[:PORT][/DB]
struct RedisUrl {
    std::string host = "127.0.0.1";
    int port = 6379;
    int db = 0;
    std::string password;
    std::string text = "redis://127.0.0.1:6379/0"; // as written, without the password
};

/// nullopt (and why) for anything that is not such a URL.
std::optional<RedisUrl> parse_redis_url(const std::string& text, std::string& why);

} // namespace renraku::core
