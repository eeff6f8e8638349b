// A plugin built against another SDK ABI: the core must refuse it before calling its factory.

#include "renraku/sdk/plugin.hpp"

#include <cstdlib>

namespace {

using namespace renraku::sdk;

class NeverMadeFactory final : public Factory {
  public:
    NeverMadeFactory() { std::abort(); } // the core must never get this far
    SourceInfo info() const override { return {}; }
    std::unique_ptr<Source> make(const SourceConfig&) const override { return nullptr; }
};

const char* old_abi() {
    return "renraku-sdk/1 gcc-9 libstdc++-cxx11";
}
std::unique_ptr<Factory> create() {
    return std::make_unique<NeverMadeFactory>();
}

} // namespace

BOOST_DLL_ALIAS(old_abi, renraku_plugin_abi)
BOOST_DLL_ALIAS(create, renraku_create_factory)
