#pragma once
// Which data files a run reads, from which layer, and how old they are: for `version` and
// `sources`, so a stale bootstrap file is seen before it gives a wrong answer.

#include "../config/config.hpp"

#include <ostream>

namespace renraku::core {

/// `verbose` (sources -v): also how many entries each file holds, and each published range
/// feed that platforms/feeds.json names, with its layer, date and count of prefixes.
void print_data_files(const Config& config, std::ostream& out, bool verbose = false);

} // namespace renraku::core
