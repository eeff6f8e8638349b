#pragma once
// The workbench's page, its script and its style, built into the program (no file to find, no
// external asset): the page works offline.

#include <string_view>

namespace renraku::core::server {

struct PageAsset {
    std::string_view path;         // "/", "/app.js"
    std::string_view content_type; // "text/html; charset=utf-8"
    std::string_view body;
};

/// The asset served at `path`, or null.
const PageAsset* page_asset(std::string_view path);

} // namespace renraku::core::server
