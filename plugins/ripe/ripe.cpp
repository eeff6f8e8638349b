// ripe: RIPE NCC, the RIR for Europe, the Middle East and Central Asia: abuse-c and contacts of
// networks and AS numbers

#include "profile.hpp"

#include "renraku/registry/address_registry.hpp"
#include "renraku/sdk/plugin.hpp"

namespace {

using namespace renraku::sdk;
using namespace renraku::registry;

class RipeFactory final : public AddressRegistryFactory {
  public:
    RipeFactory()
        : AddressRegistryFactory(renraku::plugins::ripe::profile(),
                                 "RIPE NCC, the RIR for Europe, the Middle East and Central Asia: "
                                 "abuse-c and contacts of networks and AS numbers") {}
};

} // namespace

RENRAKU_PLUGIN(RipeFactory)
