#pragma once
// renraku mirror: import the registries' published database files (downloaded from the
// registry, or taken from a folder the user has) into local mirrors, and say what each mirror
// holds. One registry failing keeps its previous mirror and is named; the others go on.

#include "../config/config.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace renraku::core::workflow {

struct MirrorUpdateOptions {
    std::vector<std::string> registries; // empty: [mirror] registries, else every known one
    std::string from;                    // a folder, or an https:// folder URL; empty: the registry's
};

/// Exit status: 0 every registry imported, 1 one or more kept their previous mirror, 2 a usage
/// error (an unknown registry, a folder without any of its files).
int mirror_update(const Config& config, const MirrorUpdateOptions& options, std::ostream& out,
                  std::ostream& err);

/// One line per registry: its serial, the files' date and age, networks and objects, and
/// whether it is fresh enough to be used.
int mirror_status(const Config& config, std::ostream& out);

} // namespace renraku::core::workflow
