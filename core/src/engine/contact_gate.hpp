#pragma once
// The address rule where a contact enters: whatever a source reports (a plugin of ours or
// anyone's), each e-mail address passes sdk::check_mailbox() before it is merged, scored or
// remembered. A refused one is said as a note naming the value and why, and left out; one with a
// lookalike domain is kept with the signal and caveat that keep it from being `to`.

#include "renraku/sdk/outcome.hpp"

#include <string>

namespace renraku::core {

void gate_contacts(sdk::Outcome& outcome);

} // namespace renraku::core
