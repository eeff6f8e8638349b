#include "paths.hpp"

#include <algorithm>
#include <cstdlib>
#include <unistd.h>

#ifndef RENRAKU_INSTALLED_DATA_DIR
#define RENRAKU_INSTALLED_DATA_DIR "/usr/local/share/renraku/data"
#endif
#ifndef RENRAKU_SOURCE_DATA_DIR
#define RENRAKU_SOURCE_DATA_DIR ""
#endif

#ifndef RENRAKU_BUILD_DIR
#define RENRAKU_BUILD_DIR "/nonexistent"
#endif
#ifndef RENRAKU_SYSTEM_STATE_DIR
#define RENRAKU_SYSTEM_STATE_DIR "/var/lib/renraku"
#endif

namespace fs = std::filesystem;

namespace renraku::core::paths {

namespace {

// XDG says a relative value is invalid and must be ignored.
Place xdg(const char* variable, const char* fallback_under_home) {
    if (const char* v = std::getenv(variable); v != nullptr && *v == '/')
        return {fs::path(v) / "renraku", std::string("environment ") + variable};
    if (const char* home = std::getenv("HOME"); home != nullptr && *home == '/')
        return {fs::path(home) / fallback_under_home / "renraku", "default (under $HOME)"};
    return {fs::path("/tmp") / ("renraku-" + std::to_string(getuid())), "default (no $HOME)"};
}

} // namespace

Place user_data() {
    return xdg("XDG_DATA_HOME", ".local/share");
}

Place user_cache() {
    return xdg("XDG_CACHE_HOME", ".cache");
}

fs::path system_data() {
    return fs::path(RENRAKU_SYSTEM_STATE_DIR) / "data";
}

fs::path user_plugins() {
    return user_data().dir / "plugins";
}

std::filesystem::path shipped_data() {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec).parent_path();
    // A program still in its build tree reads the data of the source it was built from, not
    // whatever an earlier package left installed.
    fs::path build_dir = fs::path(RENRAKU_BUILD_DIR).lexically_normal();
    auto [end, at] = std::mismatch(build_dir.begin(), build_dir.end(), exe.begin(), exe.end());
    if (end == build_dir.end() &&
        fs::exists(fs::path(RENRAKU_SOURCE_DATA_DIR) / "bootstrap" / "ipv4.json"))
        return fs::path(RENRAKU_SOURCE_DATA_DIR).lexically_normal();
    for (fs::path candidate :
         {exe / ".." / "share" / "renraku" / "data", fs::path(RENRAKU_INSTALLED_DATA_DIR),
          fs::path(RENRAKU_SOURCE_DATA_DIR)}) {
        if (!candidate.empty() && fs::exists(candidate / "bootstrap" / "ipv4.json"))
            return candidate.lexically_normal();
    }
    return RENRAKU_INSTALLED_DATA_DIR;
}

} // namespace renraku::core::paths
