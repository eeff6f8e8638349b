// Domain registries and registrars: RDAP first, whois when RDAP is not there or fails.

#include "renraku/registry/domain_registry.hpp"

#include "registrar_channels.hpp"
#include "registry_operator_desks.hpp"

#include "renraku/sdk/bootstrap.hpp"
#include "renraku/sdk/channel.hpp"
#include "renraku/sdk/signals.hpp"
#include "renraku/sdk/text.hpp"

#include <algorithm>
#include <optional>

namespace renraku::registry {

namespace {

constexpr const char* kRegistryText =
    "the registry's own address from its notice text, not the domain's";
constexpr const char* kRegistrarGeneral =
    "the registrar's general address: it acts for its customer, not as the site";

std::string tld_of(const std::string& domain) {
    auto dot = domain.rfind('.');
    return ascii_lower(dot == std::string::npos ? domain : domain.substr(dot + 1));
}

bool contains(const std::vector<std::string>& list, const std::string& v) {
    return std::find(list.begin(), list.end(), v) != list.end();
}

Outcome found_with(std::vector<Finding> findings, std::vector<std::string> notes) {
    Outcome out = Outcome::found(std::move(findings));
    out.notes = std::move(notes);
    return out;
}

Outcome whois_failure(const WhoisAnswer& a, const std::string& server) {
    auto status = a.status == WhoisStatus::too_large ? Outcome::Status::bad_answer
                                                     : Outcome::Status::transient;
    return Outcome::failure(status, a.message.empty() ? "whois failed at " + server : a.message);
}

class DomainRegistry final : public Source {
  public:
    DomainRegistry(DomainRegistryProfile profile, const SourceConfig& config)
        : profile_(std::move(profile)), use_rdap_(config.get_bool("rdap")),
          use_whois_(config.get_bool("whois")),
          follow_registrar_(config.get_bool("follow_registrar")),
          iana_server_(config.get_string("iana_server")), skip_(config.get_strings("skip_tlds")) {
        for (const auto& entry : config.get_strings("servers")) {
            auto eq = entry.find('=');
            if (eq == std::string::npos || eq == 0 || eq + 1 == entry.size())
                throw std::invalid_argument("servers: \"" + entry + "\" is not TLD=SERVER");
            servers_.emplace_back(ascii_lower(entry.substr(0, eq)), entry.substr(eq + 1));
        }
        for (auto& s : skip_)
            s = ascii_lower(s);
    }

  private:
    bool handles(const std::string& tld) const {
        bool country = tld.size() == 2 && std::all_of(tld.begin(), tld.end(),
                                                      [](char c) { return c >= 'a' && c <= 'z'; });
        return !tld.empty() && country == profile_.country_codes && !contains(skip_, tld);
    }

    // RDAP: the registry's record, then the registrar's through the `related` link.
    std::optional<Outcome> ask_rdap(const Indicator& ind, const std::string& domain,
                                    Services& services, std::string& failure) {
        HttpRequest req;
        req.url = services.bootstrap().rdap_object_url(ind);
        if (req.url.empty()) {
            failure = "no RDAP service for ." + tld_of(domain) + " in IANA's bootstrap data";
            return std::nullopt;
        }
        auto r = services.http().get(req);
        if (r.status == HttpStatus::http_error && r.code == 404)
            return Outcome::nothing(url_host(req.url) + " has no domain " + domain);
        if (r.status != HttpStatus::ok) {
            failure = r.message.empty() ? std::string("RDAP failed: ") + http_status_name(r.status)
                                        : r.message;
            return std::nullopt;
        }
        auto privacy = privacy_services(services);
        auto registry = parse_domain_rdap(r.body, *privacy);
        if (!registry.valid) {
            failure = "RDAP answer from " + url_host(r.final_url) + " is not JSON";
            return std::nullopt;
        }
        std::string server = url_host(r.final_url.empty() ? req.url : r.final_url);
        auto findings = domain_contact_findings(registry.contacts, server, domain);
        for (auto& f : findings)
            note_channel(f.evidence, r);
        std::vector<std::string> notes;
        add_redaction(notes, findings, registry.redacted, server);
        add_refused(notes, registry.refused, server);
        std::uint32_t iana_id = registrar_iana_id_rdap(r.body);
        if (follow_registrar_ && !registry.registrar_link.empty() &&
            url_host(registry.registrar_link) != server) {
            HttpRequest rr;
            rr.url = registry.registrar_link;
            auto rresp = services.http().get(rr);
            auto registrar = rresp.status == HttpStatus::ok
                                 ? parse_domain_rdap(rresp.body, *privacy)
                                 : DomainRdap{};
            std::string rserver = url_host(rr.url);
            if (registrar.valid) {
                auto more = domain_contact_findings(registrar.contacts, rserver, domain);
                for (auto& f : more)
                    note_channel(f.evidence, rresp);
                add_redaction(notes, more, registrar.redacted, rserver);
                add_refused(notes, registrar.refused, rserver);
                findings.insert(findings.end(), more.begin(), more.end());
                if (iana_id == 0) iana_id = registrar_iana_id_rdap(rresp.body);
            } else {
                notes.push_back(
                    "the registrar's RDAP service " + rserver + " did not answer: " +
                    (rresp.message.empty() ? http_status_name(rresp.status) : rresp.message));
            }
        }
        add_registrar_channel(findings, notes, iana_id, domain, services);
        if (findings.empty())
            notes.push_back("no contact in the RDAP record of " + domain + " at " + server);
        add_operator_desk(findings, domain, services);
        return found_with(std::move(findings), std::move(notes));
    }

