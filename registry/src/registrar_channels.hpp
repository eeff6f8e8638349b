#pragma once
// Each ICANN-accredited registrar's abuse desk by IANA id (config/data/registries/
// registrar-channels.json): used when the registrar's own RDAP or whois answer names no abuse
// address. About a quarter of registrars take reports through a web form only. Internal to the
// registry kit.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace renraku::registry {

struct RegistrarChannel {
    std::string name;
    std::string email;
    std::string form;   // a web form (https only)
    std::string api;    // a reporting API, or the service offering one (https only)
    std::string api_by; // whose API it is ("CleanDNS"), as the list names it
    std::string as_of;
};

class RegistrarChannels {
  public:
    /// The file, read again only when it changed; an empty list for a file that is missing or
    /// none (the lookup goes on without it).
    static std::shared_ptr<const RegistrarChannels> load(const std::string& path);
    const RegistrarChannel* find(std::uint32_t iana_id) const;
    const std::string& path() const { return path_; }
    const std::string& source() const { return source_; }

  private:
    std::string path_;
    std::string source_;
    std::map<std::uint32_t, RegistrarChannel> by_id_;
};

/// One desk of a list entry (`name`, `email`, `form`, `api`, `api_by`, `as_of`): the address
/// only if it passes the strict rule, forms and APIs only over https; none when nothing is left.
std::optional<RegistrarChannel> desk_channel_of(const nlohmann::json& entry);

/// The IANA Registrar ID an RDAP domain answer gives its registrar entity (`publicIds`, type
/// "IANA Registrar ID"); 0 when none.
std::uint32_t registrar_iana_id_rdap(const std::string& body);

/// The "Registrar IANA ID:" of a whois domain answer; 0 when none.
std::uint32_t registrar_iana_id_whois(const std::string& text);

} // namespace renraku::registry
