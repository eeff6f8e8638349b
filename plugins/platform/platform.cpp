// platform: the party that can act on a tenant's content. A host under a platform's own names
// (victim.blogspot.com, x.workers.dev) or a URL under a platform's paths
// (docs.google.com/forms/...) -> the platform's desk, from shipped, dated rules and the user's
// own; a host whose CNAME chain leads under such names -> that platform (a CDN fronting it, or
// the host it lives on); an address in a cloud's or CDN's published ranges -> its desk.

#include "ranges.hpp"
#include "rules.hpp"

#include "renraku/sdk/channel.hpp"
#include "renraku/sdk/plugin.hpp"
#include "renraku/sdk/signals.hpp"
#include "renraku/sdk/text.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>

namespace {

using namespace renraku::sdk;
namespace fs = std::filesystem;

constexpr int kMaxCnameSteps = 8;

// Everything read from the data files, once per run: the rules, the feed catalogue and the
// feeds' prefixes indexed by length.
struct Data {
    std::vector<platform::RuleFile> rules; // the user's file first
    std::string rules_error;
    platform::Catalogue catalogue;
    std::vector<platform::FeedRanges> feeds;
    std::unique_ptr<platform::RangeIndex> index;
    std::vector<std::string> feed_errors;
};

// When update-data fetched each feed (platforms/ranges/fetched.json beside the fetched files).
std::map<std::string, std::string> fetched_dates(const std::string& path) {
    std::map<std::string, std::string> out;
    std::ifstream in(path, std::ios::binary);
    if (!in) return out;
    auto j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_object()) return out;
    for (auto it = j.begin(); it != j.end() && out.size() < 500; ++it)
        if (it.value().is_string()) out[it.key()] = sanitize(it.value().get<std::string>(), 10);
    return out;
}

std::unique_ptr<Data> load(const std::string& own_rules, Services& services) {
    auto d = std::make_unique<Data>();
    try {
        // The user's own rules first: a suffix they name is theirs to answer for.
        if (!own_rules.empty()) d->rules.push_back(platform::read_rules(own_rules));
        d->rules.push_back(platform::read_rules(services.data_file("platforms/rules.json")));
    } catch (const std::exception& e) {
        d->rules_error = e.what();
    }
    try {
        d->catalogue = platform::read_catalogue(services.data_file("platforms/feeds.json"));
    } catch (const std::exception& e) {
        d->feed_errors.push_back(e.what());
    }
    std::string fetched_file = services.data_file("platforms/ranges/fetched.json");
    auto fetched = fetched_dates(fetched_file);
    d->feeds.reserve(d->catalogue.feeds.size());
    for (const auto& feed : d->catalogue.feeds) {
        std::string path = services.data_file(feed.file);
        // A fetch date applies to the file update-data wrote, not to the shipped snapshot.
        std::string date;
        if (fs::path(path).parent_path() == fs::path(fetched_file).parent_path())
            if (auto it = fetched.find(feed.name); it != fetched.end()) date = it->second;
        d->feeds.push_back(platform::read_feed(feed, path, date));
        if (!d->feeds.back().error.empty()) d->feed_errors.push_back(d->feeds.back().error);
    }
    d->index = std::make_unique<platform::RangeIndex>(d->feeds);
    return d;
}

struct Desk {
    std::string platform, kind, email, form, api, wants, source, date, file;
    bool checked = true;
};

Desk desk_of(const platform::Rule& r, const platform::RuleFile& f) {
    return {r.platform, r.kind,   r.email, r.form, r.api,
            r.wants,    r.source, f.date,  f.path, r.desk_checked};
}

Desk desk_of(const platform::FeedRanges& r) {
    const auto& f = *r.feed;
    return {f.platform, f.kind,   f.email, f.form, f.api,
            f.wants,    f.source, r.date,  r.path, f.desk_checked};
}

Finding finding_for(const Desk& d, Scope scope, const std::string& field) {
    Finding f;
    // E-mail stays preferred where the desk has both; the form goes along as its url.
    f.contact.email = d.email;
    f.contact.url = d.form;
    f.contact.organization = d.platform;
    f.role = Role::abuse;
    f.scope = std::move(scope);
    f.evidence.server = "data";
    f.evidence.object = d.file;
    f.evidence.field = field;
    f.evidence.excerpt = d.source + (d.date.empty() ? "" : "; data of " + d.date);
    note_data_channel(f.evidence, d.file, d.date);
    f.signals = {signals::platform_desk};
    // A desk with a form only: the form_only signal says so (and lets it be `to`).
    if (d.email.empty()) f.signals.push_back(signals::form_only);
    if (!d.checked)
        f.caveats.push_back("this desk was not re-read from the platform's own page for this "
                            "data's release: check it there before sending");
    if (!d.wants.empty()) f.caveats.push_back(d.platform + "'s desk asks for: " + d.wants);
    return f;
}

