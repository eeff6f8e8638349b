// ripe: RIPE NCC, the RIR for Europe, the Middle East and Central Asia: abuse-c and contacts of
// networks and AS numbers

#include "renraku/sdk/address_registry.hpp"
#include "renraku/sdk/plugin.hpp"

namespace {

using namespace renraku::sdk;

RegistryProfile profile() {
    RegistryProfile p;
    p.name = "ripe";
    p.rdap_host = "rdap.db.ripe.net";
    p.whois_server = "whois.ripe.net";
    p.ip_template = "-B {}";
    p.asn_template = "-B {}";
    p.placeholder_emails = {};
    p.nir_maintainers = {};
    return p;
}

class RipeFactory final : public AddressRegistryFactory {
  public:
    RipeFactory()
        : AddressRegistryFactory(profile(),
                                 "RIPE NCC, the RIR for Europe, the Middle East and Central Asia: "
                                 "abuse-c and contacts of networks and AS numbers") {}
};

} // namespace

RENRAKU_PLUGIN(RipeFactory)
