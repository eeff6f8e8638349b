#include "address_bytes.hpp"

#include "renraku/sdk/text.hpp"

#include <arpa/inet.h>

namespace renraku::core {

std::string loose_address_bytes(std::string text) {
    return address_bytes(sdk::registry_address(text));
}

std::string address_bytes(const std::string& address) {
    unsigned char buf[16];
    if (inet_pton(AF_INET, address.c_str(), buf) == 1)
        return std::string(reinterpret_cast<char*>(buf), 4);
    if (inet_pton(AF_INET6, address.c_str(), buf) == 1)
        return std::string(reinterpret_cast<char*>(buf), 16);
    return {};
}

} // namespace renraku::core
