#pragma once
// `renraku update-data`: refresh IANA's RDAP bootstrap files in the data folder.

#include "../config/config.hpp"

#include <ostream>

namespace renraku::core::workflow {

/// Fetch every file first and check it; only when all are good, replace the old ones. Returns
/// the exit status; says what it did (or why not) on `out` / `err`.
int update_data(const Config& config, bool system, std::ostream& out, std::ostream& err);

} // namespace renraku::core::workflow
