#include "data_layers.hpp"

#include "../util/paths.hpp"

namespace fs = std::filesystem;

namespace renraku::core {

DataLayers::DataLayers(const Config& config) {
    if (!config.data_dir.empty()) {
        layers_.push_back({config.data_dir, "[data] dir"});
        explicit_dir_ = true;
        return;
    }
    layers_.push_back({paths::user_data().dir / "data", "user"});
    layers_.push_back({paths::system_data(), "system"});
    layers_.push_back({paths::shipped_data(), "shipped"});
}

fs::path DataLayers::find(const std::string& relative) const {
    std::error_code ec;
    for (const auto& layer : layers_)
        if (fs::is_regular_file(layer.dir / relative, ec)) return layer.dir / relative;
    return shipped() / relative;
}

fs::path DataLayers::writable(bool system) const {
    if (explicit_dir_) return layers_.front().dir;
    return system ? paths::system_data() : layers_.front().dir;
}

const std::vector<std::string>& refreshed_data_files() {
    static const std::vector<std::string> files = {
        "bootstrap/ipv4.json", "bootstrap/ipv6.json",     "bootstrap/asn.json",
        "bootstrap/dns.json",  "csirts/first-teams.json", "registries/privacy-services.json",
        "platforms/rules.json"};
    return files;
}

} // namespace renraku::core
