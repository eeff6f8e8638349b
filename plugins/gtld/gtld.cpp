// gtld: generic TLD registries (.com, .org, new gTLDs) and their registrars, over RDAP and whois

#include "renraku/registry/domain_registry.hpp"
#include "renraku/sdk/plugin.hpp"

namespace {

using namespace renraku::sdk;
using namespace renraku::registry;

class GtldFactory final : public DomainRegistryFactory {
  public:
    GtldFactory()
        : DomainRegistryFactory({"gtld", false, {}},
                                "generic TLD registries and their registrars: the registrar's "
                                "abuse contact, registrant, admin and tech where published") {}
};

} // namespace

RENRAKU_PLUGIN(GtldFactory)
