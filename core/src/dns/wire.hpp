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

} // namespace renraku::core::dns
