// Domain RDAP answers of registries and registrars (any registrar a `related` link names), and
// IANA's whois record of a TLD.
#include "fuzz_common.hpp"
#include "renraku/registry/domain_registry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string s = renraku::fuzz::text(data, size);
    auto rdap = renraku::registry::parse_domain_rdap(s);
    // What the gtld and cctld plugins do next with what was read.
    renraku::registry::domain_contact_findings(rdap.contacts, "rdap.example.net", "example.com");
    renraku::registry::redaction_caveat(rdap.redacted, "rdap.example.net");
    renraku::registry::read_iana_tld(s);
    return 0;
}
