#pragma once
// host:port endpoints and the `network.connect_to` redirections (curl --connect-to style).

#include <optional>
#include <string>
#include <vector>

namespace renraku::core::net {

struct Endpoint {
    std::string host; // without brackets
    int port = 0;
    std::string text() const;
};

/// "host", "host:43", "[2001:db8::1]:43"; nullopt when malformed.
std::optional<Endpoint> parse_endpoint(const std::string& text, int default_port);

class ConnectTo {
  public:
    ConnectTo() = default;
    /// Entries "HOST:PORT:TO_HOST:TO_PORT", the first that matches winning; HOST "*" matches any
    /// host. Throws std::invalid_argument naming a bad entry.
    explicit ConnectTo(const std::vector<std::string>& entries);
    /// Where a connection for `e` actually goes.
    Endpoint resolve(const Endpoint& e) const;
    /// True when a rule sends `e` somewhere (the user said where connections for it go).
    bool maps(const Endpoint& e) const;
    /// True when a rule names `host` itself (not "*").
    bool names(const std::string& host) const;
    const std::vector<std::pair<Endpoint, Endpoint>>& rules() const { return rules_; }

  private:
    std::vector<std::pair<Endpoint, Endpoint>> rules_;
};

} // namespace renraku::core::net
