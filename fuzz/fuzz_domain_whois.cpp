// Domain whois answers in the many registry and registrar dialects.
#include "fuzz_common.hpp"
#include "renraku/registry/domain_whois.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    renraku::registry::parse_domain_whois(renraku::fuzz::text(data, size));
    return 0;
}
