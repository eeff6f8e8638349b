// The configuration file: bounded, then parsed and checked.
#include "config/config.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto file = renraku::fuzz::scratch("renraku.toml", renraku::fuzz::text(data, size));
    try {
        renraku::core::load_config(file);
    } catch (const renraku::core::ConfigError&) {
    }
    return 0;
}
