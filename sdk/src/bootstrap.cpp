#include "renraku/sdk/bootstrap.hpp"

#include "renraku/sdk/text.hpp"

namespace renraku::sdk {

std::string url_host(const std::string& url) {
    auto start = url.find("://");
    start = start == std::string::npos ? 0 : start + 3;
    auto end = url.find_first_of(":/?#", start);
    return ascii_lower(
        url.substr(start, end == std::string::npos ? std::string::npos : end - start));
}

bool Bootstrap::served_by(const Indicator& indicator, const std::string& host) {
    for (const auto& u : rdap_urls(indicator))
        if (url_host(u) == ascii_lower(host)) return true;
    return false;
}

std::string Bootstrap::rdap_object_url(const Indicator& indicator, const std::string& only_host) {
    std::string base;
    for (const auto& u : rdap_urls(indicator))
        if ((only_host.empty() || url_host(u) == ascii_lower(only_host)) &&
            (base.empty() || u.rfind("https://", 0) == 0))
            base = u;
    if (base.empty()) return {};
    if (base.back() != '/') base += "/";
    switch (indicator.type) {
    case IndicatorType::asn:
        return base + "autnum/" + std::to_string(indicator.asn);
    case IndicatorType::cidr:
        return base + "ip/" + indicator.address + "/" + std::to_string(indicator.prefix_len);
    case IndicatorType::ipv4:
    case IndicatorType::ipv6:
        return base + "ip/" + indicator.address;
    default:
        return base + "domain/" + ascii_lower(registered_domain_of(indicator));
    }
}

} // namespace renraku::sdk
