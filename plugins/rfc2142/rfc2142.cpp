// rfc2142: the role mailboxes RFC 2142 names, for a registrable domain that can receive mail.

#include "renraku/sdk/channel.hpp"
#include "renraku/sdk/plugin.hpp"
#include "renraku/sdk/signals.hpp"
#include "renraku/sdk/text.hpp"

#include <stdexcept>

namespace {

using namespace renraku::sdk;

struct Mailbox {
    std::string local;
    Role role;
};

Role role_of(const std::string& local) {
    std::string l = ascii_lower(local);
    if (l == "abuse") return Role::abuse;
    if (l == "security") return Role::security;
    if (l == "noc") return Role::noc;
    if (l == "postmaster") return Role::postmaster;
    if (l == "hostmaster") return Role::hostmaster;
    if (l == "root" || l == "administrator") return Role::root;
    return Role::other;
}

struct MailRoute {
    bool accepts = false;
    bool implicit = false;
    std::string server;
    std::string object;
    std::string excerpt;
    std::string why_not; // when it does not accept mail
    DnsAnswer answer;    // the answer that showed the route (its DNSSEC verdict)
};

class Rfc2142 final : public Source {
  public:
    explicit Rfc2142(std::vector<Mailbox> boxes) : boxes_(std::move(boxes)) {}

  private:
    // MX first; without MX, A/AAAA is the implicit MX (RFC 5321 §5.1); a null MX (RFC 7505)
    // says the domain takes no mail.
    std::optional<Outcome> mail_route(Services& s, const std::string& domain, MailRoute& route) {
        DnsAnswer mx = s.dns().query(domain, RrType::mx);
        route.server = mx.server;
        if (mx.failed())
            return Outcome::failure(Outcome::Status::transient,
                                    mx.message.empty() ? "MX lookup failed for " + domain
                                                       : mx.message);
        if (mx.status == DnsStatus::nxdomain) {
            route.why_not = domain + " does not exist (NXDOMAIN): no mailbox can be guessed";
            return std::nullopt;
        }
        std::vector<const DnsRecord*> mxs;
        for (const auto& r : mx.answer)
            if (r.type == RrType::mx) mxs.push_back(&r);
        if (!mxs.empty()) {
            if (mxs.size() == 1 && mxs.front()->text.empty()) {
                route.why_not = domain + " publishes a null MX (RFC 7505): it accepts no mail";
                return std::nullopt;
            }
            route.accepts = true;
            route.answer = mx;
            route.object = domain + " MX";
            for (const auto* r : mxs) {
                if (!route.excerpt.empty()) route.excerpt += "; ";
                route.excerpt += std::to_string(r->mx_preference) + " " + r->text;
            }
            return std::nullopt;
        }
        for (auto type : {RrType::a, RrType::aaaa}) {
            DnsAnswer a = s.dns().query(domain, type);
            if (a.failed()) return Outcome::failure(Outcome::Status::transient, a.message);
            for (const auto& r : a.answer) {
                if (r.type != type) continue;
                route.accepts = true;
                route.answer = a;
                route.implicit = true;
                route.object = domain + " " + std::string(rr_type_name(type));
                route.excerpt = r.text;
                return std::nullopt;
            }
        }
        route.why_not = domain + " has no MX, A or AAAA record: it cannot receive mail";
        return std::nullopt;
    }

    Outcome do_lookup(const Indicator& ind, Services& services) override {
        if (ind.registrable.empty())
            return Outcome::nothing(ind.host + " is a public suffix: no site mailbox to guess");
        const std::string& domain = ind.registrable;
        MailRoute route;
        if (auto failed = mail_route(services, domain, route)) return *failed;
        if (!route.accepts) return Outcome::nothing(route.why_not);

        std::vector<Finding> findings;
        for (const auto& box : boxes_) {
            Finding f;
            f.contact.email = box.local + "@" + domain;
            f.role = box.role;
            f.scope = {"domain", domain};
            f.evidence.server = route.server;
            f.evidence.object = route.object;
            f.evidence.field = route.implicit ? "implicit MX" : "MX";
            f.evidence.excerpt = route.excerpt;
            note_channel(f.evidence, route.answer);
            f.signals = {signals::guessed_role_mailbox, signals::domain_accepts_mail};
            if (route.implicit) f.signals.push_back(signals::implicit_mx);
            if (box.role == Role::root) f.signals.push_back(signals::rarely_read_mailbox);
            findings.push_back(std::move(f));
        }
        return Outcome::found(std::move(findings));
    }

    std::vector<Mailbox> boxes_;
};

class Rfc2142Factory final : public Factory {
  public:
    SourceInfo info() const override {
        SourceInfo i;
        i.name = "rfc2142";
        i.version = "1.0.0";
        i.description = "RFC 2142 role mailboxes (abuse@, security@, noc@, ...) of a domain that "
                        "can receive mail";
        i.types = bit(IndicatorType::domain);
        i.needs_network = true;
        i.keys = {
            {"mailboxes", ValueType::string_list,
             std::vector<std::string>{"abuse", "security", "noc", "postmaster", "hostmaster"},
             "role mailboxes to suggest, in order"},
            {"include_rarely_read", ValueType::boolean, true,
             "also suggest root@ and Administrator@, with a low weight"},
        };
        return i;
    }
    std::unique_ptr<Source> make(const SourceConfig& c) const override {
        std::vector<Mailbox> boxes;
        for (const auto& local : c.get_strings("mailboxes")) {
            if (local.empty() || local.find_first_of("@ \t\"") != std::string::npos)
                throw std::invalid_argument("mailboxes: \"" + local + "\" is not a mailbox name");
            boxes.push_back({local, role_of(local)});
        }
        if (c.get_bool("include_rarely_read")) {
            boxes.push_back({"root", Role::root});
            boxes.push_back({"Administrator", Role::root});
        }
        return std::make_unique<Rfc2142>(std::move(boxes));
    }
};

} // namespace

RENRAKU_PLUGIN(Rfc2142Factory)