    IanaTld whois_server_for(const std::string& tld, Services& services, Outcome& failure) {
        for (const auto& [t, server] : servers_)
            if (t == tld) return {true, server};
        WhoisRequest req;
        req.server = iana_server_;
        req.query = tld;
        req.follow_referrals = false;
        auto a = services.whois().query(req);
        if (a.status != WhoisStatus::ok) {
            failure = whois_failure(a, iana_server_);
            return {};
        }
        return read_iana_tld(a.text);
    }

    Outcome ask_whois(const std::string& domain, Services& services) {
        std::string tld = tld_of(domain);
        Outcome failure;
        IanaTld iana = whois_server_for(tld, services, failure);
        if (failure.failed()) return failure;
        if (!iana.known) return Outcome::nothing(iana_server_ + " has no record of ." + tld);
        const std::string& server = iana.whois;
        if (server.empty())
            return Outcome::nothing("." + tld + " has no whois service (" + iana_server_ +
                                    " lists none)");
        WhoisRequest req;
        req.server = server;
        req.query = domain;
        req.follow_referrals = false;
        auto a = services.whois().query(req);
        if (a.status != WhoisStatus::ok) return whois_failure(a, server);
        auto privacy = privacy_services(services);
        auto parsed = parse_domain_whois(a.text, *privacy);
        if (parsed.not_found) return Outcome::nothing(server + " has no domain " + domain);
        auto findings = domain_contact_findings(parsed.contacts, server, domain);
        for (auto& f : findings)
            note_whois_channel(f.evidence);
        std::vector<std::string> notes;
        add_redaction(notes, findings, parsed.redacted, server);
        add_refused(notes, parsed.refused, server);
        std::uint32_t iana_id = registrar_iana_id_whois(a.text);
        const std::string& referral = parsed.registrar_whois_server;
        if (follow_registrar_ && !referral.empty() &&
            ascii_lower(referral) != ascii_lower(server)) {
            WhoisRequest rr;
            rr.server = referral;
            rr.query = domain;
            rr.follow_referrals = false;
            auto ra = services.whois().query(rr);
            if (ra.status == WhoisStatus::ok) {
                auto registrar = parse_domain_whois(ra.text, *privacy);
                auto more = domain_contact_findings(registrar.contacts, referral, domain);
                for (auto& f : more)
                    note_whois_channel(f.evidence);
                add_redaction(notes, more, registrar.redacted, referral);
                add_refused(notes, registrar.refused, referral);
                findings.insert(findings.end(), more.begin(), more.end());
                if (iana_id == 0) iana_id = registrar_iana_id_whois(ra.text);
            } else {
                notes.push_back("the registrar's whois server " + referral +
                                " did not answer: " + ra.message);
            }
        }
        add_registrar_channel(findings, notes, iana_id, domain, services);
        if (findings.empty()) notes.push_back(server + " publishes no contact for " + domain);
        add_operator_desk(findings, domain, services);
        return found_with(std::move(findings), std::move(notes));
    }

    // A gTLD's registry operator: the escalation above the registrar (ccTLD registries answer
    // for themselves in their records).
    void add_operator_desk(std::vector<Finding>& findings, const std::string& domain,
                           Services& services) const {
        if (!profile_.country_codes)
            add_registry_operator_desk(findings, domain, tld_of(domain), services);
    }

