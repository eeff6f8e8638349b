// Reading an address registry's whois answer (RPSL objects, ARIN's key-value blocks) into
// findings, by the rules each registry writes its data with.

#include "renraku/registry/address_registry.hpp"
#include "renraku/registry/whois_text.hpp"
#include "renraku/sdk/channel.hpp"
#include "renraku/sdk/signals.hpp"
#include "renraku/sdk/text.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <map>
#include <tuple>

namespace renraku::registry {

namespace {

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
        a = std::string(trim_blanks(a));
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
        if (!v.empty()) return (ascii_lower(key) == "asnumber" ? "AS" : "") + v;
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

std::string handle_of(const WhoisObject& o) {
    for (const char* key : {"nic-hdl", "irt", "mntner", "OrgId", "NetHandle"}) {
        auto v = o.get(key);
        if (!v.empty()) return v;
    }
    return {};
}

// The NIR whose maintainer or "mirrored from" remark a network object of the answer carries.
const NirProfile* nir_of_objects(const std::vector<WhoisObject>& objects,
                                 const RegistryProfile& profile) {
    for (const auto& obj : objects) {
        if (!is_network_object(obj)) continue;
        for (const char* key : {"mnt-by", "mnt-lower", "mnt-irt", "mnt-routes"})
            for (const auto& v : obj.all(key))
                for (const auto& n : profile.nirs)
                    for (const auto& m : n.maintainers)
                        if (ascii_upper(v) == ascii_upper(m)) return &n;
        std::string remarks;
        for (const auto& r : obj.all("remarks"))
            remarks += r + "\n";
        if (const NirProfile* n = nir_named_in(remarks, profile)) return n;
    }
    return nullptr;
}

struct Builder {
    const std::string& server;
    const RegistryProfile& profile;
    std::string scope;
    std::string scope_kind;
    std::string country;
    std::string organization;
    std::vector<std::string> record_signals;
    std::vector<Finding> findings;
    std::vector<std::string> handles; // the object each finding came from, for the NIR rule
    std::vector<std::string> refused; // values the address rule refused, said as notes

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
        f.evidence.server = server;
        f.evidence.object = object_name(from);
        f.evidence.field = field;
        f.evidence.excerpt = field + ": " + (email.empty() ? phone : email);
        note_whois_channel(f.evidence);
        for (const auto& s : record_signals)
            signals.push_back(s);
        if (!email.empty())
            for (const auto& p : profile.placeholder_emails)
                if (ascii_lower(email) == ascii_lower(p)) {
                    signals.push_back(signals::placeholder);
                    caveats.push_back(email + " is " + profile.name +
                                      "'s placeholder, not a contact of the holder");
                }
        f.signals = std::move(signals);
        f.caveats = std::move(caveats);
        findings.push_back(std::move(f));
        handles.push_back(handle_of(from));
    }
};

bool mentions_abuse(const std::string& text) {
    std::string l = ascii_lower(text);
    return l.find("abuse") != std::string::npos || l.find("spam") != std::string::npos;
}

// The findings of one answer text: nullopt when it holds no network or AS object.
std::optional<Outcome> findings_of(const std::string& text, const std::string& server,
                                   const RegistryProfile& profile, long today_days) {
    auto objects = parse_whois_objects(text);
    const WhoisObject* net = nullptr;
    for (const auto& o : objects)
        if (is_network_object(o) && (net == nullptr || range_size(o) < range_size(*net))) net = &o;
    if (net == nullptr) return std::nullopt;

    Builder b{server,
              profile,
              scope_of(*net),
              net->type() == "aut-num" || net->type() == "asnumber" ? "asn" : "network",
              {},
              {},
              {},
              {},
              {},
              {}};
    // Country and holder: on the network object, or ARIN's organisation block.
    for (const auto& o : objects) {
        if (b.country.empty()) b.country = o.get("country");
        if (b.organization.empty())
            for (const char* key : {"OrgName", "org-name", "owner", "descr"})
                if (b.organization.empty() &&
                    (&o == net || ascii_lower(key) == "orgname" || ascii_lower(key) == "org-name"))
                    b.organization = o.get(key);
    }
    b.country = b.country.size() == 2 ? ascii_upper(b.country) : std::string();
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

    std::map<std::string, const WhoisObject*> by_handle;
    for (const auto& o : objects)
        for (const char* key : {"nic-hdl", "irt", "mntner"}) {
            auto h = o.get(key);
            if (!h.empty()) by_handle.emplace(ascii_lower(h), &o);
        }

    // The registry's own statement of the abuse contact.
    if (auto comment = abuse_contact_comment(text))
        if (auto e = mailbox_of_field(comment->second, &b.refused))
            b.add(*e, "", Role::abuse, *net, "% Abuse contact",
                  {signals::registry_abuse_contact, signals::most_specific_object,
                   signals::abuse_header});
    // abuse-c (a role) and mnt-irt (an IRT): the abuse mailbox is the `abuse-mailbox:`; the
    // object's `e-mail:` is its general address, which is not where abuse goes. An object
    // without `abuse-mailbox:` (as some registries write abuse-c) has only its `e-mail:`.
    auto abuse_object = [&](const char* key, const char* general_caveat) {
        for (const auto& h : net->all(key)) {
            auto it = by_handle.find(ascii_lower(h));
            if (it == by_handle.end()) continue;
            const WhoisObject& o = *it->second;
            auto mailboxes = o.all("abuse-mailbox");
            std::vector<std::string> abuse;
            for (const auto& m : mailboxes.empty() ? o.all("e-mail") : mailboxes)
                if (auto e = mailbox_of_field(m, &b.refused)) abuse.push_back(*e);
            for (const auto& e : abuse)
                b.add(e, "", Role::abuse, o, std::string(key) + " " + h,
                      {signals::registry_abuse_contact});
            if (mailboxes.empty()) continue;
            for (const auto& m : o.all("e-mail"))
                if (auto e = mailbox_of_field(m, &b.refused);
                    e && std::find(abuse.begin(), abuse.end(), *e) == abuse.end())
                    b.add(*e, "", Role::tech, o, std::string(key) + " " + h + " e-mail",
                          {signals::registry_contact}, {general_caveat});
        }
    };
    abuse_object("abuse-c", "the abuse contact's general e-mail, not its abuse mailbox");
    abuse_object("mnt-irt", "the IRT's general e-mail, not its abuse mailbox");
    // Administrative and technical contacts, and LACNIC-style owner-c. A remark of the contact
    // object that sends abuse reports to one of its addresses makes that address an abuse one.
    for (auto [key, role] :
         {std::pair{"admin-c", Role::admin}, {"tech-c", Role::tech}, {"owner-c", Role::admin}})
        for (const auto& h : net->all(key))
            if (auto it = by_handle.find(ascii_lower(h)); it != by_handle.end()) {
                const WhoisObject& o = *it->second;
                for (const auto& r : o.all("remarks"))
                    if (mentions_abuse(r))
                        for (const auto& e : find_emails(r))
                            b.add(e, "", Role::abuse, o, std::string(key) + " " + h + " remarks",
                                  {signals::registry_contact},
                                  {"from a free-text remark in the registry record"});
                for (const auto& v : o.all("e-mail"))
                    if (auto e = mailbox_of_field(v, &b.refused))
                        b.add(*e, "", role, o, std::string(key) + " " + h,
                              {signals::registry_contact});
            }
    // Free-text remarks of the network such as "please send abuse reports to abuse@x".
    for (const char* key : {"remarks", "descr", "Comment"})
        for (const auto& v : net->all(key)) {
            if (!mentions_abuse(v)) continue;
            for (const auto& e : find_emails(v))
                b.add(e, "", Role::abuse, *net, key, {signals::registry_contact},
                      {"from a free-text remark in the registry record"});
        }
    // Notify and changed addresses: often the upstream ISP's.
    for (const char* key : {"notify", "changed"})
        for (const auto& v : net->all(key))
            for (const auto& e : find_emails(v))
                b.add(e, "", Role::notify, *net, key, {signals::notify_address});
    // ARIN-style organisation and resource points of contact.
    for (const auto& o : objects)
        for (auto [prefix, role, signal] :
             {std::tuple{"OrgAbuse", Role::abuse, signals::registry_abuse_contact},
              {"RAbuse", Role::abuse, signals::registry_abuse_contact},
              {"OrgNOC", Role::noc, signals::registry_contact},
              {"RNOC", Role::noc, signals::registry_contact},
              {"OrgTech", Role::tech, signals::registry_contact},
              {"RTech", Role::tech, signals::registry_contact}}) {
            auto email = mailbox_of_field(o.get(std::string(prefix) + "Email"), &b.refused);
            auto phone = o.get(std::string(prefix) + "Phone");
            // A point of contact's phone goes with its e-mail: one contact, two ways to reach it.
            if (email) b.add(*email, phone, role, o, std::string(prefix) + "Email", {signal});
            if (!email && !phone.empty())
                b.add("", phone, role, o, std::string(prefix) + "Phone", {signal});
        }

    // Rules that hold for the whole record.
    const NirProfile* nir = nir_of_objects(objects, profile);
    if (nir != nullptr) apply_nir_rule(b.findings, b.handles, *nir, profile);
    one_voice(b.findings);
    apply_validation(b.findings, text);

    Outcome out = Outcome::found(std::move(b.findings));
    for (const auto& r : b.refused)
        out.notes.push_back(server + ": " + r + "; not used");
    if (out.findings.empty())
        out.notes.push_back("no contact in the record of " + b.scope + " at " + server);
    return out;
}

} // namespace

