// platform: a tenant's host under a platform's own names (victim.blogspot.com, x.workers.dev)
// -> the platform's abuse desk, from shipped, dated rules (config/data/platforms/rules.json) and
// the user's own rules, which are read first.

#include "renraku/sdk/plugin.hpp"
#include "renraku/sdk/signals.hpp"
#include "renraku/sdk/text.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace {

using namespace renraku::sdk;

struct Rule {
    std::string platform;
    std::vector<std::string> suffixes; // lower case, no leading dot
    std::string email;                 // the desk's address, or
    std::string form;                  // its web form
    std::string source;
};

struct RuleFile {
    std::string path;
    std::string date;
    std::vector<Rule> rules;
};

constexpr std::size_t kMaxFileBytes = 8u << 20;
constexpr std::size_t kMaxRules = 20000;

// A rule file, bounded; a malformed rule loses itself. Throws for a file that is no rule file.
RuleFile read_rules(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::stringstream text;
    text << in.rdbuf();
    if (text.str().size() > kMaxFileBytes) throw std::runtime_error(path + " is larger than 8 MiB");
    auto root = nlohmann::json::parse(text.str(), nullptr, false);
    if (root.is_discarded() || !root.is_object() || !root.contains("rules") ||
        !root["rules"].is_array())
        throw std::runtime_error(path + " is not a rule file (an object with a \"rules\" list)");
    RuleFile f;
    f.path = path;
    f.date = root.value("date", "");
    for (const auto& r : root["rules"]) {
        if (!r.is_object() || f.rules.size() >= kMaxRules) continue;
        Rule rule;
        rule.platform = sanitize(r.value("platform", ""), 120);
        rule.email = r.value("email", "");
        rule.form = r.value("form", "");
        rule.source = sanitize(r.value("source", ""), 300);
        if (r.contains("suffixes") && r["suffixes"].is_array())
            for (const auto& s : r["suffixes"])
                if (s.is_string() && !s.get<std::string>().empty())
                    rule.suffixes.push_back(ascii_lower(trim_blanks(s.get<std::string>())));
        if (rule.platform.empty() || rule.suffixes.empty() ||
            (rule.email.empty() && rule.form.empty()))
            continue;
        f.rules.push_back(std::move(rule));
    }
    return f;
}

struct Match {
    const Rule* rule = nullptr;
    const RuleFile* file = nullptr;
    std::string suffix;
};

// The longest suffix the host is or lies below, in one file.
Match match_in(const RuleFile& f, const std::string& host) {
    Match best;
    for (const auto& r : f.rules)
        for (const auto& s : r.suffixes)
            if (is_at_or_below(host, s) && s.size() > best.suffix.size()) best = {&r, &f, s};
    return best;
}

class Platform final : public Source {
  public:
    Platform(std::string own_rules) : own_rules_(std::move(own_rules)) {}

  private:
    Outcome do_lookup(const Indicator& ind, Services& services) override {
        if (ind.host.empty()) return Outcome::nothing();
        const std::string host = ascii_lower(ind.host);
        std::vector<RuleFile> files;
        try {
            // The user's own rules first: a suffix they name is theirs to answer for.
            if (!own_rules_.empty()) files.push_back(read_rules(own_rules_));
            files.push_back(read_rules(services.data_file("platforms/rules.json")));
        } catch (const std::exception& e) {
            return Outcome::failure(Outcome::Status::bad_answer, e.what());
        }
        Match m;
        for (const auto& f : files) {
            m = match_in(f, host);
            if (m.rule != nullptr) break;
        }
        if (m.rule == nullptr) return Outcome::nothing();
        Finding f;
        if (!m.rule->email.empty())
            f.contact.email = m.rule->email;
        else
            f.contact.url = m.rule->form;
        f.contact.organization = m.rule->platform;
        f.role = Role::abuse;
        f.scope = {"domain", m.suffix};
        f.evidence.server = "data";
        f.evidence.object = m.file->path;
        f.evidence.field = "rule " + m.rule->platform + " (" + m.suffix + ")";
        f.evidence.excerpt =
            m.rule->source + (m.file->date.empty() ? "" : "; rules of " + m.file->date);
        f.signals = {signals::platform_desk};
        if (f.contact.email.empty())
            f.caveats.push_back("the platform takes reports through this web form, not by mail");
        Outcome out = Outcome::found({std::move(f)});
        out.notes.push_back(host + " is under " + m.suffix + ", run by " + m.rule->platform +
                            ": its desk acts on this host; the registrar and SOA of " + m.suffix +
                            " are the platform's own");
        return out;
    }

    std::string own_rules_;
};

class PlatformFactory final : public Factory {
  public:
    SourceInfo info() const override {
        SourceInfo i;
        i.name = "platform";
        i.version = "1.0.0";
        i.description = "the abuse desk of the platform a host lives under (subdomain services, "
                        "site builders, shorteners, dynamic DNS), from shipped rules";
        // A URL's host and an address's domain are looked up as domains by the core.
        i.types = bit(IndicatorType::domain);
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
