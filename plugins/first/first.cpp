// first: CSIRTs to copy or to ask for a relay: the national CSIRT of the indicator's country,
// and teams whose constituency holds the domain or AS number

#include "teams.hpp"

#include "renraku/registry/rdap.hpp"
#include "renraku/registry/whois_text.hpp"
#include "renraku/sdk/channel.hpp"
#include "renraku/sdk/bootstrap.hpp"
#include "renraku/sdk/plugin.hpp"
#include "renraku/sdk/signals.hpp"
#include "renraku/sdk/text.hpp"

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <filesystem>

namespace {

using namespace renraku::sdk;
using namespace renraku::registry;
using renraku::first::Team;

// The ccTLDs whose country code is not the TLD itself.
std::string country_of_tld(const std::string& tld) {
    if (tld == "uk") return "GB";
    if (tld.size() == 2) return ascii_upper(tld);
    return {};
}

// "192.0.2.0/24" holds "192.0.2.7"; both IPv4 or both IPv6.
bool address_in_range(const std::string& address, const std::string& range) {
    auto slash = range.find('/');
    std::string net = range.substr(0, slash);
    int family = net.find(':') != std::string::npos ? AF_INET6 : AF_INET;
    if ((address.find(':') != std::string::npos) != (family == AF_INET6)) return false;
    unsigned char a[16] = {};
    unsigned char n[16] = {};
    if (inet_pton(family, address.c_str(), a) != 1 || inet_pton(family, net.c_str(), n) != 1)
        return false;
    int bits = family == AF_INET6 ? 128 : 32;
    int len = bits;
    if (slash != std::string::npos) {
        try {
            len = std::stoi(range.substr(slash + 1));
        } catch (...) {
            return false;
        }
    }
    if (len < 0 || len > bits) return false;
    for (int i = 0; i < len; ++i) {
        int byte = i / 8;
        int mask = 0x80 >> (i % 8);
        if ((a[byte] & mask) != (n[byte] & mask)) return false;
    }
    return true;
}

bool in_constituency(const Team& t, const Indicator& ind) {
    std::string host = ascii_lower(ind.host);
    for (auto d : t.constituency_domains) {
        if (d.rfind("*.", 0) == 0) d = d.substr(2); // the Trusted Introducer writes "*.ac.at"
        if (!host.empty() && is_at_or_below(host, d)) return true;
    }
    for (auto asn : t.constituency_asns)
        if (ind.type == IndicatorType::asn && ind.asn == asn) return true;
    if (!ind.address.empty())
        for (const auto& r : t.constituency_ranges)
            if (address_in_range(ind.address, r)) return true;
    return false;
}

class First final : public Source {
  public:
    First(const SourceConfig& c)
        : shipped_(c.get_bool("shipped")), extra_(c.get_strings("teams_files")) {}

  private:
    const std::vector<Team>& teams(Services& services) {
        std::call_once(loaded_, [&] {
            namespace fs = std::filesystem;
            long today = registry_date_days(services.now_utc()).value_or(0);
            // The curated snapshot ships with renraku; FIRST's directory may be refreshed by
            // update-data into the user's or the system's data folder.
            if (shipped_) {
                for (const char* name : {"csirts/teams.json", "csirts/first-teams.json"}) {
                    fs::path file = services.data_file(name);
                    if (fs::exists(file))
                        renraku::first::merge_teams(
                            teams_, renraku::first::read_teams(file.string(), today));
                }
            }
            for (const auto& f : extra_)
                renraku::first::merge_teams(teams_, renraku::first::read_teams(f, today));
        });
        return teams_;
    }

    // The country the registry gives for an address or AS number: the RIR's RDAP record, asked
    // through the core's HTTPS service (the same question the RIR's own source asks, so answered
    // once, or from the cache).
    std::string registry_country(const Indicator& ind, Services& services, std::string& note) {
        HttpRequest req;
        req.url = services.bootstrap().rdap_object_url(ind);
        if (req.url.empty()) return {};
        req.address = ind.address;
        auto r = services.http().get(req);
        if (r.status != HttpStatus::ok) {
            note = "the registry's country could not be read from " + url_host(req.url) + ": " +
                   (r.message.empty() ? http_status_name(r.status) : r.message);
            return {};
        }
        // The object's own country, else its registrant's address (ARIN writes it there).
        return rdap_country(r.body);
    }

