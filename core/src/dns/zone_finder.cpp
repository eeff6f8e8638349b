#include "zone_finder.hpp"

#include "renraku/sdk/channel.hpp"
#include "renraku/sdk/text.hpp"

namespace renraku::core::dns {

namespace {

std::string parent_of(const std::string& name) {
    // Escaped dots ("\.") do not separate labels.
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (name[i] == '\\') {
            ++i;
            continue;
        }
        if (name[i] == '.') return name.substr(i + 1);
    }
    return {};
}

bool in_reverse_tree(const std::string& name) {
    return sdk::is_at_or_below(name, "in-addr.arpa") || sdk::is_at_or_below(name, "ip6.arpa");
}

} // namespace

sdk::ZoneInfo find_zone(const AskFn& ask, const std::string& start) {
    sdk::ZoneInfo info;
    std::string name = sdk::ascii_lower(start);
    std::string last_failure;
    sdk::DnsStatus last_failure_status = sdk::DnsStatus::error;
    bool any_answer = false; // did any server answer this walk with something usable?
    int cname_hops = 0;
    // The answers the SOA was reached through: the weakest verdict among them is the zone's.
    sdk::Dnssec verdict = sdk::Dnssec::secure;
    std::string verdict_reason;
    auto weigh = [&](const sdk::DnsAnswer& a) {
        auto w = sdk::weaker(verdict, a.dnssec);
        if (w != verdict && a.dnssec == sdk::Dnssec::bogus) verdict_reason = a.dnssec_reason;
        verdict = w;
    };
    // Each step either removes a label or follows one of at most 8 CNAMEs.
    for (int step = 0; step < 140 && !name.empty(); ++step) {
        sdk::DnsAnswer a = ask(name, sdk::RrType::soa);
        info.server = a.server;
        if (a.status == sdk::DnsStatus::timeout) {
            info.status = sdk::DnsStatus::timeout;
            info.message = "DNS timeout asking SOA " + name + " (server " + a.server + ")";
            return info;
        }
        if (a.failed()) {
            last_failure = a.message.empty() ? "DNS error asking SOA " + name : a.message;
            last_failure_status = a.status;
            name = parent_of(name);
            continue;
        }
        any_answer = true;
        // Follow the CNAME chain inside the answer, as far as it goes.
        std::string target = name;
        bool followed = false;
        for (int guard = 0; guard < 8; ++guard) {
            bool moved = false;
            for (const auto& r : a.answer) {
                if (r.type == sdk::RrType::cname && r.owner == target) {
                    target = r.text;
                    moved = true;
                    followed = true;
                    break;
                }
            }
            if (!moved) break;
        }
        if (followed && !in_reverse_tree(name)) {
            // The CNAME itself lives in the zone we want: find it above the name.
            name = parent_of(name);
            continue;
        }
        if (followed) {
            if (++cname_hops > 8) {
                info.status = sdk::DnsStatus::error;
                info.message = "CNAME chain too long at " + name;
                return info;
            }
            info.cname_chain.push_back(name + " -> " + target);
            weigh(a);
        }
        for (const auto* section : {&a.answer, &a.authority}) {
            for (const auto& r : *section) {
                if (r.type == sdk::RrType::soa && sdk::is_at_or_below(target, r.owner)) {
                    info.status = sdk::DnsStatus::ok;
                    info.apex = r.owner;
                    info.soa = r.soa;
                    weigh(a);
                    info.dnssec = verdict;
                    info.dnssec_reason = verdict_reason;
                    return info;
                }
            }
        }
        if (followed) {
            name = target; // ask again at the CNAME's target
            continue;
        }
        name = parent_of(name);
    }
    if (any_answer || last_failure.empty()) {
        // Servers answered, but no SOA above the name: a name outside every zone they know.
        info.status = sdk::DnsStatus::nodata;
        info.message = "no zone found for " + start;
    } else {
        info.status = last_failure_status;
        info.message = "no DNS answer for " + start + " or any name above it: " + last_failure;
    }
    return info;
}

} // namespace renraku::core::dns
