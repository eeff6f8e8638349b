#include "mirror_service.hpp"

#include "../util/paths.hpp"

#include <algorithm>
#include <ctime>

namespace renraku::core {

std::filesystem::path mirror_dir(const Config& config) {
    return config.mirror.dir.empty() ? paths::user_data().dir / "mirror" : config.mirror.dir;
}

MirrorService::MirrorService(const Config& config)
    : registries_(config.mirror.registries), max_age_hours_(config.mirror.max_age_hours),
      dir_(mirror_dir(config)) {}

std::shared_ptr<const mirror::MirrorIndex> MirrorService::index_of(const std::string& registry,
                                                                   std::string& why) {
    std::lock_guard lock(mutex_);
    auto file = dir_ / (registry + ".sqlite");
    auto now = std::chrono::steady_clock::now();
    if (auto it = open_.find(registry); it != open_.end()) {
        if (now - it->second.checked < std::chrono::minutes(1)) return it->second.index;
        it->second.checked = now;
        std::error_code ec;
        auto written = std::filesystem::last_write_time(file, ec);
        if (ec || written == it->second.written) return it->second.index;
        try {
            it->second.index = std::make_shared<const mirror::MirrorIndex>(file);
            it->second.written = written;
        } catch (const mirror::MirrorError&) {
            // Keep answering from the one already open.
        }
        return it->second.index;
    }
    if (auto it = unusable_.find(registry); it != unusable_.end()) {
        why = it->second;
        return nullptr;
    }
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
        why = "no mirror of " + registry + " (renraku mirror update --registry " + registry + ")";
    } else {
        try {
            Opened opened{std::make_shared<const mirror::MirrorIndex>(file),
                          std::filesystem::last_write_time(file, ec), now};
            auto index = opened.index;
            open_.emplace(registry, std::move(opened));
            return index;
        } catch (const mirror::MirrorError& e) {
            why = e.what();
        }
    }
    unusable_.emplace(registry, why);
    return nullptr;
}

sdk::MirrorAnswer MirrorService::lookup(const std::string& registry, const std::string& address) {
    sdk::MirrorAnswer a;
    a.registry = registry;
    if (std::find(registries_.begin(), registries_.end(), registry) == registries_.end())
        return a; // not mirrored: asked live, nothing to say
    auto index = index_of(registry, a.note);
    if (index == nullptr) return a;
    const auto& info = index->info();
    long age_s = static_cast<long>(std::time(nullptr)) - static_cast<long>(info.source_time);
    a.age_hours = std::max(0L, age_s / 3600);
    a.serial = info.serial;
    a.data_date = info.source_date;
    for (const auto& f : info.files)
        a.file += (a.file.empty() ? "" : ",") + f;
    if (age_s > static_cast<long>(max_age_hours_) * 3600) {
        a.note = "the mirror of " + registry + " is " + std::to_string(a.age_hours) +
                 " hours old, over mirror.max_age_hours (" + std::to_string(max_age_hours_) +
                 "): asked live";
        return a;
    }
    try {
        auto hit = index->lookup(address);
        if (!hit) {
            a.note = "the mirror of " + registry + " has no network for " + address + ": asked live";
            return a;
        }
        a.found = true;
        a.text = std::move(hit->text);
        a.range = hit->range;
    } catch (const std::exception& e) {
        a.note = std::string("the mirror of ") + registry + " could not be read (" + e.what() +
                 "): asked live";
    }
    return a;
}

} // namespace renraku::core