    static Finding finding(const Team& t, const std::string& scope_kind, const std::string& scope,
                           bool national) {
        Finding f;
        f.contact.email = t.email;
        if (t.email.empty()) f.contact.url = t.report_url;
        if (t.email.empty() && t.report_url.empty()) f.contact.phone = t.phone;
        f.contact.name = t.team;
        f.contact.organization = t.team_full;
        f.contact.country = t.country;
        f.contact.pgp_fingerprint = t.pgp_fingerprint;
        f.role = Role::csirt;
        f.scope = {scope_kind, scope};
        f.evidence.server = std::filesystem::path(t.file).filename().string();
        f.evidence.object = t.team;
        f.evidence.field = !t.email.empty()        ? "email"
                           : !t.report_url.empty() ? "report_url"
                                                   : "phone";
        note_data_channel(f.evidence, std::filesystem::path(t.file).filename().string(),
                          !t.source_seen.empty() ? t.source_seen : t.file_date);
        f.signals = {signals::csirt_team};
        if (national) f.signals.push_back(signals::national_csirt);
        f.caveats.push_back(
            std::string(national ? "national CSIRT" : "CSIRT") + " (reference data, as of " +
            (!t.source_seen.empty() ? t.source_seen
             : !t.file_date.empty() ? t.file_date + ", the date of " +
                                          std::filesystem::path(t.file).filename().string()
                                    : std::string("an unrecorded date")) +
            "): ask it for advice, copy it, or have it relay");
        return f;
    }

    Outcome do_lookup(const Indicator& ind, Services& services) override {
        const std::vector<Team>* loaded = nullptr;
        try {
            loaded = &teams(services);
        } catch (const std::exception& e) {
            return Outcome::failure(Outcome::Status::permanent, e.what());
        }
        const auto& all = *loaded;
        std::vector<Finding> findings;
        std::vector<std::string> notes;
        std::string domain = ascii_lower(ind.registrable.empty() ? ind.host : ind.registrable);
        // Constituencies the data names: a domain at or below one, an address in one of its
        // ranges, or the AS number itself.
        for (const auto& t : all)
            if (in_constituency(t, ind) &&
                (!t.email.empty() || !t.report_url.empty() || !t.phone.empty()))
                findings.push_back(finding(t, "constituency", t.team, false));
        std::string country;
        std::string where;
        if (ind.type == IndicatorType::domain) {
            auto dot = domain.rfind('.');
            country = country_of_tld(dot == std::string::npos ? domain : domain.substr(dot + 1));
            where = "its ccTLD";
            if (country.empty())
                notes.push_back(domain +
                                " is under a generic TLD: no country, so no national CSIRT");
        } else {
            std::string note;
            country = registry_country(ind, services, note);
            where = "the registry's record";
            if (!note.empty()) notes.push_back(note);
        }
        if (!country.empty()) {
            bool any = false;
            for (const auto& t : all)
                if (t.national && t.country == country &&
                    (!t.email.empty() || !t.report_url.empty() || !t.phone.empty())) {
                    findings.push_back(finding(t, "country", country, true));
                    any = true;
                }
            notes.push_back(any ? "country " + country + " (from " + where + ")"
                                : "no national CSIRT for country " + country +
                                      " in the team data (country from " + where + ")");
        }
        Outcome out = Outcome::found(std::move(findings));
        out.notes = std::move(notes);
        return out;
    }

    bool shipped_;
    std::vector<std::string> extra_;
    std::once_flag loaded_;
    std::vector<Team> teams_;
};

class FirstFactory final : public Factory {
  public:
    SourceInfo info() const override {
        SourceInfo i;
        i.name = "first";
        i.version = "1.1.0";
        i.description = "CSIRTs to copy: the national CSIRT of the country (FIRST directory and "
                        "national CSIRT data), teams whose constituency holds the indicator";
        i.types = bit(IndicatorType::ipv4) | bit(IndicatorType::ipv6) | bit(IndicatorType::cidr) |
                  bit(IndicatorType::asn) | bit(IndicatorType::domain);
        i.keys = {
            {"shipped", ValueType::boolean, true,
             "read the shipped team data (csirts/teams.json, csirts/first-teams.json)"},
            {"teams_files", ValueType::string_list, std::vector<std::string>{},
             "a site's own team files, same format; a team of the same name replaces the shipped "
             "one"},
        };
        return i;
    }
    std::unique_ptr<Source> make(const SourceConfig& config) const override {
        return std::make_unique<First>(config);
    }
};

} // namespace

RENRAKU_PLUGIN(FirstFactory)
