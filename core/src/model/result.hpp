#pragma once
// What renraku says about one indicator, in core-owned memory.

#include "renraku/sdk/finding.hpp"
#include "renraku/sdk/indicator.hpp"
#include "renraku/sdk/outcome.hpp"

#include <string>
#include <vector>

namespace renraku::core {

/// What renraku advises doing with a contact: the recipient, a copy, or an alternative.
enum class Recommend { to, cc, alt };
/// "to", "cc", "alt": the word the outputs use.
const char* recommend_name(Recommend r);

/// Why a source gave no answer for an indicator.
enum class ErrorKind {
    transient,  ///< timeout, refusal, unreachable: trying again may help
    permanent,  ///< cannot work for this indicator
    bad_answer, ///< the server's answer could not be read: trying again may help
    not_asked,  ///< the user's batch deadline came before its turn (our own, not the server's)
    bad_input,  ///< the line is not an indicator
};
/// "transient", "not_asked", ...: the word the outputs use.
const char* error_kind_name(ErrorKind k);
/// A source's typed failure as an error kind.
ErrorKind error_kind_of(sdk::Outcome::Status s);
/// The source failed in a way that trying again may mend.
inline bool source_failed(ErrorKind k) {
    return k == ErrorKind::transient || k == ErrorKind::bad_answer;
}

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
    Recommend recommend = Recommend::alt;
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
    ErrorKind kind = ErrorKind::transient;
    std::string message;
};

struct SourceNote {
    std::string source;
    std::string indicator;
    std::string message;
};

struct Result {
    sdk::Indicator indicator;
    std::size_t line = 0;  // where it was read (1-based), when read from a file or stdin
    std::string bad_input; // a line that is not an indicator: the text, and `errors` says why
    int port = -1;         // the port written with an address ("192.0.2.1:443"), as context
    std::string tag;       // BatchItem::tag, handed back (a stream entry's id)
    std::vector<std::string> derived; // indicators looked up on its behalf
    std::vector<ScoredContact> contacts;
    std::vector<SourceError> errors;
    std::vector<SourceNote> notes;
};

} // namespace renraku::core
