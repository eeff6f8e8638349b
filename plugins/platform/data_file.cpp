#include "data_file.hpp"

#include "renraku/sdk/text.hpp"

#include <fstream>
#include <sstream>

namespace platform {

bool read_data_file(const std::string& path, std::size_t max, std::string& text,
                    std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot read " + path;
        return false;
    }
    // Up to one byte past the bound, to tell a file that is too large.
    std::ostringstream buffer;
    std::string chunk(1u << 16, '\0');
    std::size_t total = 0;
    while (in && total <= max) {
        in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        auto got = static_cast<std::size_t>(in.gcount());
        buffer.write(chunk.data(), static_cast<std::streamsize>(got));
        total += got;
    }
    text = std::move(buffer).str();
    if (text.size() > max) {
        error = path + " is larger than " + std::to_string(max >> 20) + " MiB";
        return false;
    }
    return true;
}

std::string https_or_nothing(const std::string& url) {
    return renraku::sdk::is_https_address(url) ? url : std::string();
}

} // namespace platform
