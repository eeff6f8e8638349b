#include "paths.hpp"

#include <cstdlib>
#include <unistd.h>

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

} // namespace renraku::core::paths
