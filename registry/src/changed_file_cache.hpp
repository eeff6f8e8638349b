#pragma once
// A data file read once and kept until it changes (update-data rewrites it): every domain task
// asks for it, so it is read again only when its modification time moves. One cache per type
// of what is read from it. Internal to the registry kit.

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

namespace renraku::registry {

/// What `read()` made of `path`, from the cache while the file's time is unchanged. A file
/// that cannot be stat'ed is read every time and not kept.
template <typename T, typename Read>
std::shared_ptr<const T> read_once_per_change(const std::string& path, Read&& read) {
    static std::mutex mutex;
    static std::map<std::string,
                    std::pair<std::filesystem::file_time_type, std::shared_ptr<const T>>>
        loaded;
    std::error_code ec;
    auto when = std::filesystem::last_write_time(path, ec);
    std::lock_guard lock(mutex);
    if (auto it = loaded.find(path); it != loaded.end() && !ec && it->second.first == when)
        return it->second.second;
    std::shared_ptr<const T> fresh = read();
    if (!ec) loaded[path] = {when, fresh};
    return fresh;
}

} // namespace renraku::registry
