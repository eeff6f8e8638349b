// `renraku serve` runs the server program in its own place: the HTTP and TLS libraries are
// loaded by it alone, so that every other command of `renraku` starts as fast as before.

#include "serve_options.hpp"

#include <cerrno>
#include <cstring>
#include <iostream>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace renraku::core::server {

int exec_server(const ServeOptions& options) {
    std::error_code ec;
    fs::path self = fs::read_symlink("/proc/self/exe", ec);
    fs::path program = self.parent_path() / "renraku-serve";
    std::vector<std::string> args{program.string(), "--listen", options.listen};
    if (!options.config.empty()) args.insert(args.end(), {"--config", options.config});
    if (!options.tls_cert.empty())
        args.insert(args.end(), {"--tls-cert", options.tls_cert.string()});
    if (!options.tls_key.empty()) args.insert(args.end(), {"--tls-key", options.tls_key.string()});
    if (!options.work.empty()) args.insert(args.end(), {"--work", options.work.string()});
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    std::cout.flush();
    std::cerr.flush();
    execv(program.c_str(), argv.data());
    std::cerr << "renraku: serve: cannot run " << program.string() << ": " << std::strerror(errno)
              << " (it is installed beside renraku)\n";
    return 2;
}

} // namespace renraku::core::server
