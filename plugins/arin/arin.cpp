// arin: ARIN, the RIR for North America: abuse, NOC and technical contacts of networks and AS
// numbers

#include "renraku/sdk/address_registry.hpp"
#include "renraku/sdk/plugin.hpp"

namespace {

using namespace renraku::sdk;

RegistryProfile profile() {
    RegistryProfile p;
    p.name = "arin";
    p.rdap_host = "rdap.arin.net";
    p.whois_server = "whois.arin.net";
    p.ip_template = "n + {}";
    p.asn_template = "a + {}";
    p.placeholder_emails = {};
    p.nir_maintainers = {};
    return p;
}

class ArinFactory final : public AddressRegistryFactory {
  public:
    ArinFactory()
        : AddressRegistryFactory(profile(), "ARIN, the RIR for North America: abuse, NOC and "
                                            "technical contacts of networks and AS numbers") {}
};

} // namespace

RENRAKU_PLUGIN(ArinFactory)
