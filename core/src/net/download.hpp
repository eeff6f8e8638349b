#pragma once
// A file fetched whole to disk over HTTPS (a registry's database dump: hundreds of megabytes),
// streamed as it comes, bounded in size, given up when it stalls, written aside and renamed
// into place only when complete.

#include "endpoint.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

namespace renraku::core::net {

struct DownloadOptions {
    std::string ca_file;                 // empty: the system store
    std::chrono::milliseconds timeout{5000}; // to connect, and the longest stall
    std::uint64_t max_bytes = std::uint64_t{8} << 30;
};

/// Fetch `url` into `to`; empty on success, else one line saying why (then `to` is untouched).
std::string download_file(const std::string& url, const std::filesystem::path& to,
                          const DownloadOptions& options, const ConnectTo& connect_to);

} // namespace renraku::core::net
