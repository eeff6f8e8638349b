#pragma once
// The last look before a notice leaves: every outgoing part (the text, each attachment, the
// X-ARF reports, the subject) read line by line, as written and URL-decoded (extraction
// refangs), for what is ours or another party's. Each finding names the part, the line, the
// item and why; the user removes it by editing the draft, or allows that exact item.

#include "../indicator/ours.hpp"

#include <set>
#include <string>
#include <vector>

namespace renraku::core::notice {

struct LeakPart {
    std::string name; // "message.txt", "logs.txt", "xarf.json", ...
    std::string text;
};

struct LeakRules {
    Ours ours;                             // [site] and the incident's [policy] redact
    std::set<std::string> recipient;       // the indicators this recipient is told about
    std::set<std::string> others;          // other recipients' indicators: never shown
    std::set<std::string> mailboxes;       // addresses that may appear: ours to give, theirs
    std::set<std::string> names;           // host names that may appear (the recipient's forms)
    std::set<std::string> mailbox_domains; // the domains of `mailboxes` (X-ARF's ReporterOrgDomain)
    std::set<std::string> replaced;        // what the draft's labels replaced (lower case)
    std::set<std::string> given;           // our names given on purpose (reporter, organization)
    std::set<std::string> allowed;         // items the user allowed as they are (--allow)
};

struct LeakFinding {
    std::string part;
    std::size_t line = 0; // 1-based
    std::string item;
    std::string why;
};

/// What leaves as it is, and what it is to the recipient ("the recipient's address").
struct Disclosed {
    std::string item;
    std::string what;
};

struct LeakScan {
    std::vector<LeakFinding> findings;
    std::vector<Disclosed> disclosed;
    std::vector<std::string> allowed_used; // allowed items that were found
};

LeakScan scan_for_leaks(const std::vector<LeakPart>& parts, const LeakRules& rules);

} // namespace renraku::core::notice
