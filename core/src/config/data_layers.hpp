#pragma once
// renraku's data files in layers: what `update-data` refreshed for this user, then for the
// system, over what was shipped. A file is read from the first layer that has it, so a refresh
// never touches the install and removing it falls back to the shipped copy.

#include "config.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace renraku::core {

struct DataLayer {
    std::filesystem::path dir;
    std::string name; // "[data] dir", "user", "system", "shipped"
};

class DataLayers {
  public:
    /// `[data] dir` alone when the config names one (a test world, a site's own copy);
    /// otherwise the user's, the system's and the shipped folders.
    explicit DataLayers(const Config& config);

    /// The path of `relative` ("bootstrap/ipv4.json") in the first layer that has it; in the
    /// bottom layer when none does (so a message names where it was expected).
    std::filesystem::path find(const std::string& relative) const;
    /// The layer `update-data` writes: the user's (or the system's with `system`), or [data] dir.
    std::filesystem::path writable(bool system) const;
    /// The bottom layer: shipped reference data no refresh replaces (templates, CSIRT snapshot).
    const std::filesystem::path& shipped() const { return layers_.back().dir; }
    const std::vector<DataLayer>& layers() const { return layers_; }

  private:
    std::vector<DataLayer> layers_;
    bool explicit_dir_ = false;
};

/// The files `update-data` refreshes, relative to a data folder.
const std::vector<std::string>& refreshed_data_files();

} // namespace renraku::core
