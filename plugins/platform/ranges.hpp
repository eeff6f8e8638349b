#pragma once
// Published address ranges of clouds and CDNs: a catalogue (feeds.json) naming each feed, its
// platform and desk, and one file per feed in the feed's own format (or, as shipped, a plain
// list of prefixes). An address is matched to the longest prefix that holds it.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace platform {

struct Feed {
    std::string name;     // "aws"
    std::string platform; // "Amazon Web Services"
    std::string kind;     // "cloud" or "cdn"
    std::string file;     // relative to the data folder: "platforms/ranges/aws.feed"
    std::string email;
    std::string form; // https
    std::string api;  // a reporting API (https), for a user with an account there
    std::string wants;
    std::string source;            // where the desk and the feed come from
    std::string snapshot_date;     // the shipped file's date, when its feed gives none
    std::vector<std::string> urls; // where update-data fetches it (none: no fixed address)
    bool desk_checked = true;      // false: the desk was not re-read from its source
    // A JSON feed's top-level keys to read (none: all). GitHub's meta file lists under
    // "actions" the clouds its runners run in, which are not GitHub's to act on.
    std::vector<std::string> json_keys;
};

struct Prefix {
    std::array<std::uint8_t, 16> bytes{}; // IPv4 in the first four
    int length = 0;
    bool v6 = false;
};

struct FeedRanges {
    const Feed* feed = nullptr;
    std::string path; // the file read
    std::string date; // the feed's own date, else when it was fetched, else the snapshot's
    std::vector<Prefix> prefixes;
    std::string error; // why the file could not be read; the other feeds still answer
};

struct Catalogue {
    std::string path;
    std::vector<Feed> feeds;
};

/// The catalogue; throws std::runtime_error for a file that is none.
Catalogue read_catalogue(const std::string& path);

/// One feed's file, in whichever format it is: a JSON document (every string in it that is a
/// prefix counts: AWS, Google, Azure, Oracle, Fastly, CloudFront, GitHub) or text whose lines
/// start with a prefix (Cloudflare's lists, RFC 8805 geofeeds). Bounded; never throws.
FeedRanges read_feed(const Feed& feed, const std::string& path, const std::string& fetched_date);

/// A prefix from text ("192.0.2.0/24", "2001:db8::/32", or one address); false for anything else.
bool parse_prefix(const std::string& text, Prefix& out);

/// The prefix text of a match, for the contact's scope.
std::string prefix_text(const Prefix& p);

struct RangeMatch {
    const FeedRanges* ranges = nullptr;
    Prefix prefix;
};

/// Every feed's prefixes, by length: an address is masked to each length present and looked
/// up, longest first, so a batch of many addresses costs a few binary searches each however
/// large the feeds (Azure's alone lists tens of thousands).
class RangeIndex {
  public:
    /// `feeds` must outlive the index. On a prefix listed by two feeds the one listed first
    /// wins (the catalogue lists CDNs before the clouds they run on).
    explicit RangeIndex(const std::vector<FeedRanges>& feeds);
    /// The longest prefix holding the address; an empty match when none does.
    RangeMatch match(const Prefix& address) const;

  private:
    struct Entry {
        std::array<std::uint8_t, 16> bytes;
        std::uint32_t feed;
    };
    struct Table {
        int length = 0;
        bool v6 = false;
        std::vector<Entry> entries; // sorted by bytes, one per prefix
    };
    const std::vector<FeedRanges>& feeds_;
    std::vector<Table> tables_; // longest first
};

} // namespace platform
