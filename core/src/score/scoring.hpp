#pragma once
// One scoring model: signals x weights, corroboration, caveats, and the To/Cc/alt choice.

#include "../config/config.hpp"
#include "../model/result.hpp"

#include <map>
#include <string>
#include <vector>

namespace renraku::core {

struct ScoringModel {
    std::map<std::string, double> signal_weights;
    std::map<std::string, double> role_weights;
    double corroboration = 0.10;     // per independent source beyond the first
    double corroboration_cap = 0.20; // at most this much from corroboration
    double to_threshold = 0.15;      // a `to` must score at least this
    double tie_margin = 0.02;        // a second `to` only when this close to the first
    int max_cc = 1;                  // CSIRTs to copy
    double never_to_cap = 0.10;      // the most a contact that may never be `to` scores
    /// Source names in their order, the last rule that breaks a tie between equal scores.
    std::vector<std::string> source_order;

    /// The documented defaults, overridden by [scoring].
    static ScoringModel from_config(const ScoringConfig& cfg);
};

/// Every [scoring.weights] signal and [scoring.roles] role must be one the model knows: a
/// mistyped name would otherwise weigh nothing, silently. Throws ConfigError (file:line).
void check_scoring_names(const Config& cfg);

/// The plain-language caveat a signal carries, or empty.
std::string caveat_for_signal(const std::string& signal);

/// Merge findings that name the same address, phone or URL into one contact each.
std::vector<ScoredContact> merge_findings(const std::vector<SourcedFinding>& findings);

/// Score, add caveats, sort, and recommend, in place.
void score_contacts(std::vector<ScoredContact>& contacts, const ScoringModel& model);

/// The merge key of a contact: e-mail with its domain lower-cased, else phone digits, else URL.
std::string contact_key(const sdk::Contact& c);

} // namespace renraku::core
