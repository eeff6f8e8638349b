// Answers as the persistent cache keeps them: a damaged or hostile cache file is read back as
// carefully as the network.
#include "dns/resolver.hpp"
#include "fuzz_common.hpp"
#include "net/http_client.hpp"
#include "net/whois_client.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string s = renraku::fuzz::text(data, size);
    renraku::core::net::http_from_stored(s);
    renraku::core::net::whois_from_stored(s);
    renraku::core::dns::dns_from_stored(s);
    return 0;
}
