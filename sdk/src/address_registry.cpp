#include "renraku/sdk/address_registry.hpp"

#include "renraku/sdk/bootstrap.hpp"
#include "renraku/sdk/http.hpp"
#include "renraku/sdk/rdap.hpp"
#include "renraku/sdk/signals.hpp"
#include "renraku/sdk/text.hpp"
#include "renraku/sdk/whois_text.hpp"

#include <algorithm>
#include <arpa/inet.h>

namespace renraku::sdk {

namespace {

std::string lower(const std::string& s) {
    return ascii_lower(s);
}

bool is_network_object(const WhoisObject& o) {
    auto t = o.type();
    return t == "inetnum" || t == "inet6num" || t == "netrange" || t == "aut-num" ||
           t == "asnumber";
}

// Size of the range an object describes, for picking the most specific one.
double range_size(const WhoisObject& o) {
    std::string v = o.get("NetRange");
    if (v.empty()) v = o.get("inetnum");
    if (v.empty()) v = o.get("inet6num");
    auto dash = v.find(" - ");
    auto value_of = [](std::string a) -> double {
        a.erase(0, a.find_first_not_of(' '));
        a.erase(a.find_last_not_of(' ') + 1);
        unsigned char b[16];
        int n = 0;
        if (inet_pton(AF_INET, a.c_str(), b) == 1)
            n = 4;
        else if (inet_pton(AF_INET6, a.c_str(), b) == 1)
            n = 16;
        else
            return -1;
        double out = 0;
        for (int i = 0; i < n; ++i)
            out = out * 256 + b[i];
        return out;
    };
    if (dash != std::string::npos)
        return value_of(v.substr(dash + 3)) - value_of(v.substr(0, dash));
    auto slash = v.find('/');
    if (slash != std::string::npos) {
        int len = std::atoi(v.c_str() + slash + 1);
        int bits = v.find(':') != std::string::npos ? 128 : 32;
        double size = 1;
        for (int i = len; i < bits; ++i)
            size *= 2;
        return size;
    }
    return 1e300;
}

std::string scope_of(const WhoisObject& net) {
    for (const char* key : {"CIDR", "inetnum", "inet6num", "NetRange", "aut-num", "ASNumber"}) {
        auto v = net.get(key);
        if (!v.empty()) return (lower(key) == "asnumber" ? "AS" : "") + v;
    }
    return {};
}

std::string object_name(const WhoisObject& o) {
    for (const char* key :
         {"NetHandle", "netname", "NetName", "aut-num", "ASHandle", "nic-hdl", "irt", "role"}) {
        auto v = o.get(key);
        if (!v.empty()) return v;
    }
    return o.attributes.empty() ? std::string() : o.attributes.front().second;
}

struct Builder {
    const WhoisAnswer& answer;
    const RegistryProfile& profile;
    std::string scope;
    std::string scope_kind;
    std::string country;
    std::string organization;
    std::vector<std::string> record_signals;
    std::vector<std::string> record_caveats;
    std::vector<Finding> findings;