const NirProfile* nir_of(const std::string& whois_text, const RegistryProfile& profile) {
    return nir_of_objects(parse_whois_objects(whois_text), profile);
}

Outcome registry_whois_findings(const WhoisAnswer& answer, const RegistryProfile& profile,
                                long today_days) {
    std::string referral;
    if (answer.chain.size() > 1) {
        for (const auto& hop : answer.chain)
            referral += (referral.empty() ? "" : " -> ") + hop.server;
        referral = "whois referral followed: " + referral;
    }
    auto found = findings_of(answer.text, answer.server, profile, today_days);
    if (!found) {
        // The trail ended in nothing: keep the last registry on it that had a record, as a
        // pointer, never as the answer.
        for (std::size_t i = answer.earlier_texts.size(); i-- > 0;) {
            const std::string& hop_server =
                i < answer.chain.size() ? answer.chain[i].server : answer.server;
            auto earlier = findings_of(answer.earlier_texts[i], hop_server, profile, today_days);
            if (!earlier) continue;
            std::string trail = hop_server + " points to " + answer.server +
                                ", which has no record for this; " + hop_server +
                                "'s own record, shown for reference";
            mark_dead_end(earlier->findings, profile, trail);
            earlier->notes.insert(earlier->notes.begin(),
                                  "the whois trail ended at " + answer.server +
                                      " with no network or AS object; kept the record of " +
                                      hop_server);
            if (!referral.empty()) earlier->notes.insert(earlier->notes.begin(), referral);
            return *earlier;
        }
        Outcome none =
            Outcome::nothing("no network or AS object in the answer of " + answer.server);
        if (!referral.empty()) none.notes.insert(none.notes.begin(), referral);
        return none;
    }
    if (!referral.empty()) found->notes.push_back(referral);
    return *found;
}

} // namespace renraku::registry
