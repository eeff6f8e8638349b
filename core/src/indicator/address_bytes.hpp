#pragma once
// An address as the bytes a range compares: the cache keys its answers by them, the bootstrap
// data and the registries' ranges are read into them.

#include <string>

namespace renraku::core {

/// Address bytes of a textual address (4 or 16 bytes), empty when it is not one.
std::string address_bytes(const std::string& address);

/// Like address_bytes(), for addresses as registries write them ("074.125.000.000",
/// "62.239.237.0/32").
std::string loose_address_bytes(std::string text);

} // namespace renraku::core
