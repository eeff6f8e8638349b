// hello_source: the smallest useful source. A site's own list of partners it already knows how
// to reach: for a domain under one of `domains`, it reports `contact`.

#include <renraku/sdk/plugin.hpp>
#include <renraku/sdk/signals.hpp>
#include <renraku/sdk/text.hpp>

namespace {

using namespace renraku::sdk;

class HelloSource final : public Source {
  public:
    HelloSource(std::vector<std::string> domains, std::string contact)
        : domains_(std::move(domains)), contact_(std::move(contact)) {}

  private:
    Outcome do_lookup(const Indicator& ind, Services& services) override {
        for (const auto& d : domains_) {
            if (!is_at_or_below(ind.host, d)) continue;
            Finding f;
            f.contact.email = contact_;
            f.role = Role::security;
            f.scope = {"domain", d};
            f.evidence = {"local list", d, "contact", "", services.now_utc()};
            f.signals.push_back(signals::site_published);
            return Outcome::found({f});
        }
        return Outcome::nothing();
    }
    std::vector<std::string> domains_;
    std::string contact_;
};

class HelloFactory final : public Factory {
  public:
    SourceInfo info() const override {
        SourceInfo i;
        i.name = "hello_source";
        i.version = "0.1.0";
        i.description = "contacts the site already knows, from its own list";
        i.types = bit(IndicatorType::domain);
        i.needs_network = false;
        i.keys = {
            {"domains", ValueType::string_list, std::vector<std::string>{}, "domains covered"},
            {"contact", ValueType::string, std::string(), "the e-mail address to report"}};
        return i;
    }
    std::unique_ptr<Source> make(const SourceConfig& c) const override {
        return std::make_unique<HelloSource>(c.get_strings("domains"), c.get_string("contact"));
    }
};

} // namespace

RENRAKU_PLUGIN(HelloFactory)
