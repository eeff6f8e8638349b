#pragma once
/// @file outcome.hpp
/// @brief The result of one lookup by one source: findings, nothing, or a typed failure.
///
/// "Nothing found" is a result (no_data), not an error. Failures are typed so that the core can
/// tell a user whether trying again may help.

#include "renraku/sdk/finding.hpp"

#include <string>
#include <utility>
#include <vector>

namespace renraku::sdk {

struct Outcome {
    enum class Status {
        ok,         ///< findings were made
        no_data,    ///< the source answered and had nothing for this indicator
        transient,  ///< timeout, rate limit, unreachable server: may work later
        permanent,  ///< cannot work for this indicator (misconfiguration, unsupported)
        bad_answer, ///< the server answered with something that could not be understood
    };

    Status status = Status::no_data;
    std::vector<Finding> findings;
    /// Informational remarks for the user, e.g. "example.jp publishes a null MX (RFC 7505)".
    std::vector<std::string> notes;
    /// For failures: one line saying what failed, naming the server and the question.
    std::string message;

    static Outcome found(std::vector<Finding> f) {
        Outcome o;
        o.status = f.empty() ? Status::no_data : Status::ok;
        o.findings = std::move(f);
        return o;
    }
    static Outcome nothing(std::string note = {}) {
        Outcome o;
        if (!note.empty()) o.notes.push_back(std::move(note));
        return o;
    }
    static Outcome failure(Status s, std::string msg) {
        Outcome o;
        o.status = s;
        o.message = std::move(msg);
        return o;
    }
    bool failed() const {
        return status == Status::transient || status == Status::permanent ||
               status == Status::bad_answer;
    }
};

/// @brief The start of a note that says where the registry of a record takes reports of wrong
/// contact data (an RDAP answer's `inaccuracy-report` link): the URL follows. `renraku
/// followup` sends the user there when a registry's mailbox bounced.
inline constexpr const char* kInaccuracyNote = "inaccuracy reports about this record: ";

/// @brief "transient", "permanent", ... for messages.
const char* status_name(Outcome::Status s);

} // namespace renraku::sdk
