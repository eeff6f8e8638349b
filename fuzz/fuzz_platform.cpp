// The platform source's readers: a range feed in any format (JSON walked for prefixes, text
// lines, geofeeds), the prefix index over it, a rule file, and URL patterns; and update-data's
// search of a download page for the newest feed file it links.
#include "fuzz_common.hpp"
#include "ranges.hpp"
#include "rules.hpp"
#include "workflow/feed_discover.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input = renraku::fuzz::text(data, size);
    platform::Feed feed;
    feed.name = "fuzz";
    feed.platform = "Fuzz";
    feed.kind = input.size() % 2 ? "cdn" : "cloud";
    if (input.size() % 3 == 0) feed.json_keys = {"prefixes", "pages"};
    std::vector<platform::FeedRanges> feeds;
    feeds.push_back(platform::read_feed(feed, renraku::fuzz::scratch("feed", input).string(), ""));
    platform::RangeIndex index(feeds);
    for (const char* a : {"192.0.2.1", "2001:db8::1", "10.0.0.0/8", "0.0.0.0/0", "::/0"}) {
        platform::Prefix p;
        if (platform::parse_prefix(a, p)) (void)index.match(p);
    }
    platform::Prefix p;
    if (platform::parse_prefix(input.substr(0, 60), p)) (void)platform::prefix_text(p);
    try {
        std::vector<platform::RuleFile> rules{
            platform::read_rules(renraku::fuzz::scratch("rules.json", input).string())};
        (void)platform::match_host(rules, "a.b.example.test");
        (void)platform::match_url(rules, "https://docs.example.test/forms/x");
    } catch (const std::exception&) {
    }
    (void)platform::url_host_path(input);
    static const auto how = renraku::core::workflow::feed_discovery(nlohmann::json::parse(
        R"({"discover": {"page": "https://www.microsoft.com/x", "link_prefix":
            "https://download.microsoft.com/download/", "link_contains": "ServiceTags_Public_",
            "link_suffix": ".json"}})"));
    if (how) (void)renraku::core::workflow::newest_feed_link(input, *how);
    return 0;
}
