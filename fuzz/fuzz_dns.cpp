// DNS messages from a server: names, compression pointers, every record type renraku reads.
#include "dns/wire.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string why;
    renraku::core::dns::parse_message(data, size, why);
    return 0;
}