    // Where the registrar's own answer names no abuse address, its desk by IANA id from the
    // shipped list of registrars' abuse contacts: an address, or a web form (which may be `to`
    // where the registrar takes nothing else); and, whatever its answer, the reporting API the
    // list says it takes reports through.
    static void add_registrar_channel(std::vector<Finding>& findings,
                                      std::vector<std::string>& notes, std::uint32_t iana_id,
                                      const std::string& domain, Services& services) {
        if (iana_id == 0) return;
        bool own_address = false;
        for (const auto& f : findings)
            own_address =
                own_address || (!f.contact.email.empty() &&
                                std::find(f.signals.begin(), f.signals.end(),
                                          signals::registrar_abuse_contact) != f.signals.end());
        auto list =
            RegistrarChannels::load(services.data_file("registries/registrar-channels.json"));
        const RegistrarChannel* c = list->find(iana_id);
        if (c == nullptr) return;
        auto from_list = [&](Finding& f, const std::string& field) {
            f.contact.organization = c->name;
            f.role = Role::abuse;
            f.scope = {"domain", domain};
            f.evidence.server = "data";
            f.evidence.object = list->path();
            f.evidence.field = "IANA Registrar ID " + std::to_string(iana_id) + " " + field;
            f.evidence.excerpt = list->source() + (c->as_of.empty() ? "" : "; as of " + c->as_of);
            note_data_channel(f.evidence, list->path(), c->as_of);
            f.signals.push_back(signals::registrar_abuse_contact);
        };
        if (!own_address && (!c->email.empty() || !c->form.empty())) {
            Finding f;
            f.contact.email = c->email;
            f.contact.url = c->form;
            from_list(f, c->email.empty() ? "form" : "email");
            if (c->email.empty()) f.signals.push_back(signals::form_only);
            f.caveats.push_back("the registrar's own record names no abuse address: its desk from "
                                "the list of registrars' abuse contacts" +
                                (c->as_of.empty() ? std::string() : " (as of " + c->as_of + ")"));
            notes.push_back("the registrar (IANA id " + std::to_string(iana_id) + ", " + c->name +
                            ") takes abuse reports " +
                            (!c->email.empty() ? "by mail"
                             : c->api.empty()  ? "through its web form only"
                                               : "through its web form or a reporting API, not by "
                                                 "mail") +
                            ", as the list of registrars' abuse contacts has it");
            findings.push_back(std::move(f));
        }
        // A reporting API is another way in, for a reporter with software and an account
        // there: never a mail header, so never `to` or `cc`; shown as an alternative.
        if (!c->api.empty()) {
            Finding f;
            f.contact.api = c->api;
            f.contact.name = c->api_by.empty() ? std::string() : c->api_by + " (reporting API)";
            from_list(f, "api");
            std::string by = c->api_by.empty() ? "a reporting service" : c->api_by;
            f.caveats.push_back("the registrar also takes reports through " + by +
                                "'s reporting API (an account there is needed), as the list of "
                                "registrars' abuse contacts has it" +
                                (c->as_of.empty() ? std::string() : " (as of " + c->as_of + ")"));
            findings.push_back(std::move(f));
        }
    }

    // The shipped (or refreshed) list of privacy and proxy services; read once per change.
    static std::shared_ptr<const PrivacyServices> privacy_services(Services& services) {
        return PrivacyServices::load(services.data_file("registries/privacy-services.json"));
    }

    // An address the rule refused is said, never cut down to something that passes.
    static void add_refused(std::vector<std::string>& notes,
                            const std::vector<std::string>& refused, const std::string& server) {
        for (const auto& r : refused)
            notes.push_back(server + ": " + r + "; not used");
    }

    // Withheld fields are a caveat on what was found, and a note when nothing was.
    static void add_redaction(std::vector<std::string>& notes, std::vector<Finding>& findings,
                              const std::vector<std::string>& redacted, const std::string& server) {
        std::string caveat = redaction_caveat(redacted, server);
        if (caveat.empty()) return;
        notes.push_back(caveat);
        for (auto& f : findings)
            if (f.role == Role::abuse || f.role == Role::registrar) f.caveats.push_back(caveat);
    }

    Outcome do_lookup(const Indicator& ind, Services& services) override {
        if (ind.type != IndicatorType::domain) return Outcome::nothing();
        std::string domain = ascii_lower(registered_domain_of(ind));
        if (domain.find('.') == std::string::npos || !handles(tld_of(domain)))
            return Outcome::nothing();
        std::vector<std::string> notes;
        if (!ind.registrable.empty() && ascii_lower(ind.registrable) != domain)
            notes.push_back(ind.registrable + " is a name the holder of " + domain +
                            " hands out (a private entry of the Public Suffix List): the "
                            "registration is " +
                            domain + "'s, the provider to tell");
        else if (!ind.host.empty() && ascii_lower(ind.host) != domain)
            notes.push_back("the registration of " + domain + ", the registrable domain of " +
                            ind.host + "; a subdomain may be run by someone else");
        auto finish = [&](Outcome out) {
            out.notes.insert(out.notes.begin(), notes.begin(), notes.end());
            return out;
        };
        std::string rdap_failure;
        if (use_rdap_) {
            if (auto rdap = ask_rdap(ind, domain, services, rdap_failure)) return finish(*rdap);
            // whois is for a server's failure; past the batch deadline it would not be asked.
            if (!use_whois_ || services.expired())
                return Outcome::failure(Outcome::Status::transient, rdap_failure);
        }
        Outcome out = ask_whois(domain, services);
        // Port 43 is clear text; where the registry serves RDAP over HTTPS, say so.
        if (!out.failed() && !services.bootstrap().rdap_object_url(ind).empty())
            mark_clear_text(out);
        if (use_rdap_ && out.failed()) {
            out.message = "RDAP: " + rdap_failure + "; whois: " + out.message;
            return out;
        }
        if (use_rdap_) notes.push_back(rdap_failure + "; answered from whois");
        return finish(std::move(out));
    }

