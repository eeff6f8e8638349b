// lacnic: LACNIC, the RIR for Latin America and the Caribbean: abuse-c and contacts of networks and
// AS numbers

#include "renraku/sdk/address_registry.hpp"
#include "renraku/sdk/plugin.hpp"

namespace {

using namespace renraku::sdk;

RegistryProfile profile() {
    RegistryProfile p;
    p.name = "lacnic";
    p.rdap_host = "rdap.lacnic.net";
    p.whois_server = "whois.lacnic.net";
    p.ip_template = "{}";
    p.asn_template = "{}";
    p.placeholder_emails = {"removed@lacnic.net"};
    p.nir_maintainers = {};
    return p;
}

class LacnicFactory final : public AddressRegistryFactory {
  public:
    LacnicFactory()
        : AddressRegistryFactory(profile(), "LACNIC, the RIR for Latin America and the Caribbean: "
                                            "abuse-c and contacts of networks and AS numbers") {}
};

} // namespace

RENRAKU_PLUGIN(LacnicFactory)
