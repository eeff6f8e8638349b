#pragma once
// The events of an incident file made from what an extraction found: one [[event]] per
// indicator that is not ours (ours are the context of events, not their sources), for the
// responder to complete. `renraku extract --format incident` prints it; the server appends it
// to the incident a responder pasted a log for.

#include "../extract/extract.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace renraku::core::workflow {

/// "3,7,12": lines as the incident file's `lines` reads them.
std::string joined_lines(const std::vector<std::size_t>& lines);

/// The [[event]] tables, with a comment saying what to add. `log_name`: the `log` each event
/// names (empty: the file each was read from; none for standard input).
std::string incident_events_toml(const Extractor& ex, const std::string& log_name = "");

/// A TOML basic string holding `s` (control characters left out).
std::string toml_string(const std::string& s);

} // namespace renraku::core::workflow
