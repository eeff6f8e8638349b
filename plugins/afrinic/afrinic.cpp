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

class RegistryFactory final : public renraku::sdk::Factory {
  public:
    SourceInfo info() const override {
        SourceInfo i;
        i.name = "afrinic";
        i.version = "1.0.0";
        i.description = "AFRINIC, the RIR for Africa: abuse-c and contacts of networks and AS numbers";
        i.types = bit(IndicatorType::ipv4) | bit(IndicatorType::ipv6) | bit(IndicatorType::cidr) |
                  bit(IndicatorType::asn);
        i.needs_network = true;
        i.keys = address_registry_keys(profile());
        return i;
    }
    std::unique_ptr<Source> make(const SourceConfig& config) const override {
        return make_address_registry_source(profile(), config);
    }
};

} // namespace

RENRAKU_PLUGIN(RegistryFactory)
