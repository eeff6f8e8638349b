#include "renraku/sdk/dns.hpp"
#include "renraku/sdk/finding.hpp"
#include "renraku/sdk/http.hpp"
#include "renraku/sdk/indicator.hpp"
#include "renraku/sdk/outcome.hpp"
#include "renraku/sdk/whois.hpp"

#include <array>
#include <utility>

namespace renraku::sdk {

std::string_view type_name(IndicatorType t) {
    switch (t) {
    case IndicatorType::ipv4:
        return "ipv4";
    case IndicatorType::ipv6:
        return "ipv6";
    case IndicatorType::cidr:
        return "cidr";
    case IndicatorType::asn:
        return "asn";
    case IndicatorType::domain:
        return "domain";
    case IndicatorType::url:
        return "url";
    case IndicatorType::email:
        return "email";
    }
    return "unknown";
}

namespace {
constexpr std::array<std::pair<Role, std::string_view>, 15> kRoleNames{{
    {Role::abuse, "abuse"},
    {Role::security, "security"},
    {Role::csirt, "csirt"},
    {Role::noc, "noc"},
    {Role::tech, "tech"},
    {Role::admin, "admin"},
    {Role::registrant, "registrant"},
    {Role::registrar, "registrar"},
    {Role::postmaster, "postmaster"},
    {Role::hostmaster, "hostmaster"},
    {Role::root, "root"},
    {Role::soa, "soa"},
    {Role::notify, "notify"},
    {Role::maintainer, "maintainer"},
    {Role::other, "other"},
}};
} // namespace

std::string_view role_name(Role r) {
    for (const auto& [role, name] : kRoleNames)
        if (role == r) return name;
    return "other";
}

std::optional<Role> role_from_name(std::string_view name) {
    for (const auto& [role, n] : kRoleNames)
        if (n == name) return role;
    return std::nullopt;
}

int role_specificity(Role r) {
    static constexpr std::array kOrder = {
        Role::abuse, Role::csirt,  Role::security,   Role::noc,        Role::registrar,
        Role::tech,  Role::admin,  Role::registrant, Role::postmaster, Role::hostmaster,
        Role::soa,   Role::notify, Role::maintainer, Role::root,       Role::other,
    };
    for (std::size_t i = 0; i < kOrder.size(); ++i)
        if (kOrder[i] == r) return static_cast<int>(i);
    return static_cast<int>(kOrder.size());
}

std::string_view rr_type_name(RrType t) {
    switch (t) {
    case RrType::a:
        return "A";
    case RrType::ns:
        return "NS";
    case RrType::cname:
        return "CNAME";
    case RrType::soa:
        return "SOA";
    case RrType::ptr:
        return "PTR";
    case RrType::mx:
        return "MX";
    case RrType::txt:
        return "TXT";
    case RrType::aaaa:
        return "AAAA";
    }
    return "?";
}

std::string_view dnssec_name(Dnssec d) {
    switch (d) {
    case Dnssec::secure:
        return "secure";
    case Dnssec::insecure:
        return "insecure";
    case Dnssec::bogus:
        return "bogus";
    case Dnssec::indeterminate:
        break;
    }
    return "indeterminate";
}

std::string_view dns_status_name(DnsStatus s) {
    switch (s) {
    case DnsStatus::ok:
        return "ok";
    case DnsStatus::nodata:
        return "nodata";
    case DnsStatus::nxdomain:
        return "nxdomain";
    case DnsStatus::servfail:
        return "servfail";
    case DnsStatus::refused:
        return "refused";
    case DnsStatus::timeout:
        return "timeout";
    case DnsStatus::error:
        return "error";
    }
    return "error";
}

const char* status_name(Outcome::Status s) {
    switch (s) {
    case Outcome::Status::ok:
        return "ok";
    case Outcome::Status::no_data:
        return "no_data";
    case Outcome::Status::transient:
        return "transient";
    case Outcome::Status::permanent:
        return "permanent";
    case Outcome::Status::bad_answer:
        return "bad_answer";
    }
    return "unknown";
}

} // namespace renraku::sdk

namespace renraku::sdk {
const char* whois_status_name(WhoisStatus s) {
    switch (s) {
    case WhoisStatus::ok:
        return "ok";
    case WhoisStatus::timeout:
        return "timeout";
    case WhoisStatus::unreachable:
        return "unreachable";
    case WhoisStatus::rate_limited:
        return "rate_limited";
    case WhoisStatus::too_large:
        return "too_large";
    case WhoisStatus::error:
        return "error";
    }
    return "error";
}
} // namespace renraku::sdk

namespace renraku::sdk {
const char* http_status_name(HttpStatus s) {
    switch (s) {
    case HttpStatus::ok:
        return "ok";
    case HttpStatus::http_error:
        return "http_error";
    case HttpStatus::timeout:
        return "timeout";
    case HttpStatus::unreachable:
        return "unreachable";
    case HttpStatus::tls_error:
        return "tls_error";
    case HttpStatus::rate_limited:
        return "rate_limited";
    case HttpStatus::too_large:
        return "too_large";
    case HttpStatus::error:
        return "error";
    }
    return "error";
}
std::string registered_domain_of(const Indicator& ind) {
    if (!ind.registered.empty()) return ind.registered;
    if (!ind.registrable.empty()) return ind.registrable;
    return ind.host.empty() ? ind.value : ind.host;
}

} // namespace renraku::sdk
