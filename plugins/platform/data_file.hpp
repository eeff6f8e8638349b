#pragma once
// One bounded read of a data file, shared by the rule and feed readers: the file as large as it
// is, never the bound's worth up front (eleven feeds at 64 MiB each would zero-fill 700 MB).

#include <cstddef>
#include <string>

namespace platform {

/// The whole file, or false with `error` naming it: unreadable, or larger than `max` bytes.
bool read_data_file(const std::string& path, std::size_t max, std::string& text,
                    std::string& error);

} // namespace platform
