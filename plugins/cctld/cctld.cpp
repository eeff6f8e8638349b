// cctld: country-code TLD registries found through IANA (every ccTLD but .jp, which is jprs's)

#include "renraku/registry/domain_registry.hpp"
#include "renraku/sdk/plugin.hpp"

namespace {

using namespace renraku::sdk;
using namespace renraku::registry;

class CctldFactory final : public DomainRegistryFactory {
  public:
    CctldFactory()
        : DomainRegistryFactory({"cctld", true, {"jp"}},
                                "country-code TLD registries found through IANA: the domain's "
                                "registrant, admin, tech and registrar contacts") {}
};

} // namespace

RENRAKU_PLUGIN(CctldFactory)
