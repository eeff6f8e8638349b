#pragma once
// A range feed with no fixed address: its publisher links each new file, under a new name, from
// a page whose address is fixed (Microsoft's service tags: a weekly ServiceTags_Public_DATE.json
// linked from its download page). The catalogue entry's `discover` says where the page is and
// what the file's link looks like; the newest such link is the feed's address for this run.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace renraku::core::workflow {

struct FeedDiscovery {
    std::string page;          // https:// address of the page that links the file
    std::string link_prefix;   // https:// start every accepted link has (fixes its host)
    std::string link_contains; // text the file's name holds ("ServiceTags_Public_")
    std::string link_suffix;   // how the file's name ends (".json")
};

/// The entry's `discover`, when it names an https page and an https link prefix.
std::optional<FeedDiscovery> feed_discovery(const nlohmann::json& catalogue_entry);

/// The newest link in the page that starts with the prefix, holds the text in its file name
/// and ends with the suffix. "Newest" is the greatest file name: the publishers date their
/// names (YYYYMMDD), so the latest sorts last. Links with characters outside a plain path's are
/// not taken: the page is the network's, and its link becomes an address we fetch.
std::optional<std::string> newest_feed_link(std::string_view page, const FeedDiscovery& how);

} // namespace renraku::core::workflow
