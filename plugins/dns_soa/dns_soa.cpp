// dns_soa: the RNAME of the SOA of the zone that holds a name or an address's reverse name.

#include "renraku/sdk/channel.hpp"
#include "renraku/sdk/plugin.hpp"
#include "renraku/sdk/reverse.hpp"
#include "renraku/sdk/signals.hpp"
#include "renraku/sdk/text.hpp"

namespace {

using namespace renraku::sdk;

// The top of a reverse tree, or an IPv4 /8: a registry's zone, not a network holder's.
bool registry_level_reverse_zone(const std::string& apex) {
    auto labels = split_dns_name(apex);
    if (!labels) return false;
    bool v6 = is_at_or_below(apex, "ip6.arpa");
    // in-addr.arpa + one octet is a /8; ip6.arpa + up to 3 nibbles is a /12 or shorter.
    return labels->size() <= (v6 ? 5U : 3U);
}

std::string soa_excerpt(const ZoneInfo& z) {
    return z.apex + ". SOA " + z.soa.mname + ". " + z.soa.rname + ". " +
           std::to_string(z.soa.serial);
}

// Why mail to this address cannot be delivered: its domain publishes a null MX (RFC 7505) or
// does not exist. Empty when mail may go, or when DNS could not tell.
std::string undeliverable(Services& services, const std::string& email) {
    std::string domain = ascii_lower(email.substr(email.rfind('@') + 1));
    DnsAnswer mx = services.dns().query(domain, RrType::mx);
    if (mx.status == DnsStatus::nxdomain) return domain + " does not exist (NXDOMAIN)";
    std::vector<const DnsRecord*> mxs;
    for (const auto& r : mx.answer)
        if (r.type == RrType::mx) mxs.push_back(&r);
    if (mxs.size() == 1 && mxs.front()->text.empty())
        return domain + " publishes a null MX (RFC 7505): it accepts no mail";
    return {};
}

class DnsSoa final : public Source {
  public:
    DnsSoa(bool forward, bool reverse) : forward_(forward), reverse_(reverse) {}

  private:
    Outcome do_lookup(const Indicator& ind, Services& services) override {
        bool is_name = ind.type == IndicatorType::domain;
        if (is_name && !forward_) return Outcome::nothing();
        if (!is_name && !reverse_) return Outcome::nothing();
        std::string name = ind.host;
        if (!is_name) {
            auto rev = reverse_name(ind.address, ind.prefix_len);
            if (!rev)
                return Outcome::failure(Outcome::Status::permanent,
                                        "not an address: " + ind.address);
            name = *rev;
        }
        ZoneInfo zone = services.dns().find_zone(name);
        if (zone.status == DnsStatus::nodata) return Outcome::nothing(zone.message);
        if (zone.status != DnsStatus::ok)
            return Outcome::failure(Outcome::Status::transient, zone.message);

        Outcome out;
        auto email = rname_to_email(zone.soa.rname);
        if (!email) {
            out.notes.push_back("SOA RNAME \"" + zone.soa.rname + "\" of " + zone.apex +
                                " is not a mailbox");
            return out;
        }
        Finding f;
        f.contact.email = *email;
        f.role = Role::soa;
        f.scope = {"zone", zone.apex};
        f.evidence.server = zone.server;
        f.evidence.object = zone.apex + " SOA";
        f.evidence.field = "RNAME";
        f.evidence.excerpt = soa_excerpt(zone);
        note_channel(f.evidence, zone);
        f.signals.push_back(signals::soa_rname);
        if (!is_name) {
            if (!zone.cname_chain.empty()) {
                f.signals.push_back(signals::classless_delegation);
                f.caveats.push_back("from a classless (RFC 2317) reverse delegation (" +
                                    zone.cname_chain.front() +
                                    "): usually the customer's own zone, though the provider "
                                    "may run it");
            } else {
                f.signals.push_back(signals::reverse_zone);
            }
            if (registry_level_reverse_zone(zone.apex))
                f.signals.push_back(signals::public_suffix_zone);
        } else if (!ind.registrable.empty() && ind.registrable != zone.apex &&
                   is_at_or_below(ind.registrable, zone.apex)) {
            // The zone found sits above the registrable domain: a registry's zone.
            f.signals.push_back(signals::public_suffix_zone);
        }
        // An RNAME is only a mailbox if its domain takes mail.
        if (std::string why = undeliverable(services, *email); !why.empty()) {
            f.signals.push_back(signals::mailbox_unreachable);
            f.caveats.push_back("SOA RNAME " + *email + " cannot receive mail: " + why);
        }
        out.findings.push_back(std::move(f));
        out.status = Outcome::Status::ok;
        if (!is_name && ind.prefix_len == (ind.is_ipv6() ? 128 : 32)) {
            auto ptr = services.dns().query(name, RrType::ptr);
            for (const auto& r : ptr.answer)
                if (r.type == RrType::ptr) out.notes.push_back("PTR " + name + " -> " + r.text);
        }
        return out;
    }

    bool forward_;
    bool reverse_;
};

class DnsSoaFactory final : public Factory {
  public:
    SourceInfo info() const override {
        SourceInfo i;
        i.name = "dns_soa";
        i.version = "1.1.0";
        i.description = "SOA RNAME of the zone holding a name, and of an address's reverse zone";
        i.types = bit(IndicatorType::domain) | bit(IndicatorType::ipv4) | bit(IndicatorType::ipv6) |
                  bit(IndicatorType::cidr);
        i.needs_network = true;
        i.keys = {
            {"forward", ValueType::boolean, true, "look up the zone of host and domain names"},
            {"reverse", ValueType::boolean, true,
             "look up the reverse zone (in-addr.arpa, ip6.arpa) of addresses and prefixes"},
        };
        return i;
    }
    std::unique_ptr<Source> make(const SourceConfig& c) const override {
        return std::make_unique<DnsSoa>(c.get_bool("forward"), c.get_bool("reverse"));
    }
};

} // namespace

RENRAKU_PLUGIN(DnsSoaFactory)
