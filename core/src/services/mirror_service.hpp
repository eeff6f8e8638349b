#pragma once
// The run's mirrors of the registries' databases: each registry's index opened once, when a
// source first asks, and used only while fresh (mirror.max_age_hours).

#include "../config/config.hpp"
#include "../mirror/mirror_index.hpp"
#include "renraku/sdk/mirror.hpp"

#include <chrono>
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
    std::shared_ptr<const mirror::MirrorIndex> index_of(const std::string& registry,
                                                        std::string& why);
    std::vector<std::string> registries_;
    int max_age_hours_;
    std::filesystem::path dir_;
    std::mutex mutex_;
    // Each registry's index, and when its file was last looked at: a long-running server opens
    // the new file after `mirror update` replaced it (checked at most once a minute).
    struct Opened {
        std::shared_ptr<const mirror::MirrorIndex> index; // shared: a lookup in progress keeps it
        std::filesystem::file_time_type written;
        std::chrono::steady_clock::time_point checked;
    };
    std::map<std::string, Opened> open_;
    std::map<std::string, std::string> unusable_; // registry -> why, said once a run
};

} // namespace renraku::core