    void add(const std::string& email, const std::string& phone, Role role, const WhoisObject& from,
             const std::string& field, std::vector<std::string> signals,
             std::vector<std::string> caveats = {}) {
        for (const auto& seen : findings)
            if (seen.contact.email == email && seen.contact.phone == phone && seen.role == role)
                return;
        Finding f;
        f.contact.email = email;
        f.contact.phone = phone;
        f.contact.country = country;
        f.contact.organization = organization;
        f.role = role;
        f.scope = {scope_kind, scope};
        f.evidence.server = answer.server;
        f.evidence.object = object_name(from);
        f.evidence.field = field;
        f.evidence.excerpt = field + ": " + (email.empty() ? phone : email);
        for (const auto& s : record_signals)
            signals.push_back(s);
        for (const auto& c : record_caveats)
            caveats.push_back(c);
        if (!email.empty()) {
            for (const auto& p : profile.placeholder_emails)
                if (lower(email) == lower(p)) {
                    signals.push_back(signals::placeholder);
                    caveats.push_back(email + " is " + profile.name +
                                      "'s placeholder, not a contact of the holder");
                }
        }
        f.signals = std::move(signals);
        f.caveats = std::move(caveats);
        findings.push_back(std::move(f));
    }
};

} // namespace

const char* record_age_signal(long updated_days, long today_days) {
    constexpr long kRecentDays = 2 * 365;
    constexpr long kStaleDays = 5 * 365;
    if (today_days <= 0) return nullptr;
    if (today_days - updated_days <= kRecentDays) return signals::recently_updated;
    if (today_days - updated_days > kStaleDays) return signals::stale_record;
    return nullptr;
}

std::string nir_caveat(const RegistryProfile& profile, const std::string& nir) {
    return profile.name + "'s record for a block " + nir +
           " manages: the NIR's own contact, not the holder's; ask " + nir;
}

std::map<std::string, std::string> rir_whois_templates() {
    return {{"whois.arin.net", "n + {}"},
            {"whois.ripe.net", "-B {}"},
            {"whois.apnic.net", "-B {}"},
            {"whois.afrinic.net", "-B {}"},
            {"whois.lacnic.net", "{}"}};
}

long days_of_iso8601(const std::string& iso) {
    auto d = registry_date_days(iso.substr(0, 10));
    return d ? *d : 0;
}

std::string nir_of(const std::string& whois_text, const RegistryProfile& profile) {
    for (const auto& obj : parse_whois_objects(whois_text)) {
        if (!is_network_object(obj)) continue;
        for (const char* key : {"mnt-by", "mnt-lower", "mnt-irt", "mnt-routes"})
            for (const auto& v : obj.all(key))
                if (auto it = profile.nir_maintainers.find(v); it != profile.nir_maintainers.end())
                    return it->second;
        for (const auto& r : obj.all("remarks"))
            for (const auto& [mnt, nir] : profile.nir_maintainers)
                if (r.find("mirrored by APNIC from") != std::string::npos &&
                    r.find(nir) != std::string::npos)
                    return nir;
    }
    return {};
}

Outcome registry_whois_findings(const WhoisAnswer& answer, const RegistryProfile& profile,
                                long today_days) {
    auto objects = parse_whois_objects(answer.text);
    const WhoisObject* net = nullptr;
    for (const auto& o : objects)
        if (is_network_object(o) && (net == nullptr || range_size(o) < range_size(*net))) net = &o;
    std::string referral;
    if (answer.chain.size() > 1) {
        for (const auto& hop : answer.chain)
            referral += (referral.empty() ? "" : " -> ") + hop.server;
        referral = "whois referral followed: " + referral;
    }
    if (net == nullptr) {
        Outcome none =
            Outcome::nothing("no network or AS object in the answer of " + answer.server);
        if (!referral.empty()) none.notes.insert(none.notes.begin(), referral);
        return none;
    }

    Builder b{answer,
              profile,
              scope_of(*net),
              net->type() == "aut-num" || net->type() == "asnumber" ? "asn" : "network",
              {},
              {},
              {},
              {},
              {}};
    // Country and holder: on the network object, or ARIN's organisation block.
    for (const auto& o : objects) {
        if (b.country.empty()) b.country = o.get("country");
        if (b.organization.empty()) {
            for (const char* key : {"OrgName", "org-name", "owner", "descr"})
                if (b.organization.empty() &&
                    (&o == net || lower(key) == "orgname" || lower(key) == "org-name"))
                    b.organization = o.get(key);
        }
    }
    if (b.country.size() != 2) b.country.clear();
    b.country = [&] {
        std::string c = b.country;
        for (char& ch : c)
            ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
        return c;
    }();
    // Age of the record.
    std::optional<long> updated;
    for (const char* key : {"last-modified", "Updated", "changed"})
        for (const auto& v : net->all(key)) {
            auto d = registry_date_days(
                v.substr(v.rfind(' ') == std::string::npos ? 0 : v.rfind(' ') + 1));
            if (!d) d = registry_date_days(v);
            if (d && (!updated || *d > *updated)) updated = d;
        }
    if (updated)
        if (const char* age = record_age_signal(*updated, today_days))
            b.record_signals.push_back(age);
    std::string nir = nir_of(answer.text, profile);
    if (!nir.empty()) {
        b.record_signals.push_back(signals::placeholder);
        b.record_caveats.push_back(nir_caveat(profile, nir));
    }

    std::map<std::string, const WhoisObject*> by_handle;
    for (const auto& o : objects) {
        for (const char* key : {"nic-hdl", "irt", "mntner"}) {
            auto h = o.get(key);
            if (!h.empty()) by_handle.emplace(lower(h), &o);
        }
    }
    auto email_of = [](const WhoisObject& o) {
        auto m = o.get("abuse-mailbox");
        return m.empty() ? o.get("e-mail") : m;
    };

    // RIPE-style comment: the registry's own statement of the abuse contact.
    if (auto comment = abuse_contact_comment(answer.text))
        b.add(comment->second, "", Role::abuse, *net, "% Abuse contact",
              {signals::registry_abuse_contact, signals::most_specific_object});
    // abuse-c and the IRT of the network.
    for (const auto& h : net->all("abuse-c"))
        if (auto it = by_handle.find(lower(h)); it != by_handle.end())
            for (const auto& e : find_emails(email_of(*it->second)))
                b.add(e, "", Role::abuse, *it->second, "abuse-c " + h,
                      {signals::registry_abuse_contact});
    for (const auto& h : net->all("mnt-irt"))
        if (auto it = by_handle.find(lower(h)); it != by_handle.end())
            for (const auto& e : find_emails(email_of(*it->second)))
                b.add(e, "", Role::abuse, *it->second, "mnt-irt " + h,
                      {signals::registry_abuse_contact},
                      {"from the network's IRT object: its own incident response team"});
    // Administrative and technical contacts, and LACNIC's owner-c.
    for (auto [key, role] :
         {std::pair{"admin-c", Role::admin}, {"tech-c", Role::tech}, {"owner-c", Role::admin}})
        for (const auto& h : net->all(key))
            if (auto it = by_handle.find(lower(h)); it != by_handle.end())
                for (const auto& e : find_emails(it->second->get("e-mail")))
                    b.add(e, "", role, *it->second, std::string(key) + " " + h,
                          {signals::registry_contact});
    // Free-text remarks such as "please send abuse reports to abuse@example.net".
    for (const char* key : {"remarks", "descr", "Comment"})
        for (const auto& v : net->all(key)) {
            std::string l = lower(v);
            if (l.find("abuse") == std::string::npos && l.find("spam") == std::string::npos)
                continue;
            for (const auto& e : find_emails(v))
                b.add(e, "", Role::abuse, *net, key, {signals::registry_contact},
                      {"from a free-text remark in the registry record"});
        }
    // Notify and changed addresses: often the upstream ISP's.
    for (const char* key : {"notify", "changed"})
        for (const auto& v : net->all(key))
            for (const auto& e : find_emails(v))
                b.add(e, "", Role::notify, *net, key, {signals::notify_address});
    // ARIN's organisation and resource points of contact.
    for (const auto& o : objects) {
        for (auto [prefix, role, signal] :
             {std::tuple{"OrgAbuse", Role::abuse, signals::registry_abuse_contact},
              {"RAbuse", Role::abuse, signals::registry_abuse_contact},
              {"OrgNOC", Role::noc, signals::registry_contact},
              {"RNOC", Role::noc, signals::registry_contact},
              {"OrgTech", Role::tech, signals::registry_contact},
              {"RTech", Role::tech, signals::registry_contact}}) {
            auto emails = find_emails(o.get(std::string(prefix) + "Email"));
            auto phone = o.get(std::string(prefix) + "Phone");
            // A point of contact's phone goes with its e-mail: one contact, two ways to reach it.
            for (const auto& e : emails)
                b.add(e, phone, role, o, std::string(prefix) + "Email", {signal});
            if (emails.empty() && !phone.empty())
                b.add("", phone, role, o, std::string(prefix) + "Phone", {signal});
        }
    }
    Outcome out = Outcome::found(std::move(b.findings));
    if (!referral.empty()) out.notes.push_back(referral);
    if (out.findings.empty())
        out.notes.push_back("no contact in the record of " + b.scope + " at " + answer.server);
    return out;
}

namespace {

class AddressRegistry final : public Source {
  public:
    AddressRegistry(RegistryProfile profile, std::string server, bool use_rdap, bool use_whois)
        : profile_(std::move(profile)), server_(std::move(server)), use_rdap_(use_rdap),
          use_whois_(use_whois) {}

