#pragma once
/// @file bootstrap.hpp
/// @brief IANA's RDAP bootstrap data (RFC 9224): which registry serves an address, an AS number
/// or a TLD. Shipped in config/data/bootstrap/, used offline, refreshed by `renraku update-data`.

#include "renraku/sdk/indicator.hpp"

#include <string>
#include <vector>

namespace renraku::sdk {

class Bootstrap {
  public:
    virtual ~Bootstrap() = default;
    /// @brief The RDAP base URLs IANA lists for the indicator (the most specific entry for an
    /// address or prefix, the range holding an AS number, the TLD of a domain), in IANA's
    /// order; empty when IANA lists none.
    virtual std::vector<std::string> rdap_urls(const Indicator& indicator) = 0;
    /// @brief True when one of those URLs has this host name ("rdap.arin.net").
    bool served_by(const Indicator& indicator, const std::string& host);
    /// @brief The URL of the indicator's RDAP object at the registry IANA names, HTTPS preferred:
    /// `BASE/ip/ADDRESS[/LENGTH]`, `BASE/autnum/N`, or `BASE/domain/NAME` for the domain its
    /// registry knows (`registered_domain_of`). With `only_host`, only that registry's URLs are
    /// used. Empty when IANA lists none.
    std::string rdap_object_url(const Indicator& indicator, const std::string& only_host = {});
};

/// @brief The host part of a URL: "https://rdap.db.ripe.net/" -> "rdap.db.ripe.net".
std::string url_host(const std::string& url);

} // namespace renraku::sdk
