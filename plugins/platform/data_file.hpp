#pragma once
// What the rule and feed readers share: one bounded read of a data file (the file as large as
// it is, never the bound's worth up front: eleven feeds at 64 MiB each would zero-fill 700 MB),
// and the check of a desk's web address.

#include <cstddef>
#include <string>

namespace platform {

/// The whole file, or false with `error` naming it: unreadable, or larger than `max` bytes.
bool read_data_file(const std::string& path, std::size_t max, std::string& text,
                    std::string& error);

/// A desk's web address as a data file gives it, when it passes the SDK's https rule; else "".
std::string https_or_nothing(const std::string& url);

} // namespace platform