  private:
    // `start` receives the first address of the network RDAP described, when it did.
    std::optional<Outcome> ask_rdap(const Indicator& ind, Services& services, std::string& failure,
                                    std::string& start) {
        std::string url = services.bootstrap().rdap_object_url(ind, profile_.rdap_host);
        if (url.empty()) {
            failure = "no RDAP service for " + ind.value + " in IANA's bootstrap data";
            return std::nullopt;
        }
        HttpRequest req;
        req.url = url;
        req.address = ind.type == IndicatorType::asn ? std::string() : ind.address;
        auto r = services.http().get(req);
        if (r.status == HttpStatus::http_error && r.code == 404) {
            failure = "404"; // the registry has no such object: whois will not have one either
            return Outcome::nothing(profile_.name + " RDAP has no object for " + ind.value);
        }
        if (r.status != HttpStatus::ok) {
            failure = r.message.empty() ? std::string("RDAP failed: ") + http_status_name(r.status)
                                        : r.message;
            return std::nullopt;
        }
        start = rdap_start_address(r.body);
        auto out = registry_rdap_findings(r.body, url_host(r.final_url), profile_,
                                          days_of_iso8601(services.now_utc()));
        if (out.failed()) {
            failure = out.message;
            return std::nullopt;
        }
        return out;
    }

