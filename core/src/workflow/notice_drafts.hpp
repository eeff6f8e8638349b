#pragma once
// A notice campaign's first half: from an incident file to one draft folder per recipient,
// nothing sent. The incident's indicators are looked up, one plan made per indicator, each
// recipient told only of its own events with everything of ours and of other recipients
// replaced by labels, the memo's checklist and the leak scan run, and a tracking number
// reserved once per (incident, recipient) so that drafting again keeps it. Plain inputs and a
// report out: the command line prints it, a server returns it.

#include "../ledger/ledger.hpp"
#include "../notice/compose.hpp"
#include "../notice/draft_folder.hpp"
#include "../notice/leak_scan.hpp"
#include "../runtime/runtime.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace renraku::core::workflow {

struct DraftOptions {
    std::filesystem::path incident;
    std::filesystem::path out; // folder for the drafts; empty: a new one here
    std::string lang;          // "", "en" or "ja" for every notice
    bool strict = false;       // a gap in the memo's checklist refuses every draft
    bool again = false;        // tell a recipient again within the policy's interval
    bool allow_outside = false; // log files outside the incident file's folder
};

struct DraftedNotice {
    notice::DraftFolder folder;
    notice::Draft draft;
    notice::Composed composed;
    notice::LeakScan leaks;
    std::string signing;    // what happens at send time: "signed with KEY", "not signed: ..."
    std::string encryption; // "encrypted to KEY", "not encrypted: ..."
};

struct SkippedNotice {
    std::string recipient;
    std::string reason;
    std::string earlier_tracking; // the notice that told it already
    std::int64_t earlier_at = 0;
};

struct DraftReport {
    std::filesystem::path out;
    std::vector<DraftedNotice> written;
    std::vector<SkippedNotice> skipped;
    std::vector<notice::Unaddressed> unaddressed;
    /// Each warning once, with the tracking numbers it concerns.
    std::vector<std::pair<std::string, std::vector<std::string>>> warnings;
    bool source_failed = false;
    bool refused = false;       // --strict found gaps: nothing written, nothing reserved
    int exit_code = 0;          // as `lookup`'s, 2 when refused
};

/// An error before anything is drafted (a bad incident file, a signing key that is not ours):
/// one line for the user.
class DraftError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Draft every notice of an incident. Throws DraftError for what the user must fix first.
DraftReport draft_notices(Runtime& rt, const DraftOptions& options, std::int64_t now);

/// What is ours for a notice: the config's [site] and the incident's [policy] redact.
Ours ours_of(const Config& config, const std::vector<std::string>& redact);

/// The checks before harm that need no network: the signing key is a secret key in the
/// keyring, and it is the key the incident's reporter names. Empty when all is well.
std::vector<std::string> signing_problems(const Config& config,
                                          const std::string& reporter_fingerprint);

} // namespace renraku::core::workflow
