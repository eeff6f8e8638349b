// jpnic: JPNIC's own database for the blocks it manages under APNIC.

#include "../apnic/profile.hpp"
#include "renraku/registry/address_registry.hpp"
#include "renraku/registry/rdap.hpp"
#include "renraku/registry/referrals.hpp"
#include "renraku/registry/whois_text.hpp"
#include "renraku/sdk/bootstrap.hpp"
#include "renraku/sdk/channel.hpp"
#include "renraku/sdk/http.hpp"
#include "renraku/sdk/plugin.hpp"
#include "renraku/sdk/signals.hpp"
#include "renraku/sdk/text.hpp"

#include <optional>
#include <stdexcept>

namespace {

using namespace renraku::sdk;
using namespace renraku::registry;

// The English and Japanese names of the fields read, as JPNIC writes them.
const std::vector<std::string> kNetwork = {"Network Number", "ネットワーク番号", "AS Number",
                                           "AS番号"};
const std::vector<std::string> kOrganization = {"Organization", "組織名"};
const std::vector<std::string> kAdmin = {"Administrative Contact", "管理者連絡窓口"};
const std::vector<std::string> kTech = {"Technical Contact", "技術連絡担当者"};
const std::vector<std::string> kEmail = {"E-Mail", "電子メイル", "電子メール"};
const std::vector<std::string> kUpdated = {"Last Update", "最終更新"};

std::string first_of(const WhoisObject& o, const std::vector<std::string>& keys) {
    for (const auto& k : keys) {
        auto v = o.get(k);
        if (!v.empty()) return v;
    }
    return {};
}

// Whether a NIR found in APNIC's record is JPNIC (APNIC's database holds other NIRs' blocks too).
bool is_jpnic(const NirProfile* nir) {
    return nir != nullptr && nir->name == "JPNIC";
}

class Jpnic final : public Source {
  public:
    Jpnic(std::string server, std::string apnic_server, bool english)
        : server_(std::move(server)), apnic_server_(std::move(apnic_server)), english_(english) {}

  private:
    // Whether APNIC's record says JPNIC manages the block: APNIC's RDAP answer (the very
    // question the apnic source asks, so answered once), else APNIC's whois.
    std::optional<bool> jpnic_manages(const Indicator& ind, Services& services,
                                      const RegistryProfile& apnic, std::string& why_not) {
        HttpRequest req;
        req.url = services.bootstrap().rdap_object_url(ind, apnic.rdap_host);
        req.address = ind.type == IndicatorType::asn ? std::string() : ind.address;
        if (!req.url.empty()) {
            auto r = services.http().get(req);
            if (r.status == HttpStatus::ok) return is_jpnic(rdap_nir(r.body, apnic));
            if (r.status == HttpStatus::http_error && r.code == 404) return false;
            why_not = "RDAP: " + (r.message.empty() ? http_status_name(r.status) : r.message);
        }
        WhoisRequest w;
        w.server = apnic_server_;
        w.query = ind.type == IndicatorType::asn ? ind.value : ind.address;
        w.templates[ascii_lower(apnic_server_.substr(0, apnic_server_.find(':')))] = "-B {}";
        add_referral_facts(w, whois_directory(services.data_dir()), ind.type == IndicatorType::asn);
        w.address = req.address;
        auto a = services.whois().query(w);
        if (a.status != WhoisStatus::ok) {
            why_not += (why_not.empty() ? "" : "; whois: ") + a.message;
            return std::nullopt;
        }
        return is_jpnic(nir_of(a.text, apnic));
    }

    WhoisAnswer ask(Services& s, const std::string& question, const std::string& address) {
        WhoisRequest r;
        r.server = server_;
        r.query = english_ ? question + "/e" : question;
        r.follow_referrals = false;
        r.address = address;
        std::string host = ascii_lower(server_.substr(0, server_.find(':')));
        if (!english_) r.charsets[host] = "iso-2022-jp";
        return s.whois().query(r);
    }

