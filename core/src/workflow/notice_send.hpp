#pragma once
// A notice campaign's second half: the draft folders of DIR sent exactly as they stand, after
// the responder reviewed (and maybe edited) them. Every part is scanned again for what is ours
// or another party's, and nothing is sent while a finding stands that the user did not allow;
// every address passes the last gate; the user confirms how many messages go to whom; each
// message is signed now, over the text that was reviewed. A test send goes to one address of
// ours only, marked [TEST], and is recorded as a test.

#include "../notice/leak_scan.hpp"
#include "../runtime/runtime.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace renraku::core::workflow {

struct SendOptions {
    std::filesystem::path dir;     // a folder of drafts, or one draft
    std::string test_to;           // send every message to this address of ours instead
    std::set<std::string> allowed; // leak-scan items allowed as they are (--allow)
};

/// What is about to go, for the confirmation.
struct SendPlan {
    std::size_t messages = 0;
    std::vector<std::string> recipients;   // the To addresses
    std::vector<std::string> csirt_copies; // the Cc addresses
    std::string test_to;
};

struct SentNotice {
    std::string tracking;
    int hop = 0;
    std::filesystem::path folder;
    std::string to; // where it went (the test address for a test)
    std::vector<std::string> cc;
    std::string signing; // "signed with KEY", "not signed: ..."
    std::string encryption;
};

struct SendProblem {
    std::string tracking; // or the folder
    std::string what;
};

struct SendReport {
    std::vector<std::string> findings; // "FOLDER/FILE:LINE: ITEM: why", when the scan refused
    std::size_t drafts_with_findings = 0;
    std::vector<SendProblem> refused; // drafts that cannot be sent as they are (bad address, ...)
    std::vector<SentNotice> sent;
    std::vector<SendProblem> failed;  // the relay did not take it
    std::vector<SendProblem> skipped; // already sent
    // Form packets: never mailed; made again from the folder as it stands, to submit by hand
    // (`what`: the form's address).
    std::vector<SendProblem> by_hand;
    std::vector<std::string> allowed_used;
    bool not_confirmed = false;
    bool test = false;
    int exit_code = 0; // 0 every draft sent; 2 refused (findings, addresses, not confirmed); 3 a
                       // send failed (trying again may help)
};

class SendError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Send the drafts of `options.dir`. `confirm` sees the plan and says whether to go on.
SendReport send_drafts(Runtime& rt, const SendOptions& options,
                       const std::function<bool(const SendPlan&)>& confirm, std::int64_t now);

} // namespace renraku::core::workflow
