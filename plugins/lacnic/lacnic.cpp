// lacnic: LACNIC, the RIR for Latin America and the Caribbean: abuse-c and contacts of networks and
// AS numbers

#include "profile.hpp"

#include "renraku/registry/address_registry.hpp"
#include "renraku/sdk/plugin.hpp"

namespace {

using namespace renraku::sdk;
using namespace renraku::registry;

class LacnicFactory final : public AddressRegistryFactory {
  public:
    LacnicFactory()
        : AddressRegistryFactory(renraku::plugins::lacnic::profile(),
                                 "LACNIC, the RIR for Latin America and the Caribbean: "
                                 "abuse-c and contacts of networks and AS numbers") {}
};

} // namespace

RENRAKU_PLUGIN(LacnicFactory)
