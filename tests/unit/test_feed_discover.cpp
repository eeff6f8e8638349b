// A feed with no fixed address: the newest file linked from its publisher's page, and only a
// link of the shape the catalogue names (the page is the network's; its link is fetched next).

#include "workflow/feed_discover.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

using namespace renraku::core::workflow;

namespace {
FeedDiscovery azure() {
    auto entry = nlohmann::json::parse(R"({"discover": {
        "page": "https://www.microsoft.com/en-us/download/details.aspx?id=56519",
        "link_prefix": "https://download.microsoft.com/download/",
        "link_contains": "ServiceTags_Public_", "link_suffix": ".json"}})");
    auto how = feed_discovery(entry);
    REQUIRE(how);
    return *how;
}
} // namespace

TEST_CASE("feed discovery: the newest file the page links, on the named host", "[feeds]") {
    std::ifstream in(std::string(RENRAKU_TEST_SOURCE_DIR) +
                     "/tests/data/synthetic/feeds/azure-download-page.html");
    std::stringstream page;
    page << in.rdbuf();
    REQUIRE_FALSE(page.str().empty());
    // This week's file; not last week's, not a later date on another host, not a path that
    // climbs, not a link that goes on into a query.
    CHECK(newest_feed_link(page.str(), azure()) ==
          "https://download.microsoft.com/download/7/1/D/71D86715-5596-4529-9B13-DA13A5DE5B63/"
          "ServiceTags_Public_20261130.json");
}

TEST_CASE("feed discovery: links that are not the feed's", "[feeds]") {
    auto how = azure();
    CHECK_FALSE(newest_feed_link("", how));
    CHECK_FALSE(newest_feed_link("no link at all", how));
    // Wrong name, wrong ending, a percent escape, a link far too long, one cut at the end.
    CHECK_FALSE(newest_feed_link(
        R"("https://download.microsoft.com/download/a/Other_20261130.json")", how));
    CHECK_FALSE(newest_feed_link(
        R"("https://download.microsoft.com/download/a/ServiceTags_Public_20261130.json.exe")",
        how));
    CHECK_FALSE(newest_feed_link(
        R"("https://download.microsoft.com/download/%2e%2e/ServiceTags_Public_2026.json")", how));
    CHECK_FALSE(newest_feed_link("\"https://download.microsoft.com/download/" +
                                     std::string(600, 'a') + "/ServiceTags_Public_1.json\"",
                                 how));
    CHECK(newest_feed_link("https://download.microsoft.com/download/ServiceTags_Public_1.json",
                           how) ==
          "https://download.microsoft.com/download/ServiceTags_Public_1.json");
}

TEST_CASE("feed discovery: a catalogue entry names an https page and a host", "[feeds]") {
    using nlohmann::json;
    CHECK_FALSE(feed_discovery(json::object()));
    CHECK_FALSE(feed_discovery(json::parse(R"({"discover": "https://x.test/"})")));
    CHECK_FALSE(feed_discovery(json::parse(
        R"({"discover": {"page": "http://x.test/", "link_prefix": "https://x.test/d/"}})")));
    // A prefix that does not end its host would let "https://x.test.evil.example/" through.
    CHECK_FALSE(feed_discovery(json::parse(
        R"({"discover": {"page": "https://x.test/", "link_prefix": "https://x.test"}})")));
    CHECK(feed_discovery(json::parse(
        R"({"discover": {"page": "https://x.test/", "link_prefix": "https://x.test/d/"}})")));
}
