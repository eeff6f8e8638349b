// apnic: APNIC, the RIR for Asia and the Pacific: IRT and contacts of networks and AS numbers,
// NIR-managed blocks flagged

#include "profile.hpp"

#include "renraku/registry/address_registry.hpp"
#include "renraku/sdk/plugin.hpp"

namespace {

using namespace renraku::sdk;
using namespace renraku::registry;

class ApnicFactory final : public AddressRegistryFactory {
  public:
    ApnicFactory()
        : AddressRegistryFactory(renraku::plugins::apnic::profile(),
                                 "APNIC, the RIR for Asia and the Pacific: IRT and contacts of "
                                 "networks and AS numbers, NIR-managed blocks flagged") {}
};

} // namespace

RENRAKU_PLUGIN(ApnicFactory)
