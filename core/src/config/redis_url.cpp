#include "redis_url.hpp"

namespace renraku::core {

std::optional<RedisUrl> parse_redis_url(const std::string& text, std::string& why) {
    const std::string scheme = "redis://";
    if (text.rfind(scheme, 0) != 0) {
        why = "not a redis:// URL";
        return std::nullopt;
    }
    RedisUrl u;
    std::string rest = text.substr(scheme.size());
    if (auto at = rest.rfind('@'); at != std::string::npos) {
        std::string auth = rest.substr(0, at);
        rest = rest.substr(at + 1);
        auto colon = auth.find(':');
        u.password = colon == std::string::npos ? auth : auth.substr(colon + 1);
    }
    if (auto slash = rest.find('/'); slash != std::string::npos) {
        std::string db = rest.substr(slash + 1);
        rest = rest.substr(0, slash);
        if (!db.empty()) {
            if (db.size() > 2 || db.find_first_not_of("0123456789") != std::string::npos) {
                why = "the database must be a number from 0 to 99";
                return std::nullopt;
            }
            u.db = std::stoi(db);
        }
    }
    std::string port;
    if (!rest.empty() && rest.front() == '[') {
        auto close = rest.find(']');
        if (close == std::string::npos) {
            why = "an IPv6 address needs its closing ]";
            return std::nullopt;
        }
        u.host = rest.substr(1, close - 1);
        if (close + 1 < rest.size() && rest[close + 1] == ':') port = rest.substr(close + 2);
    } else if (auto colon = rest.find(':'); colon != std::string::npos) {
        u.host = rest.substr(0, colon);
        port = rest.substr(colon + 1);
    } else if (!rest.empty()) {
        u.host = rest;
    }
    if (!port.empty()) {
        if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
            std::stoi(port) < 1 || std::stoi(port) > 65535) {
            why = "the port must be from 1 to 65535";
            return std::nullopt;
        }
        u.port = std::stoi(port);
    }
    if (u.host.empty()) {
        why = "no host";
        return std::nullopt;
    }
    u.text = scheme + u.host + ":" + std::to_string(u.port) + "/" + std::to_string(u.db);
    return u;
}

} // namespace renraku::core
