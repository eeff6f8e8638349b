#pragma once
/// @file abi.hpp
/// @brief The ABI identity a plugin and the core must share exactly.
///
/// Plugins exchange C++ objects (std::string, std::vector, virtual classes) with the core, so
/// both sides must agree on the SDK layout *and* on the compiler and standard library that laid
/// it out. The core refuses any plugin whose string differs in any byte.
///
/// Bump kAbiVersion in the same change as any edit to the layout or the virtual functions of a
/// type in this SDK.

#include <cstddef> // defines the standard library macros tested below

namespace renraku::sdk {

/// @brief Version of the SDK's binary interface.
inline constexpr int kAbiVersion = 10;

#define RENRAKU_SDK_STR2(x) #x
#define RENRAKU_SDK_STR(x) RENRAKU_SDK_STR2(x)

#if defined(__clang__)
#define RENRAKU_SDK_COMPILER "clang-" RENRAKU_SDK_STR(__clang_major__)
#elif defined(__GNUC__)
#define RENRAKU_SDK_COMPILER "gcc-" RENRAKU_SDK_STR(__GNUC__)
#else
#define RENRAKU_SDK_COMPILER "unknown-compiler"
#endif

#if defined(_GLIBCXX_USE_CXX11_ABI) && _GLIBCXX_USE_CXX11_ABI
#define RENRAKU_SDK_STDLIB "libstdc++-cxx11"
#elif defined(_LIBCPP_VERSION)
#define RENRAKU_SDK_STDLIB "libc++"
#else
#define RENRAKU_SDK_STDLIB "libstdc++-old"
#endif

/// @brief The full ABI string, e.g. "renraku-sdk/10 gcc-12 libstdc++-cxx11".
inline constexpr const char* kAbiString =
    "renraku-sdk/" RENRAKU_SDK_STR(10) " " RENRAKU_SDK_COMPILER " " RENRAKU_SDK_STDLIB;

static_assert(kAbiVersion == 10, "keep kAbiString in step with kAbiVersion");

} // namespace renraku::sdk
