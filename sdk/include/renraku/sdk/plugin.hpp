#pragma once
/// @file plugin.hpp
/// @brief The one macro a plugin uses to export itself.
///
/// @code
///   class MyFactory : public renraku::sdk::Factory { ... };
///   RENRAKU_PLUGIN(MyFactory)
/// @endcode
///
/// It exports exactly two entry points through Boost.DLL aliases:
///  - `renraku_plugin_abi`: returns renraku::sdk::kAbiString as the plugin was compiled;
///    the core checks it for an exact match before calling anything else;
///  - `renraku_create_factory`: makes the factory.

#include "renraku/sdk/abi.hpp"
#include "renraku/sdk/source.hpp"

#include <boost/dll/alias.hpp>
#include <memory>

namespace renraku::sdk {
using AbiFunction = const char*();
using CreateFactoryFunction = std::unique_ptr<Factory>();
} // namespace renraku::sdk

#define RENRAKU_PLUGIN(FactoryClass)                                                               \
    namespace renraku_plugin_entry {                                                               \
    const char* abi() {                                                                            \
        return ::renraku::sdk::kAbiString;                                                         \
    }                                                                                              \
    std::unique_ptr<::renraku::sdk::Factory> create_factory() {                                    \
        return std::make_unique<FactoryClass>();                                                   \
    }                                                                                              \
    }                                                                                              \
    BOOST_DLL_ALIAS(renraku_plugin_entry::abi, renraku_plugin_abi)                                 \
    BOOST_DLL_ALIAS(renraku_plugin_entry::create_factory, renraku_create_factory)
