#pragma once
// The options of `renraku serve`, as the command line gives them to the server program.

#include <filesystem>
#include <string>

namespace renraku::core::server {

struct ServeOptions {
    std::string config; // --config
    std::string listen = "127.0.0.1:8750";
    std::filesystem::path tls_cert, tls_key;
    std::filesystem::path work; // incidents and drafts; empty: $XDG_STATE_HOME/renraku/serve
};

/// `renraku serve`: run the server program (renraku-serve, beside this one) with these options,
/// in this process's place. Returns only when it cannot be run (exit status 2, said on stderr).
int exec_server(const ServeOptions& options);

} // namespace renraku::core::server
