// afrinic: AFRINIC, the RIR for Africa: abuse-c and contacts of networks and AS numbers

#include "renraku/sdk/address_registry.hpp"
#include "renraku/sdk/plugin.hpp"

namespace {

using namespace renraku::sdk;

RegistryProfile profile() {
    RegistryProfile p;
    p.name = "afrinic";
    p.rdap_host = "rdap.afrinic.net";
    p.whois_server = "whois.afrinic.net";
    p.ip_template = "-B {}";
    p.asn_template = "-B {}";
    p.placeholder_emails = {};
    p.nir_maintainers = {};
    return p;
}

class AfrinicFactory final : public AddressRegistryFactory {
  public:
    AfrinicFactory()
        : AddressRegistryFactory(
              profile(),
              "AFRINIC, the RIR for Africa: abuse-c and contacts of networks and AS numbers") {}
};

} // namespace

RENRAKU_PLUGIN(AfrinicFactory)
