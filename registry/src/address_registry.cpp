// The address registry source: RDAP first, whois where RDAP fails, withholds every contact or
// does not say which address is the abuse mailbox.

#include "renraku/registry/address_registry.hpp"

#include "renraku/registry/rdap.hpp"
#include "renraku/registry/referrals.hpp"
#include "renraku/sdk/channel.hpp"
#include "renraku/sdk/bootstrap.hpp"
#include "renraku/sdk/http.hpp"
#include "renraku/sdk/signals.hpp"
#include "renraku/sdk/text.hpp"

#include <algorithm>
#include <stdexcept>

namespace renraku::registry {

namespace {

class AddressRegistry final : public Source {
  public:
    AddressRegistry(RegistryProfile profile, std::string server, bool use_rdap, bool use_whois)
        : profile_(std::move(profile)), server_(std::move(server)), use_rdap_(use_rdap),
          use_whois_(use_whois) {}

  private:
    struct RdapStep {
        std::optional<Outcome> outcome; // nullopt: RDAP failed (`failure` says why)
        std::string failure;
        std::string start;
        bool abuse_unclear = false;
        bool no_object = false;
    };

    RdapStep ask_rdap(const Indicator& ind, Services& services) {
        RdapStep step;
        std::string url = services.bootstrap().rdap_object_url(ind, profile_.rdap_host);
        if (url.empty()) {
            step.failure = "no RDAP service for " + ind.value + " in IANA's bootstrap data";
            return step;
        }
        HttpRequest req;
        req.url = url;
        req.address = ind.type == IndicatorType::asn ? std::string() : ind.address;
        auto r = services.http().get(req);
        if (r.status == HttpStatus::http_error && r.code == 404) {
            // The registry has no such object: whois will not have one either.
            step.no_object = true;
            step.outcome = Outcome::nothing(profile_.name + " RDAP has no object for " + ind.value);
            return step;
        }
        if (r.status != HttpStatus::ok) {
            step.failure = r.message.empty()
                               ? std::string("RDAP failed: ") + http_status_name(r.status)
                               : r.message;
            return step;
        }
        auto read = read_registry_rdap(r.body, url_host(r.final_url), profile_,
                                       days_of_iso8601(services.now_utc()));
        for (auto& f : read.outcome.findings)
            note_channel(f.evidence, r);
        if (read.outcome.failed()) {
            step.failure = read.outcome.message;
            return step;
        }
        step.start = read.start;
        step.abuse_unclear = read.abuse_unclear;
        step.outcome = std::move(read.outcome);
        return step;
    }

    Outcome ask_whois(const Indicator& ind, Services& services) {
        WhoisRequest req;
        req.server = server_;
        bool asn = ind.type == IndicatorType::asn;
        const std::string& tmpl = asn ? profile_.asn_template : profile_.ip_template;
        req.query = asn ? ind.value : ind.address;
        std::string host = server_;
        if (std::count(host.begin(), host.end(), ':') == 1) host = host.substr(0, host.find(':'));
        // Our own server's form first; other registries' forms for referrals, from shipped data.
        req.templates[ascii_lower(host)] =
            tmpl.find("{}") == std::string::npos ? tmpl + " {}" : tmpl;
        const WhoisDirectory& directory = whois_directory(services.data_dir());
        add_referral_facts(req, directory, asn);
        req.address = asn ? std::string() : ind.address;
        auto answer = services.whois().query(req);
        if (answer.status == WhoisStatus::rate_limited)
            return Outcome::failure(Outcome::Status::transient, answer.message);
        if (answer.status == WhoisStatus::too_large)
            return Outcome::failure(Outcome::Status::bad_answer, answer.message);
        if (answer.status != WhoisStatus::ok)
            return Outcome::failure(Outcome::Status::transient, answer.message.empty()
                                                                    ? "whois failed at " + server_
                                                                    : answer.message);
        // Where a referral ends in nothing, every registry's own addresses on the record kept
        // are the registries', not the holder's.
        RegistryProfile profile = profile_;
        profile.own_domains.insert(profile.own_domains.end(), directory.domains.begin(),
                                   directory.domains.end());
        Outcome out = registry_whois_findings(answer, profile, days_of_iso8601(services.now_utc()));
        // Port 43 is clear text; where the registry serves RDAP over HTTPS, say so.
        if (!services.bootstrap().rdap_object_url(ind, profile_.rdap_host).empty())
            mark_clear_text(out);
        return out;
    }

    static bool names_abuse_mailbox(const Outcome& o) {
        for (const auto& f : o.findings)
            if (f.role == Role::abuse && std::find(f.signals.begin(), f.signals.end(),
                                                   signals::abuse_header) != f.signals.end())
                return true;
        return false;
    }

