#pragma once
// The address prefixes a published range feed holds, counted the way the platform source reads
// them: every string of a JSON feed that is a prefix (AWS, Google, Azure, Oracle, Fastly,
// CloudFront, GitHub), or the first field of each line of a text feed (Cloudflare's lists,
// RFC 8805 geofeeds). update-data refuses a feed that holds none; `sources -v` shows the count.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace renraku::core::workflow {

/// How many prefixes the feed text holds (bounded work: at most 64 MiB are looked at).
/// A catalogue entry's `json_keys`: the top-level keys of its JSON feed to read (none: all).
std::vector<std::string> feed_json_keys(const nlohmann::json& catalogue_entry);

/// `json_keys`: a JSON feed's top-level keys to count (none: all), as the catalogue names them.
std::size_t count_feed_prefixes(std::string_view body,
                                const std::vector<std::string>& json_keys = {});

} // namespace renraku::core::workflow
