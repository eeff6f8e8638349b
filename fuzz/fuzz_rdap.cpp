// RDAP answers (JSON, jCard/vCard) as the registry readers take them.
#include "fuzz_common.hpp"
#include "renraku/registry/rdap.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string s = renraku::fuzz::text(data, size);
    renraku::registry::RegistryProfile profile;
    profile.name = "fuzz";
    profile.rdap_host = "rdap.example.net";
    profile.own_domains = {"example.net"};
    renraku::registry::read_registry_rdap(s, "rdap.example.net", profile, 20000);
    renraku::registry::rdap_start_address(s);
    renraku::registry::rdap_country(s);
    renraku::registry::rdap_nir(s, profile);
    return 0;
}