    // The local mirror of the registry's database, when one is fresh: the text its whois would
    // give, read by the same rules as a live answer.
    std::optional<Outcome> ask_mirror(const Indicator& ind, Services& services,
                                      std::string& note) {
        if (ind.type == IndicatorType::asn || ind.address.empty()) return std::nullopt;
        auto m = services.mirror().lookup(profile_.name, ind.address);
        if (!m.found) {
            note = m.note;
            return std::nullopt;
        }
        WhoisAnswer answer;
        answer.status = WhoisStatus::ok;
        answer.server = profile_.whois_server;
        answer.text = m.text;
        answer.chain.push_back({profile_.whois_server, ind.address});
        Outcome out = registry_whois_findings(answer, profile_, days_of_iso8601(services.now_utc()));
        for (auto& f : out.findings) {
            f.evidence.server = "mirror of " + profile_.name;
            // Read from the files, not over port 43 (so not marked clear text).
            f.evidence.transport = "mirror";
            f.evidence.data_file = m.file;
            f.evidence.data_date = m.data_date;
            f.evidence.serial = m.serial;
        }
        out.notes.insert(out.notes.begin(),
                         "answered from the local mirror of " + profile_.name + "'s database (" +
                             (m.serial.empty() ? std::string() : "serial " + m.serial + ", ") +
                             "files of " + m.data_date + ", " + std::to_string(m.age_hours) +
                             " h old)");
        return out;
    }

    Outcome do_lookup(const Indicator& ind, Services& services) override {
        if (!services.bootstrap().served_by(ind, profile_.rdap_host)) return Outcome::nothing();
        std::string mirror_note;
        if (auto mirrored = ask_mirror(ind, services, mirror_note)) return *mirrored;
        Outcome out = ask_live(ind, services);
        if (!mirror_note.empty() && !out.failed()) out.notes.insert(out.notes.begin(), mirror_note);
        return out;
    }

    Outcome ask_live(const Indicator& ind, Services& services) {
        std::string rdap_failure;
        if (use_rdap_) {
            RdapStep rdap = ask_rdap(ind, services);
            rdap_failure = rdap.failure;
            if (rdap.outcome) {
                bool withheld = rdap.outcome->findings.empty();
                if (rdap.no_object || !use_whois_ || (!withheld && !rdap.abuse_unclear))
                    return *rdap.outcome;
                // RDAP withholds every contact, or lists several addresses for the abuse
                // contact without saying which is its mailbox: whois may say, in a remark or
                // in its abuse-contact header. Asked about the network's first address, so
                // that every address of the network asks the same question, once.
                Indicator at_start = ind;
                if (!rdap.start.empty() && ind.type != IndicatorType::asn) {
                    at_start.address = rdap.start;
                    at_start.type = at_start.is_ipv6() ? IndicatorType::ipv6 : IndicatorType::ipv4;
                }
                Outcome w = ask_whois(at_start, services);
                if (withheld) {
                    if (w.findings.empty()) return *rdap.outcome;
                    w.notes.insert(w.notes.begin(),
                                   "the RDAP record has no contact; answered from whois");
                    return w;
                }
                if (!names_abuse_mailbox(w)) {
                    rdap.outcome->notes.push_back(
                        "the RDAP record does not mark which address is the abuse mailbox, and "
                        "whois does not name one either");
                    return *rdap.outcome;
                }
                w.notes.insert(w.notes.begin(),
                               "the RDAP record does not mark which address is the abuse "
                               "mailbox; answered from whois, which names it");
                return w;
            }
            // whois is for a server's failure; past the batch deadline it would not be asked.
            if (!use_whois_ || services.expired())
                return Outcome::failure(Outcome::Status::transient, rdap_failure);
        }
        Outcome out = ask_whois(ind, services);
        if (!use_rdap_) return out;
        if (out.failed()) {
            out.message = "RDAP: " + rdap_failure + "; whois: " + out.message;
            return out;
        }
        out.notes.insert(out.notes.begin(),
                         "RDAP failed (" + rdap_failure + "); answered from whois");
        return out;
    }

    RegistryProfile profile_;
    std::string server_;
    bool use_rdap_;
    bool use_whois_;
};

} // namespace

std::vector<ConfigKey> address_registry_keys(const RegistryProfile& profile) {
    return {{"whois_server", ValueType::string, profile.whois_server,
             "the registry's whois server (host[:port])"},
            {"rdap", ValueType::boolean, true, "ask the registry's RDAP service first"},
            {"whois", ValueType::boolean, true, "ask whois when RDAP fails or is off"}};
}

AddressRegistryFactory::AddressRegistryFactory(RegistryProfile profile, std::string description)
    : profile_(std::move(profile)), description_(std::move(description)) {}

SourceInfo AddressRegistryFactory::info() const {
    SourceInfo i;
    i.name = profile_.name;
    i.version = profile_.version;
    i.description = description_;
    i.types = bit(IndicatorType::ipv4) | bit(IndicatorType::ipv6) | bit(IndicatorType::cidr) |
              bit(IndicatorType::asn);
    i.needs_network = true;
    i.keys = address_registry_keys(profile_);
    return i;
}

std::unique_ptr<Source> AddressRegistryFactory::make(const SourceConfig& config) const {
    return make_address_registry_source(profile_, config);
}

std::unique_ptr<Source> make_address_registry_source(RegistryProfile profile,
                                                     const SourceConfig& config) {
    std::string server = config.get_string("whois_server");
    if (server.empty()) throw std::invalid_argument("whois_server must not be empty");
    if (!config.get_bool("rdap") && !config.get_bool("whois"))
        throw std::invalid_argument("rdap and whois are both off: nothing to ask");
    return std::make_unique<AddressRegistry>(std::move(profile), server, config.get_bool("rdap"),
                                             config.get_bool("whois"));
}

} // namespace renraku::registry
