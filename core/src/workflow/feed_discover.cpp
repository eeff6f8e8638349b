#include "feed_discover.hpp"

#include "renraku/sdk/text.hpp"

#include <algorithm>

namespace renraku::core::workflow {

namespace {

constexpr std::size_t kMaxLinkLength = 512;

bool plain_path_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
           c == '.' || c == '-' || c == '_' || c == '~';
}

std::string string_of(const nlohmann::json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace

std::optional<FeedDiscovery> feed_discovery(const nlohmann::json& entry) {
    if (!entry.is_object()) return std::nullopt;
    auto it = entry.find("discover");
    if (it == entry.end() || !it->is_object()) return std::nullopt;
    FeedDiscovery how{string_of(*it, "page"), string_of(*it, "link_prefix"),
                      string_of(*it, "link_contains"), string_of(*it, "link_suffix")};
    // The prefix must fix the host: "https://" and at least one character and a slash after.
    if (!sdk::is_https_address(how.page) || !sdk::is_https_address(how.link_prefix) ||
        how.link_prefix.find('/', 8) == std::string::npos)
        return std::nullopt;
    return how;
}

std::optional<std::string> newest_feed_link(std::string_view page, const FeedDiscovery& how) {
    std::optional<std::string> newest;
    std::string newest_name;
    for (std::size_t at = page.find(how.link_prefix); at != std::string_view::npos;
         at = page.find(how.link_prefix, at + 1)) {
        std::size_t end = at + how.link_prefix.size();
        while (end < page.size() && end - at <= kMaxLinkLength && plain_path_char(page[end]))
            ++end;
        if (end - at > kMaxLinkLength) continue;
        // The link ends where a plain path does; anything else right after it (a query, an
        // escape) makes it a link we do not take.
        if (end < page.size() &&
            std::string_view("\"'<> \t\r\n").find(page[end]) == std::string_view::npos)
            continue;
        std::string link(page.substr(at, end - at));
        if (link.find("..") != std::string::npos || link.find("://", 8) != std::string::npos)
            continue;
        std::string name = link.substr(link.rfind('/') + 1);
        if (name.size() < how.link_suffix.size() ||
            name.compare(name.size() - how.link_suffix.size(), how.link_suffix.size(),
                         how.link_suffix) != 0 ||
            name.find(how.link_contains) == std::string::npos)
            continue;
        if (!newest || name > newest_name) {
            newest = link;
            newest_name = name;
        }
    }
    return newest;
}

} // namespace renraku::core::workflow