    DomainRegistryProfile profile_;
    bool use_rdap_;
    bool use_whois_;
    bool follow_registrar_;
    std::string iana_server_;
    std::vector<std::string> skip_;
    std::vector<std::pair<std::string, std::string>> servers_;
};

} // namespace

std::vector<Finding> domain_contact_findings(const std::vector<DomainContact>& contacts,
                                             const std::string& server, const std::string& domain) {
    std::vector<Finding> out;
    for (const auto& c : contacts) {
        Finding f;
        f.contact.email = c.email;
        f.contact.url = c.url;
        f.role = c.role;
        f.scope = {"domain", domain};
        f.evidence.server = server;
        f.evidence.object = domain;
        f.evidence.field = c.field;
        f.evidence.excerpt = c.email.empty() ? c.url : c.email;
        if (c.registry_text) {
            f.signals.push_back(signals::placeholder);
            f.caveats.push_back(kRegistryText);
        } else if (c.role == Role::abuse) {
            f.signals.push_back(c.registrar ? signals::registrar_abuse_contact
                                            : signals::registry_abuse_contact);
        } else if (c.role == Role::notify) {
            f.signals.push_back(signals::notify_address);
        } else {
            f.signals.push_back(signals::registry_contact);
            if (c.role == Role::registrar) f.caveats.push_back(kRegistrarGeneral);
        }
        if (c.privacy_proxy) f.signals.push_back(signals::privacy_proxy);
        if (!c.privacy_service.empty())
            f.caveats.push_back("a privacy or proxy service (" + sanitize(c.privacy_service, 120) +
                                "): it forwards mail for the holder, who is not named");
        if (!c.url.empty())
            f.caveats.push_back("a web form: the registry withholds the address behind it");
        out.push_back(std::move(f));
    }
    return out;
}

std::string redaction_caveat(const std::vector<std::string>& redacted, const std::string& server) {
    if (redacted.empty()) return {};
    std::vector<std::string> roles;
    for (const char* r : {"registrant", "admin", "tech", "billing"})
        for (const auto& field : redacted)
            if (ascii_lower(field).find(r) != std::string::npos) {
                roles.emplace_back(r);
                break;
            }
    std::string example;
    for (const auto& field : redacted) {
        if (example.empty()) {
            auto colon = field.find(": ");
            example = colon == std::string::npos ? field : field.substr(colon + 2);
        }
    }
    std::string who;
    std::size_t i = 0;
    for (const auto& r : roles) {
        who += (i == 0 ? "" : (i + 1 == roles.size() ? " and " : ", ")) + r;
        ++i;
    }
    if (who.empty()) who = "some";
    return who + " contact data withheld by " + server + " (" + sanitize(example, 60) + ")";
}

DomainRegistryFactory::DomainRegistryFactory(DomainRegistryProfile profile, std::string description)
    : profile_(std::move(profile)), description_(std::move(description)) {}

SourceInfo DomainRegistryFactory::info() const {
    SourceInfo i;
    i.name = profile_.name;
    i.version = "1.0.0";
    i.description = description_;
    i.types = bit(IndicatorType::domain);
    i.keys = {
        {"rdap", ValueType::boolean, true,
         "ask the registry's RDAP service where IANA's bootstrap data lists one"},
        {"whois", ValueType::boolean, true, "ask whois when there is no RDAP service or it fails"},
        {"follow_registrar", ValueType::boolean, true,
         "also ask the registrar (RDAP related link, Registrar WHOIS Server)"},
        {"iana_server", ValueType::string, std::string("whois.iana.org"),
         "the whois server that names each TLD's whois server"},
        {"servers", ValueType::string_list, std::vector<std::string>{},
         "TLD=SERVER pairs that override IANA's whois server for a TLD"},
        {"skip_tlds", ValueType::string_list, profile_.default_skip, "TLDs left to another plugin"},
    };
    return i;
}

std::unique_ptr<Source> DomainRegistryFactory::make(const SourceConfig& config) const {
    return std::make_unique<DomainRegistry>(profile_, config);
}

} // namespace renraku::registry
