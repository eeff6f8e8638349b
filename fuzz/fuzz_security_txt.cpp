// security.txt files (RFC 9116), signed or not.
#include "fuzz_common.hpp"
#include "security_txt_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto file = renraku::security_txt::parse_security_txt(renraku::fuzz::text(data, size));
    for (const auto& e : file.encryption)
        renraku::security_txt::openpgp4fpr(e);
    return 0;
}