// The desk's finding, and its reporting API as a contact of its own (channel `api`): a way in
// for a user with an account there, never a mail header, so an alternative beside the desk.
std::vector<Finding> desk_findings(const Desk& d, Finding desk) {
    std::vector<Finding> out;
    out.push_back(std::move(desk));
    if (d.api.empty()) return out;
    Finding api;
    api.contact.api = d.api;
    api.contact.name = d.platform + " (reporting API)";
    api.contact.organization = d.platform;
    api.role = Role::abuse;
    api.scope = out.front().scope;
    api.evidence = out.front().evidence;
    api.evidence.field += " api";
    api.signals = {signals::platform_api};
    api.caveats.push_back(d.platform +
                          " also takes reports through its reporting API: an "
                          "account there and its API token are needed; the report reaches the "
                          "same desk");
    out.push_back(std::move(api));
    return out;
}

class Platform final : public Source {
  public:
    explicit Platform(std::string own_rules) : own_rules_(std::move(own_rules)) {}

  private:
    const Data& data(Services& services) {
        std::call_once(once_, [&] { data_ = load(own_rules_, services); });
        return *data_;
    }

    Outcome do_lookup(const Indicator& ind, Services& services) override {
        const Data& d = data(services);
        switch (ind.type) {
        case IndicatorType::url:
            return by_url(d, ind);
        case IndicatorType::domain:
            return by_host(d, ind, services);
        case IndicatorType::ipv4:
        case IndicatorType::ipv6:
        case IndicatorType::cidr:
            return by_address(d, ind);
        default:
            return Outcome::nothing();
        }
    }

    static Outcome rules_failed(const Data& d) {
        return Outcome::failure(Outcome::Status::bad_answer, d.rules_error);
    }

    // A URL under a platform's paths: docs.google.com/forms/..., dropbox.com/s/...
    static Outcome by_url(const Data& d, const Indicator& ind) {
        if (!d.rules_error.empty()) return rules_failed(d);
        auto m = platform::match_url(d.rules, ind.value);
        if (m.rule == nullptr) {
            // No rule for the path: the host's own rule, if any (its CNAME chain is followed
            // when the core asks about the host itself).
            if (ind.host.empty()) return Outcome::nothing();
            auto h = platform::match_host(d.rules, ascii_lower(ind.host));
            if (h.rule == nullptr) return Outcome::nothing();
            return for_host(ascii_lower(ind.host), h);
        }
        auto desk = desk_of(*m.rule, *m.file);
        Outcome out = Outcome::found(
            desk_findings(desk, finding_for(desk, {"url", m.matched},
                                            "rule " + m.rule->platform + " (" + m.matched + ")")));
        out.notes.push_back("the URL is under " + m.matched + ", served by " + m.rule->platform +
                            " for its users: its desk acts on this content");
        return out;
    }

    Outcome by_host(const Data& d, const Indicator& ind, Services& services) {
        if (!d.rules_error.empty()) return rules_failed(d);
        const std::string host = ascii_lower(ind.host);
        if (host.empty()) return Outcome::nothing();
        auto m = platform::match_host(d.rules, host);
        if (m.rule != nullptr) return for_host(host, m);
        return by_cname(d, host, services);
    }

    static Outcome for_host(const std::string& host, const platform::RuleMatch& m) {
        auto desk = desk_of(*m.rule, *m.file);
        Outcome out = Outcome::found(
            desk_findings(desk, finding_for(desk, {"domain", m.matched},
                                            "rule " + m.rule->platform + " (" + m.matched + ")")));
        out.notes.push_back(host + " is under " + m.matched + ", run by " + m.rule->platform +
                            ": its desk acts on this host; the registrar and SOA of " + m.matched +
                            " are the platform's own");
        return out;
    }

