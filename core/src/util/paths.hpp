#pragma once
// Where renraku keeps things outside its install: the XDG base directories of the user, and
// the system's state folder for data refreshed for every user.

#include <filesystem>
#include <string>

namespace renraku::core::paths {

/// A folder and what decided it, for check-config: "environment XDG_DATA_HOME", "default".
struct Place {
    std::filesystem::path dir;
    std::string origin;
};

/// $XDG_DATA_HOME/renraku, else ~/.local/share/renraku: the ledger, refreshed data, plugins.
Place user_data();
/// $XDG_CACHE_HOME/renraku, else ~/.cache/renraku: the answer cache.
Place user_cache();
/// The folder `update-data --system` writes and every user reads (FHS: /var/lib/renraku).
std::filesystem::path system_data();
/// The shipped reference data: beside the program (../share/renraku/data), installed, or in
/// the source tree of a program still in its build tree.
std::filesystem::path shipped_data();
/// The user's own plugins, searched after the configured or default folders.
std::filesystem::path user_plugins();

} // namespace renraku::core::paths
