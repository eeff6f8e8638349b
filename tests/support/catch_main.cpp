// Catch2 main, compiled once for every test program.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <unistd.h>

namespace {
// Tests never read or write the user's own cache or ledger: folders of this test program's own.
const bool kPrivateCache = [] {
    std::string dir = "/tmp/renraku-test-cache-" + std::to_string(getpid());
    setenv("XDG_CACHE_HOME", dir.c_str(), 1);
    // Nor the user's notice ledger.
    std::string data = "/tmp/renraku-test-data-" + std::to_string(getpid());
    setenv("XDG_DATA_HOME", data.c_str(), 1);
    return true;
}();
} // namespace
