#pragma once
// After a bounce, the next party. A case whose last message bounced (or went unanswered past
// its interval) gets its next hop drafted under the same tracking number: the next contact of
// the same scope, then the abuse contact of the covering (upstream) network, then a request to
// the national CSIRT to relay. A registry mailbox that bounced also gets an inaccuracy report
// for its registry, to submit by hand, with the bounce.

#include "../runtime/runtime.hpp"
#include "notice_drafts.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace renraku::core::workflow {

struct FollowupOptions {
    std::string tracking;           // one case
    std::filesystem::path incident; // or every case of an incident
    std::filesystem::path out;      // folder for the drafts; empty: a new one here
    std::string lang;
};

struct FollowupDrafted {
    DraftedNotice notice;
    std::string step; // "the next contact of 192.0.2.0/24", "the upstream network's abuse contact",
                      // "a relay request to the national CSIRT"
};

struct InaccuracyDrafted {
    std::string tracking;
    std::filesystem::path folder;
    std::string registry;
    std::string url;
    std::string mailbox;
};

struct FollowupReport {
    std::filesystem::path out;
    std::vector<FollowupDrafted> drafted;
    std::vector<InaccuracyDrafted> inaccuracy;
    std::vector<std::pair<std::string, std::string>> nothing; // tracking, why not
    int exit_code = 0; // 0 something drafted for every case asked about; 1 otherwise
};

FollowupReport follow_up(Runtime& rt, const FollowupOptions& options, std::int64_t now);

} // namespace renraku::core::workflow
