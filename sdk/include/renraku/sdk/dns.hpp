#pragma once
/// @file dns.hpp
/// @brief The DNS service the core hands to sources.
///
/// Queries go to the servers of `network.dns_servers` (default: the system resolver). Every
/// answer is bounded in time by `network.timeout_ms` and by the source's own deadline; the
/// same question within one run is asked once and shared. Names are in presentation form:
/// ASCII, lower case, no trailing dot, with RFC 1035 escapes (`\.` for a dot inside a label,
/// `\DDD` for other bytes).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace renraku::sdk {

enum class RrType : std::uint16_t {
    a = 1,
    ns = 2,
    cname = 5,
    soa = 6,
    ptr = 12,
    mx = 15,
    txt = 16,
    aaaa = 28,
};

/// @brief "A", "SOA", ... for messages.
std::string_view rr_type_name(RrType t);

struct SoaData {
    std::string mname;
    std::string rname; ///< presentation form; see rname_to_email() in text.hpp
    std::uint32_t serial = 0;
};

struct DnsRecord {
    std::string owner;
    RrType type = RrType::a;
    std::uint32_t ttl = 0;
    /// A, AAAA: the address; NS, CNAME, PTR: the target name; MX: the exchange;
    /// TXT: the strings concatenated.
    std::string text;
    std::uint16_t mx_preference = 0; ///< MX only
    SoaData soa;                     ///< SOA only
};

enum class DnsStatus {
    ok,       ///< answered with records of the type asked
    nodata,   ///< the name exists but has no record of that type
    nxdomain, ///< the name does not exist
    servfail,
    refused,
    timeout,
    error, ///< malformed answer, network error, ...
};

/// @brief "nxdomain", "timeout", ... for messages.
std::string_view dns_status_name(DnsStatus s);

/// @brief What DNSSEC validation said of an answer (RFC 4035 §4.3).
enum class Dnssec {
    indeterminate, ///< not validated: validation is off, or no verdict could be reached
    secure,        ///< a chain of signatures from the trust anchor proves it
    insecure,      ///< proven to lie in a zone that is not signed
    bogus,         ///< it should be signed and its signatures fail: tampered, expired, ...
};

/// @brief "secure", "insecure", "bogus", "indeterminate".
std::string_view dnssec_name(Dnssec d);

struct DnsAnswer {
    DnsStatus status = DnsStatus::error;
    std::string message; ///< for failures: what went wrong
    std::string server;  ///< the server that answered, "127.0.0.1:5353"
    std::vector<DnsRecord> answer;
    std::vector<DnsRecord> authority;
    bool from_cache = false; ///< answered from renraku's cache, not by the server now
    Dnssec dnssec = Dnssec::indeterminate;
    std::string dnssec_reason; ///< for bogus: what failed, in the validator's words

    bool failed() const {
        return status != DnsStatus::ok && status != DnsStatus::nodata &&
               status != DnsStatus::nxdomain;
    }
};

/// @brief The zone that holds a name.
struct ZoneInfo {
    /// ok when the apex was found; nodata when servers answered but no zone holds the name;
    /// timeout, refused, servfail or error when no server gave a usable answer.
    DnsStatus status = DnsStatus::error;
    std::string message;
    std::string server;
    std::string apex; ///< the owner of the SOA, e.g. "128/26.2.0.192.in-addr.arpa"
    SoaData soa;
    /// CNAMEs followed on the way, e.g. RFC 2317 classless delegations:
    /// "130.2.0.192.in-addr.arpa -> 130.128/26.2.0.192.in-addr.arpa".
    std::vector<std::string> cname_chain;
    /// The validation of the answer that carried the SOA (the weakest along a CNAME chain).
    Dnssec dnssec = Dnssec::indeterminate;
    std::string dnssec_reason;
};

class Dns {
  public:
    virtual ~Dns() = default;
    /// @brief Ask one question. Never throws; failures come back in DnsAnswer::status.
    virtual DnsAnswer query(std::string_view name, RrType type) = 0;
    /// @brief Find the apex of the zone that holds `name`: the owner of the SOA in the answer or
    /// authority section, walking up one label at a time where a server gives neither. In the
    /// reverse trees CNAMEs are followed (RFC 2317 classless delegation, at most 8 hops);
    /// elsewhere the zone that holds a CNAME is the zone of the name. Never throws.
    virtual ZoneInfo find_zone(std::string_view name) = 0;
};

} // namespace renraku::sdk
