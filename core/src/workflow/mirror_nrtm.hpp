#pragma once
// Keeping a registry's mirror current by NRTMv4: the update notification fetched and its
// signature checked with the key the user configured, then the deltas after the mirror's
// version applied one by one (each whole or not at all), or the snapshot imported when the
// mirror is new, of another session, or too far behind for the deltas still published.

#include "../config/config.hpp"

#include <filesystem>
#include <ostream>
#include <string>

namespace renraku::core::workflow {

struct NrtmSource {
    std::string registry;         // the mirror's name, as mirror/registries.json has it
    std::string notification_url; // https://.../update-notification-file.jose
    std::string source;           // the source its files must name (shipped data: nrtm.source)
};

/// 0 when the mirror is at the notification's version; 1 when it was kept as it was, or
/// brought only part of the way (each refusal named on `err`).
int nrtm_update(const Config& config, const NrtmSource& source,
                const std::filesystem::path& key_file, const std::filesystem::path& mirror_file,
                std::ostream& out, std::ostream& err);

} // namespace renraku::core::workflow
