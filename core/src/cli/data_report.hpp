#pragma once
// Which data files a run reads, from which layer, and how old they are: for `version` and
// `sources`, so a stale bootstrap file is seen before it gives a wrong answer.

#include "../config/config.hpp"

#include <ostream>

namespace renraku::core {

void print_data_files(const Config& config, std::ostream& out);

} // namespace renraku::core
