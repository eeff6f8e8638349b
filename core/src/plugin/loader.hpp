#pragma once
// Finding, checking and opening plugins. A plugin's library stays loaded for as long as
// anything it made is alive: every object that holds plugin code also holds the library.

#include "renraku/sdk/source.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace boost::dll {
class shared_library;
}

namespace renraku::core {

struct Plugin {
    std::filesystem::path path;
    // Declared first so that it is destroyed last, after the factory made from it.
    std::shared_ptr<boost::dll::shared_library> library;
    std::unique_ptr<sdk::Factory> factory;
    sdk::SourceInfo info; // copied out of the plugin
    std::string refused;  // why it cannot be used; empty when it can

    Plugin() = default;
    Plugin(Plugin&&) noexcept = default;
    /// The factory made from the old library goes before that library is let go: a defaulted
    /// assignment would release the library first (members in order) and run a destructor
    /// whose code is no longer mapped.
    Plugin& operator=(Plugin&& other) noexcept {
        if (this != &other) {
            factory.reset();
            factory = std::move(other.factory);
            library = std::move(other.library);
            info = std::move(other.info);
            refused = std::move(other.refused);
        }
        return *this;
    }
    ~Plugin();
};

/// Open one library: check its ABI string before calling anything else (exact match), then
/// make its factory and copy its description. Never throws; failures land in Plugin::refused.
Plugin load_plugin(const std::filesystem::path& path);

/// Every `*.so` in the folders, in folder order and then by name. A second plugin with a name
/// already taken is refused.
std::vector<Plugin> load_plugins(const std::vector<std::filesystem::path>& dirs);

/// The ABI string this core was built with.
const char* core_abi();

} // namespace renraku::core
