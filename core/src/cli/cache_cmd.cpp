#include "../cache/sqlite_cache.hpp"
#include "../services/service_hub.hpp"
#include "commands.hpp"

#include <iostream>

namespace renraku::core {

int run_cache(const std::string& config_arg, const std::string& action) {
    Config cfg;
    try {
        cfg = load_config(find_config_file(config_arg));
    } catch (const ConfigError& e) {
        return usage_error(e.what());
    }
    std::unique_ptr<cache::AnswerCache> c;
    try {
        c = open_shared_cache(cfg);
    } catch (const ConfigError& e) {
        return usage_error(e.what());
    } catch (const cache::CacheError& e) {
        std::cerr << "renraku: " << e.what() << "\n";
        return kExitSomeMissing;
    }
    if (!c) {
        std::cout << "cache: none (cache.backend = \"none\")\n";
        return kExitAllFound;
    }
    if (action == "clear") {
        auto before = c->stats();
        c->clear();
        std::cout << "cache cleared: " << before.entries << " answers removed from "
                  << before.location << "\n";
        return kExitAllFound;
    }
    auto s = c->stats();
    std::cout << "backend:  " << s.backend << "\n"
              << "location: " << s.location << "\n"
              << "answers:  " << s.entries << " (" << s.expired << " expired)\n"
              << "ranges:   " << s.ranges << "\n"
              << "bytes:    " << s.bytes << "\n";
    return kExitAllFound;
}

} // namespace renraku::core