    Outcome ask_whois(const Indicator& ind, Services& services) {
        WhoisRequest req;
        req.server = server_;
        bool asn = ind.type == IndicatorType::asn;
        const std::string& tmpl = asn ? profile_.asn_template : profile_.ip_template;
        req.query = asn ? ind.value : ind.address;
        req.templates = rir_whois_templates();
        std::string host = server_;
        if (std::count(host.begin(), host.end(), ':') == 1) host = host.substr(0, host.find(':'));
        req.templates[ascii_lower(host)] =
            tmpl.find("{}") == std::string::npos ? tmpl + " {}" : tmpl;
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
        return registry_whois_findings(answer, profile_, days_of_iso8601(services.now_utc()));
    }

    Outcome do_lookup(const Indicator& ind, Services& services) override {
        if (!services.bootstrap().served_by(ind, profile_.rdap_host)) return Outcome::nothing();
        std::string rdap_failure;
        if (use_rdap_) {
            std::string rdap_start;
            auto rdap = ask_rdap(ind, services, rdap_failure, rdap_start);
            if (rdap && (!rdap->findings.empty() || !use_whois_ || rdap_failure == "404"))
                return *rdap;
            if (rdap) {
                // The RDAP record withholds every contact; whois sometimes has one in a remark.
                // Asked about the network's first address, so that every address of the network
                // asks the same question, once.
                Indicator at_start = ind;
                if (!rdap_start.empty() && ind.type != IndicatorType::asn) {
                    at_start.address = rdap_start;
                    at_start.type = at_start.is_ipv6() ? IndicatorType::ipv6 : IndicatorType::ipv4;
                }
                Outcome w = ask_whois(at_start, services);
                if (w.findings.empty()) return *rdap;
                w.notes.insert(w.notes.begin(),
                               "the RDAP record has no contact; answered from whois");
                return w;
            }
            if (!use_whois_) return Outcome::failure(Outcome::Status::transient, rdap_failure);
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
    i.version = "1.0.0";
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

} // namespace renraku::sdk
