#pragma once
// Address ranges as people read them: a range that is exactly one prefix is written as CIDR
// ("2001:240::/32"), any other keeps its two ends, each address in its shortest form.

#include <string>

namespace renraku::core {

/// "2001:0240:0000:0000:: - 2001:240:ffff:ffff:ffff:ffff:ffff:ffff" -> "2001:240::/32";
/// "192.0.2.0 - 192.0.2.255" -> "192.0.2.0/24"; "2001:db8::1 - 2001:db8::5" -> the same,
/// compressed; a single address "a.b.c.d/len" is compressed too. Anything else unchanged.
std::string tidy_range(const std::string& scope);

} // namespace renraku::core
