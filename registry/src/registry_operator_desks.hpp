#pragma once
// Each gTLD registry operator's abuse desk by TLD (config/data/registries/registry-channels.json,
// from the same survey as the registrars' desks): the party above the registrar, which can
// suspend a domain when its registrar does not act. About one in six takes reports by web form
// only, and a third through a reporting API. Internal to the registry kit.

#include "registrar_channels.hpp"

#include "renraku/sdk/finding.hpp"
#include "renraku/sdk/services.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace renraku::registry {

class RegistryOperatorDesks {
  public:
    /// The file, read again only when it changed; an empty list for a file that is missing or
    /// none (the lookup goes on without it).
    static std::shared_ptr<const RegistryOperatorDesks> load(const std::string& path);
    /// The desk of the TLD ("com", lower case, no dot), or none.
    const RegistrarChannel* find(const std::string& tld) const;
    const std::string& path() const { return path_; }
    const std::string& source() const { return source_; }

  private:
    std::string path_;
    std::string source_;
    std::map<std::string, RegistrarChannel> by_tld_;
};

/// Adds the desk of the domain's TLD's registry operator, when the shipped list has one: its
/// address or form (channel `form` where it takes nothing else), and its reporting API as a
/// contact of its own. Each carries `registry_operator_desk` and says it is the escalation.
void add_registry_operator_desk(std::vector<sdk::Finding>& findings, const std::string& domain,
                                const std::string& tld, sdk::Services& services);

} // namespace renraku::registry
