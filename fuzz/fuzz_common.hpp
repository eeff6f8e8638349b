#pragma once
// Shared by the fuzz targets: the input as text, and a scratch file for readers that read files.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace renraku::fuzz {

inline std::string text(const std::uint8_t* data, std::size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

/// A file of this process's own holding `content`, under the name given (the extension tells
/// some readers the format).
inline std::filesystem::path scratch(const std::string& name, const std::string& content) {
    static const std::filesystem::path dir = [] {
        auto d = std::filesystem::temp_directory_path() /
                 ("renraku-fuzz-" + std::to_string(getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    auto file = dir / name;
    std::ofstream(file, std::ios::binary | std::ios::trunc) << content;
    return file;
}

} // namespace renraku::fuzz
