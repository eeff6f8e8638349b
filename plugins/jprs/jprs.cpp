// jprs: JPRS, the registry of .jp: the domain's public contact, and its admin and tech contacts

#include "renraku/registry/domain_registry.hpp"
#include "renraku/registry/whois_text.hpp"
#include "renraku/sdk/channel.hpp"
#include "renraku/sdk/plugin.hpp"
#include "renraku/sdk/signals.hpp"
#include "renraku/sdk/text.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace {

using namespace renraku::sdk;
using namespace renraku::registry;

constexpr std::size_t kMaxHandles = 4; // the admin and a few tech contacts

// JPRS writes each key in English (with /e) or in Japanese; the first that has a value wins.
std::string field(const WhoisObject& o, const std::vector<const char*>& keys) {
    for (const char* k : keys)
        if (auto v = o.get(k); !v.empty()) return v;
    return {};
}

bool no_match(const std::string& text) {
    return text.find("No match!!") != std::string::npos;
}

class Jprs final : public Source {
  public:
    explicit Jprs(const SourceConfig& c)
        : server_(c.get_string("server")), english_(c.get_string("language") == "en"),
          charset_(c.get_string("charset")), ask_handles_(c.get_bool("contact_handles")) {
        const auto& lang = c.get_string("language");
        if (lang != "en" && lang != "ja")
            throw std::invalid_argument("language: \"" + lang + "\" is not \"en\" or \"ja\"");
    }

  private:
    WhoisAnswer ask(const std::string& question, Services& services) const {
        WhoisRequest r;
        r.server = server_;
        r.query = question + (english_ ? "/e" : "");
        r.follow_referrals = false;
        if (charset_ != "auto") r.charsets[ascii_lower(server_)] = charset_;
        return services.whois().query(r);
    }

    // The Japanese form carries both languages; read the one asked for first.
    std::string pick(const WhoisObject& o, std::vector<const char*> en,
                     std::vector<const char*> ja) const {
        if (!english_) std::swap(en, ja);
        en.insert(en.end(), ja.begin(), ja.end());
        return field(o, en);
    }

    Finding finding(const WhoisObject& o, const std::string& email, Role role,
                    const std::string& domain, const std::string& object) const {
        Finding f;
        f.contact.email = email;
        f.contact.name = pick(o, {"Name"}, {"名前"});
        f.contact.organization = pick(o, {"Registrant", "Organization"}, {"登録者名", "組織名"});
        f.contact.phone = pick(o, {"Phone"}, {"電話番号"});
        f.contact.country = "JP";
        f.role = role;
        f.scope = {"domain", domain};
        f.evidence.server = server_;
        f.evidence.object = object;
        f.evidence.field = "[Email]";
        f.evidence.excerpt = email;
        note_whois_channel(f.evidence);
        f.signals = {signals::registry_contact};
        return f;
    }

    Outcome do_lookup(const Indicator& ind, Services& services) override {
        if (ind.type != IndicatorType::domain) return Outcome::nothing();
        std::string domain = ascii_lower(registered_domain_of(ind));
        if (domain.size() < 4 || domain.compare(domain.size() - 3, 3, ".jp") != 0)
            return Outcome::nothing();
        auto answer = ask(domain, services);
        if (answer.status != WhoisStatus::ok)
            return Outcome::failure(Outcome::Status::transient, answer.message.empty()
                                                                    ? "whois failed at " + server_
                                                                    : answer.message);
        if (no_match(answer.text)) return Outcome::nothing(server_ + " has no domain " + domain);
        WhoisObject record = parse_bracketed(answer.text);
        std::vector<Finding> findings;
        // General-use and prefecture domains publish the registrant's public contact
        // ([公開連絡窓口], "Contact Information") in the record itself.
        for (const auto& value : record.all("Email"))
            for (const auto& email : find_emails(value))
                findings.push_back(finding(record, email, Role::registrant, domain, domain));
        std::vector<std::string> notes;
        std::string state = field(record, {"State", "Status", "状態"});
        std::string updated = field(record, {"Last Update", "Last Updated", "最終更新"});
        std::string facts;
        auto add_fact = [&](const std::string& what) {
            facts += (facts.empty() ? "" : ", ") + what;
        };
        if (!state.empty()) add_fact("state " + state);
        if (!updated.empty()) add_fact("last update " + updated);
        std::string servers;
        for (const char* key : {"Name Server", "ネームサーバ"})
            for (const auto& ns : record.all(key))
                if (!ns.empty()) servers += (servers.empty() ? "" : " ") + ns;
        if (!servers.empty()) add_fact("name servers " + servers);
        if (!facts.empty()) notes.push_back(domain + " at JPRS: " + facts);
        // Organisational domains (co.jp, ac.jp, ...) name contact handles instead: every one
        // named, each asked once, at most kMaxHandles.
        std::vector<std::pair<std::string, Role>> handles;
        for (const auto& [key, value] : record.attributes) {
            Role role = Role::other;
            if (key == "Administrative Contact" || key == "登録担当者")
                role = Role::admin;
            else if (key == "Technical Contact" || key == "技術連絡担当者")
                role = Role::tech;
            else
                continue;
            if (value.empty() || value.find(' ') != std::string::npos) continue;
            handles.emplace_back(value, role);
        }
        std::vector<std::string> asked;
        for (const auto& [handle, role] : handles) {
            if (!ask_handles_) break;
            bool again = std::find(asked.begin(), asked.end(), handle) != asked.end();
            if (!again && asked.size() >= kMaxHandles) {
                notes.push_back("contact " + handle + " not asked for: at most " +
                                std::to_string(kMaxHandles) + " are");
                continue;
            }
            if (!again) asked.push_back(handle);
            auto contact = ask(handle, services); // a repeated handle is answered from the cache
            if (contact.status != WhoisStatus::ok || no_match(contact.text)) {
                if (!again) notes.push_back(server_ + " gives no details of contact " + handle);
                continue;
            }
            WhoisObject person = parse_bracketed(contact.text);
            for (const auto& value : person.all("Email"))
                for (const auto& email : find_emails(value))
                    findings.push_back(finding(person, email, role, domain, handle));
        }
        Outcome out = Outcome::found(std::move(findings));
        out.notes = std::move(notes);
        if (out.findings.empty())
            out.notes.push_back(server_ + " publishes no e-mail for " + domain);
        return out;
    }

    std::string server_;
    bool english_;
    std::string charset_;
    bool ask_handles_;
};

class JprsFactory final : public Factory {
  public:
    SourceInfo info() const override {
        SourceInfo i;
        i.name = "jprs";
        i.version = "1.0.0";
        i.description = "JPRS, the .jp registry: the domain's public contact, and its admin and "
                        "tech contacts";
        i.types = bit(IndicatorType::domain);
        i.keys = {
            {"server", ValueType::string, std::string("whois.jprs.jp"), "JPRS's whois server"},
            {"language", ValueType::string, std::string("en"),
             "\"en\" asks for the English form (/e), \"ja\" for the Japanese one"},
            {"charset", ValueType::string, std::string("auto"),
             "the Japanese form's charset: auto (UTF-8, or ISO-2022-JP when it says so), "
             "iso-2022-jp, euc-jp or shift_jis"},
            {"contact_handles", ValueType::boolean, true,
             "ask for the admin and tech contact handles a record names"},
        };
        return i;
    }
    std::unique_ptr<Source> make(const SourceConfig& config) const override {
        return std::make_unique<Jprs>(config);
    }
};

} // namespace

RENRAKU_PLUGIN(JprsFactory)
