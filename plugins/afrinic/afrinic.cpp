// afrinic: AFRINIC, the RIR for Africa: abuse-c and contacts of networks and AS numbers

#include "profile.hpp"

#include "renraku/registry/address_registry.hpp"
#include "renraku/sdk/plugin.hpp"

namespace {

using namespace renraku::sdk;
using namespace renraku::registry;

class AfrinicFactory final : public AddressRegistryFactory {
  public:
    AfrinicFactory()
        : AddressRegistryFactory(
              renraku::plugins::afrinic::profile(),
              "AFRINIC, the RIR for Africa: abuse-c and contacts of networks and AS numbers") {}
};

} // namespace

RENRAKU_PLUGIN(AfrinicFactory)
