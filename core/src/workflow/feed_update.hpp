#pragma once
// update-data's second part: the clouds' and CDNs' published address ranges that
// platforms/feeds.json names, each fetched from its own address and written, whole, over the
// user's (or the system's) copy. Feeds are independent: one that cannot be fetched keeps its
// previous file and is named, while the others are updated.

#include "../config/config.hpp"
#include "../net/limiter.hpp"

#include <filesystem>
#include <ostream>

namespace renraku::core::workflow {

struct FeedUpdate {
    int fetched = 0;
    int failed = 0;
    int without_address = 0; // feeds with no address to fetch and no page that links one
};

/// Fetch every feed with an address (fixed, or the newest link on the page its `discover`
/// names) into `data`/platforms/ranges and record the day of each
/// in fetched.json there.
/// `limiter`: the run's politeness toward each server.
FeedUpdate update_feeds(const Config& config, net::Limiter& limiter,
                        const std::filesystem::path& data, std::ostream& out, std::ostream& err);

} // namespace renraku::core::workflow
