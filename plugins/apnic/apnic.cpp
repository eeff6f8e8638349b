// apnic: APNIC, the RIR for Asia and the Pacific: IRT and contacts of networks and AS numbers, NIR-managed blocks flagged

#include "renraku/sdk/address_registry.hpp"
#include "renraku/sdk/plugin.hpp"

namespace {

using namespace renraku::sdk;

RegistryProfile profile() {
    RegistryProfile p;
    p.name = "apnic";
    p.rdap_host = "rdap.apnic.net";
    p.whois_server = "whois.apnic.net";
    p.ip_template = "-B {}";
    p.asn_template = "-B {}";
    p.placeholder_emails = {};
    p.nir_maintainers = {{"MAINT-JPNIC", "JPNIC"}, {"MNT-KRNIC-AP", "KRNIC"}, {"MAINT-TW-TWNIC", "TWNIC"}, {"MAINT-CNNIC-AP", "CNNIC"}, {"MAINT-ID-IDNIC", "IDNIC"}, {"MAINT-VN-VNNIC", "VNNIC"}, {"MAINT-IN-IRINN", "IRINN"}};
    return p;
}

class RegistryFactory final : public renraku::sdk::Factory {
  public:
    SourceInfo info() const override {
        SourceInfo i;
        i.name = "apnic";
        i.version = "1.0.0";
        i.description = "APNIC, the RIR for Asia and the Pacific: IRT and contacts of networks and AS numbers, NIR-managed blocks flagged";
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
