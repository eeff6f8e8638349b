#pragma once
// What renraku says about one indicator, in core-owned memory.

#include "renraku/sdk/finding.hpp"
#include "renraku/sdk/indicator.hpp"

#include <string>
#include <vector>

namespace renraku::core {

/// One source's word on a contact.
struct SourcedFinding {
    std::string source;    // plugin name
    std::string indicator; // the (possibly derived) indicator it answered
    sdk::Finding finding;
};

struct SignalWeight {
    std::string signal; // a signal name, "role:abuse" or "corroboration"
    double weight = 0;
};

struct ScoredContact {
    sdk::Contact contact;
    sdk::Role role = sdk::Role::other;
    double score = 0;
    std::string recommend; // "to", "cc", "alt"
    std::vector<SourcedFinding> evidence;
    std::vector<std::string> signals;
    /// Signals the core itself adds about the contact (what came back from our notices); kept
    /// when the sources' signals are chosen anew.
    std::vector<std::string> core_signals;
    std::vector<std::string> caveats;
    std::vector<SignalWeight> explanation;
};

struct SourceError {
    std::string source;
    std::string indicator;
    std::string status; // transient, permanent, bad_answer
    std::string message;
};

struct SourceNote {
    std::string source;
    std::string indicator;
    std::string message;
};

struct Result {
    sdk::Indicator indicator;
    std::size_t line = 0;   // where it was read (1-based), when read from a file or stdin
    std::string bad_input;  // a line that is not an indicator: the text, and `errors` says why
    int port = -1;          // the port written with an address ("192.0.2.1:443"), as context
    std::string tag;        // BatchItem::tag, handed back (a stream entry's id)
    std::vector<std::string> derived; // indicators looked up on its behalf
    std::vector<ScoredContact> contacts;
    std::vector<SourceError> errors;
    std::vector<SourceNote> notes;
};

} // namespace renraku::core
