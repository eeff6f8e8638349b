// renraku-serve: the workbench server that `renraku serve` runs (see serve_exec.cpp).

#include "http_server.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

int main(int argc, char** argv) {
    renraku::core::server::ServeOptions options;
    CLI::App app("renraku's web workbench server; run it as `renraku serve`", "renraku-serve");
    app.add_option("-c,--config", options.config, "config file");
    app.add_option("--listen", options.listen, "HOST:PORT");
    app.add_option("--tls-cert", options.tls_cert, "TLS certificate (PEM)");
    app.add_option("--tls-key", options.tls_key, "TLS private key (PEM)");
    app.add_option("--work", options.work, "folder of pasted incidents and their drafts");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }
    return renraku::core::server::serve(options, std::cout, std::cerr);
}
