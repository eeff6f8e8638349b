#include "loader.hpp"

#include "renraku/sdk/plugin.hpp"

#include <boost/dll/shared_library.hpp>

#include <algorithm>
#include <map>

namespace fs = std::filesystem;

namespace renraku::core {

Plugin::~Plugin() {
    factory.reset(); // plugin code: must go before the library can be unloaded
    library.reset();
}

const char* core_abi() {
    return sdk::kAbiString;
}

namespace {
std::string what_of(const std::exception& e) {
    return std::string(e.what());
}
} // namespace

Plugin load_plugin(const fs::path& path) {
    Plugin p;
    p.path = path;
    p.info.name = path.stem().string();
    try {
        auto lib = std::make_shared<boost::dll::shared_library>(
            boost::dll::fs::path(path.string()),
            boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
        if (!lib->has("renraku_plugin_abi") || !lib->has("renraku_create_factory")) {
            p.refused = "not a renraku plugin (no renraku_plugin_abi/renraku_create_factory): " +
                        path.string();
            return p;
        }
        auto& abi = lib->get_alias<sdk::AbiFunction>("renraku_plugin_abi");
        std::string found = abi() != nullptr ? std::string(abi()) : std::string("(null)");
        if (found != sdk::kAbiString) {
            p.refused = "ABI mismatch: expected \"" + std::string(sdk::kAbiString) +
                        "\", found \"" + found + "\" in " + path.string();
            return p;
        }
        auto& create = lib->get_alias<sdk::CreateFactoryFunction>("renraku_create_factory");
        p.library = lib;
        p.factory = create();
        if (!p.factory) {
            p.refused = "plugin made no factory: " + path.string();
            return p;
        }
        p.info = p.factory->info(); // copied into core-owned memory
        if (p.info.name.empty()) p.refused = "plugin has no name: " + path.string();
    } catch (const std::exception& e) {
        p.factory.reset();
        p.refused = "load error: " + what_of(e) + " (" + path.string() + ")";
    } catch (...) {
        p.factory.reset();
        p.refused = "load error: unknown exception (" + path.string() + ")";
    }
    return p;
}

std::vector<Plugin> load_plugins(const std::vector<fs::path>& dirs) {
    std::vector<Plugin> plugins;
    std::map<std::string, std::string> taken;
    for (const auto& dir : dirs) {
        std::error_code ec;
        if (!fs::is_directory(dir, ec)) continue;
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(dir, ec))
            if (entry.path().extension() == ".so") files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            Plugin p = load_plugin(f);
            if (p.refused.empty()) {
                auto [it, fresh] = taken.emplace(p.info.name, f.string());
                if (!fresh) {
                    p.refused = "duplicate source name \"" + p.info.name +
                                "\" (first loaded from " + it->second + ")";
                    p.factory.reset();
                    p.library.reset();
                }
            }
            plugins.push_back(std::move(p));
        }
    }
    return plugins;
}

} // namespace renraku::core
