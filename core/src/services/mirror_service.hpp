#pragma once
// The run's mirrors of the registries' databases: each registry's index opened once, when a
// source first asks, and used only while fresh (mirror.max_age_hours).

#include "../config/config.hpp"
#include "../mirror/mirror_index.hpp"
#include "renraku/sdk/mirror.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

namespace renraku::core {

/// The folder of the mirrors: [mirror] dir, else the user's data folder's mirror/.
std::filesystem::path mirror_dir(const Config& config);

class MirrorService final : public sdk::Mirror {
  public:
    explicit MirrorService(const Config& config);
    sdk::MirrorAnswer lookup(const std::string& registry, const std::string& address) override;

  private:
    const mirror::MirrorIndex* index_of(const std::string& registry, std::string& why);
    std::vector<std::string> registries_;
    int max_age_hours_;
    std::filesystem::path dir_;
    std::mutex mutex_;
    std::map<std::string, std::unique_ptr<mirror::MirrorIndex>> open_;
    std::map<std::string, std::string> unusable_; // registry -> why, said once a run
};

} // namespace renraku::core
