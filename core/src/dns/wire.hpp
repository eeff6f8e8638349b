#pragma once
// A bounded parser for DNS messages (RFC 1035 §4). c-ares hands us the raw answer; reading it
// ourselves gives the authority section too, which is where a zone's SOA comes in NODATA and
// NXDOMAIN answers.

#include "renraku/sdk/dns.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace renraku::core::dns {

struct Message {
    std::uint16_t id = 0;
    int rcode = 0;
    bool truncated = false;
    bool authoritative = false;
    std::vector<sdk::DnsRecord> answer;
    std::vector<sdk::DnsRecord> authority;
};

/// Parse a message; nullopt when it is malformed in any way. Records of types renraku does not
/// use are skipped. Never reads outside [data, data+size).
std::optional<Message> parse_message(const std::uint8_t* data, std::size_t size, std::string& why);

/// Set `out`'s status from a reply's rcode and records for a question of type `asked`: ok,
/// nodata, nxdomain, or a failure whose message names `server`.
void classify_reply(sdk::DnsAnswer& out, int rcode, sdk::RrType asked, const std::string& server);

/// The answer a reply (c-ares's or libunbound's) gives to a question of type `asked`: its
/// records and status; a reply that cannot be read is an error naming `server`.
sdk::DnsAnswer answer_from_reply(const std::uint8_t* data, std::size_t size, sdk::RrType asked,
                                 const std::string& server);

} // namespace renraku::core::dns
