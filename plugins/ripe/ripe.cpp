// ripe: RIPE NCC, the RIR for Europe, the Middle East and Central Asia: abuse-c and contacts of networks and AS numbers

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

class RegistryFactory final : public renraku::sdk::Factory {
  public:
    SourceInfo info() const override {
        SourceInfo i;
        i.name = "ripe";
        i.version = "1.0.0";
        i.description = "RIPE NCC, the RIR for Europe, the Middle East and Central Asia: abuse-c and contacts of networks and AS numbers";
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
