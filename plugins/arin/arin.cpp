// arin: ARIN, the RIR for North America: abuse, NOC and technical contacts of networks and AS
// numbers

#include "profile.hpp"

#include "renraku/registry/address_registry.hpp"
#include "renraku/sdk/plugin.hpp"

namespace {

using namespace renraku::sdk;
using namespace renraku::registry;

class ArinFactory final : public AddressRegistryFactory {
  public:
    ArinFactory()
        : AddressRegistryFactory(renraku::plugins::arin::profile(),
                                 "ARIN, the RIR for North America: abuse, NOC and "
                                 "technical contacts of networks and AS numbers") {}
};

} // namespace

RENRAKU_PLUGIN(ArinFactory)