    Outcome do_lookup(const Indicator& ind, Services& services) override {
        // APNIC's facts from the apnic plugin's own profile: one copy.
        const RegistryProfile apnic = renraku::plugins::apnic::profile();
        if (!services.bootstrap().served_by(ind, apnic.rdap_host)) return Outcome::nothing();
        std::string why_not;
        auto managed = jpnic_manages(ind, services, apnic, why_not);
        if (!managed)
            return Outcome::failure(Outcome::Status::transient,
                                    "cannot tell whether JPNIC manages " + ind.value + ": " +
                                        why_not);
        if (!*managed) return Outcome::nothing();

        std::string question = ind.type == IndicatorType::asn ? ind.value : ind.address;
        auto net =
            ask(services, question, ind.type == IndicatorType::asn ? std::string() : ind.address);
        if (net.status != WhoisStatus::ok)
            return Outcome::failure(Outcome::Status::transient, net.message);
        WhoisObject record = parse_bracketed(net.text);
        std::string scope = first_of(record, kNetwork);
        if (scope.empty())
            return Outcome::nothing("JPNIC has no record for " + ind.value + " at " + net.server);
        // In Japanese mode the Japanese name leads; JPNIC gives both.
        std::string organization =
            english_ ? first_of(record, kOrganization)
                     : first_of(record, {kOrganization.rbegin(), kOrganization.rend()});

        std::vector<Finding> findings;
        auto add_contact = [&](const std::string& handle, Role role, const std::string& field) {
            if (handle.empty()) return;
            auto c = ask(services, handle, "");
            if (c.status != WhoisStatus::ok) return;
            WhoisObject contact = parse_bracketed(c.text);
            for (const auto& email : find_emails(first_of(contact, kEmail))) {
                Finding f;
                f.contact.email = email;
                f.contact.organization = first_of(contact, kOrganization);
                if (f.contact.organization.empty()) f.contact.organization = organization;
                f.contact.country = "JP";
                f.role = role;
                f.scope = {ind.type == IndicatorType::asn ? "asn" : "network", scope};
                f.evidence.server = c.server;
                f.evidence.object = handle;
                f.evidence.field = field + " -> E-Mail";
                f.evidence.excerpt = "[E-Mail] " + email;
                note_whois_channel(f.evidence);
                f.signals = {signals::registry_contact, signals::most_specific_object};
                findings.push_back(std::move(f));
            }
        };
        add_contact(first_of(record, kAdmin), Role::admin, "Administrative Contact");
        add_contact(first_of(record, kTech), Role::tech, "Technical Contact");
        // Any abuse field JPNIC publishes for the network.
        for (const auto& [key, value] : record.attributes) {
            if (ascii_lower(key).find("abuse") == std::string::npos) continue;
            for (const auto& email : find_emails(value)) {
                Finding f;
                f.contact.email = email;
                f.contact.organization = organization;
                f.contact.country = "JP";
                f.role = Role::abuse;
                f.scope = {"network", scope};
                f.evidence.server = net.server;
                f.evidence.object = scope;
                f.evidence.field = key;
                f.evidence.excerpt = "[" + key + "] " + email;
                note_whois_channel(f.evidence);
                f.signals = {signals::registry_abuse_contact, signals::most_specific_object};
                findings.push_back(std::move(f));
            }
        }
        Outcome out = Outcome::found(std::move(findings));
        out.notes.push_back("JPNIC manages this block (per APNIC's record); JPNIC's record: " +
                            scope + (organization.empty() ? "" : " (" + organization + ")"));
        return out;
    }

    std::string server_;
    std::string apnic_server_;
    bool english_;
};

class JpnicFactory final : public Factory {
  public:
    SourceInfo info() const override {
        SourceInfo i;
        i.name = "jpnic";
        i.version = "2.0.0";
        i.description = "JPNIC, the NIR for Japan: contacts of the blocks and AS numbers it "
                        "manages under APNIC";
        i.types = bit(IndicatorType::ipv4) | bit(IndicatorType::ipv6) | bit(IndicatorType::cidr) |
                  bit(IndicatorType::asn);
        i.needs_network = true;
        i.keys = {
            {"whois_server", ValueType::string, std::string("whois.nic.ad.jp"),
             "JPNIC's whois server"},
            {"apnic_whois_server", ValueType::string, std::string("whois.apnic.net"),
             "APNIC's whois server, asked whether JPNIC manages a block when APNIC's RDAP fails"},
            {"language", ValueType::string, std::string("en"),
             "en: ask with /e for English; ja: the Japanese answer (ISO-2022-JP)"}};
        return i;
    }
    std::unique_ptr<Source> make(const SourceConfig& c) const override {
        const auto& lang = c.get_string("language");
        if (lang != "en" && lang != "ja")
            throw std::invalid_argument("language must be \"en\" or \"ja\"");
        return std::make_unique<Jpnic>(c.get_string("whois_server"),
                                       c.get_string("apnic_whois_server"), lang == "en");
    }
};

} // namespace

RENRAKU_PLUGIN(JpnicFactory)
