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

} // namespace renraku::sdk