    // The host's CNAME chain: an alias of a CDN's edge name (x.cdn.cloudflare.net,
    // d1.cloudfront.net) or of a platform's tenant name (user.github.io).
    static Outcome by_cname(const Data& d, const std::string& host, Services& services) {
        std::string name = host;
        std::vector<std::string> chain{host};
        for (int step = 0; step < kMaxCnameSteps; ++step) {
            auto answer = services.dns().query(name, RrType::cname);
            if (answer.failed()) {
                Outcome out = Outcome::nothing();
                out.notes.push_back("the CNAME chain of " + host + " could not be followed (" +
                                    std::string(dns_status_name(answer.status)) +
                                    "): a CDN fronting it is known only by its addresses");
                return out;
            }
            std::string target;
            for (const auto& r : answer.answer)
                if (r.type == RrType::cname && ascii_lower(r.owner) == name) target = r.text;
            target = ascii_lower(target);
            while (!target.empty() && target.back() == '.')
                target.pop_back();
            if (target.empty() || target.size() > 253) return Outcome::nothing();
            chain.push_back(target);
            auto m = platform::match_host(d.rules, target);
            if (m.rule != nullptr) {
                std::string path;
                for (const auto& c : chain)
                    path += (path.empty() ? "" : " -> ") + c;
                auto desk = desk_of(*m.rule, *m.file);
                auto f = finding_for(desk, {"domain", host},
                                     "CNAME " + path + "; rule " + m.rule->platform + " (" +
                                         m.matched + ")");
                if (m.rule->kind == "cdn")
                    f.caveats.insert(f.caveats.begin(),
                                     host + " is fronted by " + m.rule->platform +
                                         " (an alias of " + target +
                                         "): the origin host is hidden; the CDN's desk relays a "
                                         "report to its customer");
                else
                    f.caveats.insert(f.caveats.begin(),
                                     host + " is an alias of " + target + ": the site lives on " +
                                         m.rule->platform + ", whose desk acts on it");
                Outcome out = Outcome::found(desk_findings(desk, std::move(f)));
                out.notes.push_back("CNAME chain: " + path);
                return out;
            }
            name = target;
        }
        return Outcome::nothing();
    }

    // An address in a cloud's or CDN's published ranges.
    static Outcome by_address(const Data& d, const Indicator& ind) {
        platform::Prefix addr;
        std::string text = ind.address;
        if (ind.type == IndicatorType::cidr && ind.prefix_len >= 0)
            text += "/" + std::to_string(ind.prefix_len);
        if (text.empty() || !platform::parse_prefix(text, addr)) return Outcome::nothing();
        auto m = d.index->match(addr);
        if (m.ranges == nullptr) {
            Outcome out = Outcome::nothing();
            for (const auto& e : d.feed_errors)
                out.notes.push_back("platform ranges: " + e);
            return out;
        }
        const auto& feed = *m.ranges->feed;
        std::string prefix = platform::prefix_text(m.prefix);
        auto desk = desk_of(*m.ranges);
        auto f = finding_for(desk, {"network", prefix},
                             "feed " + feed.name + " (" + prefix + "), " + feed.platform);
        const std::string subject = ind.parent.empty() ? ind.value : ind.parent;
        if (feed.kind == "cdn")
            f.caveats.insert(f.caveats.begin(),
                             ind.parent.empty()
                                 ? ind.value + " is an address of " + feed.platform +
                                       "'s network: a site behind it hides its origin host; "
                                       "the CDN's desk relays a report to its customer"
                                 : ind.parent + " is fronted by " + feed.platform + " (" +
                                       ind.value +
                                       " is in its published ranges): the origin "
                                       "host is hidden; the CDN's desk relays a report to its "
                                       "customer");
        else if (feed.kind == "cloud")
            f.caveats.insert(f.caveats.begin(),
                             ind.value + " is in " + feed.platform +
                                 "'s published ranges: its desk acts on the customer's "
                                 "instance; give it the address, the time with its zone and "
                                 "the port");
        else
            f.caveats.insert(f.caveats.begin(), ind.value + " is in " + feed.platform +
                                                    "'s published ranges: its desk acts on "
                                                    "what its users run there");
        Outcome out = Outcome::found(desk_findings(desk, std::move(f)));
        out.notes.push_back(subject + ": " + ind.value + " is in " + prefix + ", published by " +
                            feed.platform + " (" + feed.kind + ")");
        return out;
    }

    std::string own_rules_;
    std::once_flag once_;
    std::unique_ptr<Data> data_;
};

class PlatformFactory final : public Factory {
  public:
    SourceInfo info() const override {
        SourceInfo i;
        i.name = "platform";
        i.version = "2.0.0";
        i.description = "the desk of the platform that can act: subdomain services, site "
                        "builders, code hosts, tunnels, shorteners, dynamic DNS (shipped rules); "
                        "CDN fronting by CNAME; cloud and CDN address ranges (published feeds)";
        i.types = bit(IndicatorType::domain) | bit(IndicatorType::url) | bit(IndicatorType::ipv4) |
                  bit(IndicatorType::ipv6) | bit(IndicatorType::cidr);
        // Rules and ranges are local data; only the CNAME chain asks DNS, and goes without.
        i.needs_network = false;
        i.keys = {{"rules_file", ValueType::string, std::string(),
                   "your own rules (the shipped file's form), read before the shipped ones"}};
        return i;
    }
    std::unique_ptr<Source> make(const SourceConfig& c) const override {
        return std::make_unique<Platform>(c.get_string("rules_file"));
    }
};

} // namespace

RENRAKU_PLUGIN(PlatformFactory)
