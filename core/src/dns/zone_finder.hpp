#pragma once
// Finding the apex of the zone that holds a name, from SOA questions alone.

#include "renraku/sdk/dns.hpp"

#include <functional>
#include <string>

namespace renraku::core::dns {

using AskFn = std::function<sdk::DnsAnswer(const std::string& name, sdk::RrType type)>;

/// Ask SOA for the name; the zone is the owner of an SOA in the answer, or else in the authority
/// section when that owner is at or above the name. Without either, walk up one label. In the
/// reverse trees, CNAMEs are followed (RFC 2317 classless delegation, at most 8); elsewhere the
/// zone that holds a CNAME is the zone of the name. Stops on a timeout rather than walking on.
sdk::ZoneInfo find_zone(const AskFn& ask, const std::string& name);

} // namespace renraku::core::dns
