// apnic: APNIC, the RIR for Asia and the Pacific: IRT and contacts of networks and AS numbers,
// NIR-managed blocks flagged

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
    p.nir_maintainers = {{"MAINT-JPNIC", "JPNIC"},    {"MNT-KRNIC-AP", "KRNIC"},
                         {"MAINT-TW-TWNIC", "TWNIC"}, {"MAINT-CNNIC-AP", "CNNIC"},
                         {"MAINT-ID-IDNIC", "IDNIC"}, {"MAINT-VN-VNNIC", "VNNIC"},
                         {"MAINT-IN-IRINN", "IRINN"}};
    return p;
}

class ApnicFactory final : public AddressRegistryFactory {
  public:
    ApnicFactory()
        : AddressRegistryFactory(profile(),
                                 "APNIC, the RIR for Asia and the Pacific: IRT and contacts of "
                                 "networks and AS numbers, NIR-managed blocks flagged") {}
};

} // namespace

RENRAKU_PLUGIN(ApnicFactory)
