#include "renraku/sdk/channel.hpp"

#include "renraku/sdk/signals.hpp"

#include <algorithm>

namespace renraku::sdk {

namespace {

int weakness(Dnssec d) {
    switch (d) {
    case Dnssec::secure:
        return 0;
    case Dnssec::insecure:
        return 1;
    case Dnssec::indeterminate:
        return 2;
    case Dnssec::bogus:
        return 3;
    }
    return 2;
}

void note_dnssec(Evidence& e, Dnssec d, const std::string& reason) {
    e.transport = "dns";
    e.dnssec = std::string(dnssec_name(d));
    e.dnssec_reason = d == Dnssec::bogus ? reason : std::string();
}

} // namespace

Dnssec weaker(Dnssec a, Dnssec b) {
    return weakness(a) >= weakness(b) ? a : b;
}

void note_channel(Evidence& e, const DnsAnswer& answer) {
    note_dnssec(e, answer.dnssec, answer.dnssec_reason);
}

void note_channel(Evidence& e, const ZoneInfo& zone) {
    note_dnssec(e, zone.dnssec, zone.dnssec_reason);
    if (zone.soa.serial != 0) e.serial = std::to_string(zone.soa.serial);
}

void note_channel(Evidence& e, const HttpResponse& response) {
    bool https = response.final_url.rfind("https://", 0) == 0;
    e.transport = https ? "https" : "http";
    e.tls_verified = https && response.tls_verified;
    e.tls_subject = https ? response.tls_subject : std::string();
    e.tls_issuer = https ? response.tls_issuer : std::string();
}

void mark_clear_text(Outcome& out) {
    for (auto& f : out.findings) {
        if (f.evidence.transport != "whois") continue;
        if (std::find(f.signals.begin(), f.signals.end(), signals::clear_text_whois) ==
            f.signals.end())
            f.signals.push_back(signals::clear_text_whois);
    }
}

bool authenticated(const Evidence& e) {
    return (e.transport == "https" && e.tls_verified) ||
           (e.transport == "dns" && e.dnssec == "secure") || e.transport == "data" ||
           e.transport == "mirror";
}

void note_whois_channel(Evidence& e) {
    e.transport = "whois";
}

void note_data_channel(Evidence& e, const std::string& file, const std::string& date) {
    e.transport = "data";
    e.data_file = file;
    e.data_date = date;
}

} // namespace renraku::sdk
