// The registry kit's readers fed recorded answers (and fixtures marked synthetic) directly, with
// the registries' own profiles: each rule of how a registry writes its data, without a server.

#include "../../plugins/apnic/profile.hpp"
#include "../../plugins/arin/profile.hpp"
#include "../../plugins/ripe/profile.hpp"

#include "renraku/registry/address_registry.hpp"
#include "renraku/registry/domain_registry.hpp"
#include "renraku/registry/rdap.hpp"
#include "renraku/sdk/signals.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

using namespace renraku;
using namespace renraku::registry;
namespace sig = renraku::sdk::signals;

namespace {

std::string read(const std::string& relative) {
    std::ifstream in(std::string(RENRAKU_TEST_SOURCE_DIR) + "/tests/data/" + relative,
                     std::ios::binary);
    REQUIRE(in);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

Outcome whois(const std::string& file, const RegistryProfile& p, const std::string& server) {
    WhoisAnswer a;
    a.status = WhoisStatus::ok;
    a.server = server;
    a.text = read(file);
    a.chain = {{server, "question"}};
    return registry_whois_findings(a, p, days_of_iso8601("2026-11-30T00:00:00Z"));
}

RegistryRdap rdap(const std::string& file, const RegistryProfile& p) {
    return read_registry_rdap(read(file), "rdap.test", p, days_of_iso8601("2026-11-30T00:00:00Z"));
}

std::vector<const Finding*> of(const Outcome& o, const std::string& email) {
    std::vector<const Finding*> out;
    for (const auto& f : o.findings)
        if (f.contact.email == email) out.push_back(&f);
    return out;
}

bool has(const Finding* f, const char* s) {
    return std::find(f->signals.begin(), f->signals.end(), s) != f->signals.end();
}

} // namespace

TEST_CASE("APNIC IRT, RDAP: the pref 1 address named validated is the abuse mailbox",
          "[registry][apnic]") {
    auto r = rdap("synthetic/rdap/apnic/203.10.10.0-24-irt.json", plugins::apnic::profile());
    auto abuse = of(r.outcome, "abuse@isp-a.example");
    REQUIRE(abuse.size() == 1);
    CHECK(abuse[0]->role == Role::abuse);
    CHECK(has(abuse[0], sig::mailbox_validated));
    auto general = of(r.outcome, "irt@isp-a.example");
    REQUIRE(general.size() == 1); // IRT e-mail, tech and admin: one voice
    CHECK(general[0]->role == Role::tech);
    CHECK_FALSE(has(general[0], sig::registry_abuse_contact));
    CHECK_FALSE(r.abuse_unclear);
}

TEST_CASE("APNIC IRT, recorded: validated remark and pref 1 on APNIC Labs' IRT",
          "[registry][apnic]") {
    auto r = rdap("corpus/rdap/apnic/whoisit_cidr_v4.json", plugins::apnic::profile());
    auto abuse = of(r.outcome, "helpdesk@apnic.net");
    REQUIRE(abuse.size() == 1); // IRT (abuse) and registrant: one voice, abuse
    CHECK(abuse[0]->role == Role::abuse);
    CHECK(has(abuse[0], sig::mailbox_validated));
    CHECK_THAT(abuse[0]->evidence.excerpt, Catch::Contains("validated on 2021-02-09"));
}

TEST_CASE("APNIC whois, recorded KRNIC block: the NIR's IRT is KRNIC's, the holder's stays",
          "[registry][apnic][nir]") {
    auto o = whois("corpus/whois/whois.apnic.net/goWhois_apnic.txt", plugins::apnic::profile(),
                   "whois.apnic.net:43");
    auto irt = of(o, "irt@nic.or.kr");
    REQUIRE(irt.size() == 1);
    CHECK(has(irt[0], sig::placeholder));
    CHECK(has(irt[0], sig::abuse_header));
    CHECK(has(irt[0], sig::mailbox_validated));
    auto holder = of(o, "ip-adm@skbroadband.com");
    REQUIRE(holder.size() == 1);
    CHECK_FALSE(has(holder[0], sig::placeholder));
    CHECK(has(holder[0], sig::nir_mirrored));
}

TEST_CASE("APNIC whois and RDAP, recorded DACOM block: NIR rule and a role's abuse remark",
          "[registry][apnic][nir]") {
    auto o = whois("corpus/whois/whois.apnic.net/ipwhois_210.107.73.73.txt",
                   plugins::apnic::profile(), "whois.apnic.net:43");
    CHECK(has(of(o, "hostmaster@nic.or.kr").at(0), sig::placeholder));
    // "If related with spam, send mail to abuse@bora.net" in the holder's role object.
    auto spam = of(o, "abuse@bora.net");
    REQUIRE(spam.size() == 1);
    CHECK(spam[0]->role == Role::abuse);
    CHECK_FALSE(has(spam[0], sig::placeholder));
    auto r = rdap("corpus/rdap/apnic/ipwhois_ip_210.107.73.73.json", plugins::apnic::profile());
    CHECK(has(of(r.outcome, "hostmaster@nic.or.kr").at(0), sig::placeholder));
    CHECK_FALSE(has(of(r.outcome, "abuse@bora.net").at(0), sig::placeholder));
}

TEST_CASE("APNIC RDAP, recorded JPNIC block: the remark marks it, JNIC1-AP is JPNIC's",
          "[registry][apnic][nir]") {
    const auto p = plugins::apnic::profile();
    std::string body = read("corpus/rdap/apnic/ipwhois_ip_2001_240_10c_1_ca20_9d1d.json");
    const NirProfile* nir = rdap_nir(body, p);
    REQUIRE(nir != nullptr);
    CHECK(nir->name == "JPNIC");
    auto r = read_registry_rdap(body, "rdap.apnic.net", p, 0);
    CHECK(has(of(r.outcome, "hostmaster@nic.ad.jp").at(0), sig::placeholder));
    CHECK(rdap_nir(read("corpus/rdap/apnic/whoisit_cidr_v4.json"), p) == nullptr);
}

TEST_CASE("TWNIC-mirrored holder contacts stay the holder's", "[registry][apnic][nir]") {
    auto o = whois("synthetic/whois/whois.apnic.net/211.72.10.0-24-twnic.txt",
                   plugins::apnic::profile(), "whois.apnic.net:43");
    auto abuse = of(o, "abuse@holder-tw.example");
    REQUIRE(abuse.size() == 1);
    CHECK(abuse[0]->role == Role::abuse);
    CHECK(has(abuse[0], sig::nir_mirrored));
    CHECK_FALSE(has(abuse[0], sig::placeholder));
    CHECK(has(of(o, "hostmaster@twnic.net.tw").at(0), sig::placeholder));
    // netadmin@ is the abuse-c role's general e-mail.
    CHECK(of(o, "netadmin@holder-tw.example").at(0)->role == Role::tech);
}

TEST_CASE("RIPE abuse-c: RDAP vCard types tell the abuse mailbox from the role's e-mail",
          "[registry][ripe]") {
    auto synthetic =
        rdap("synthetic/rdap/ripe/195.20.30.0-24-abuse-c.json", plugins::ripe::profile());
    CHECK(of(synthetic.outcome, "abuse@net-b.example").at(0)->role == Role::abuse);
    CHECK(of(synthetic.outcome, "noc@net-b.example").at(0)->role == Role::tech);
    // Recorded: SWITCH's abuse-c gives one address typed both "email" and "abuse".
    auto recorded = rdap("corpus/rdap/ripe/whoisit_ip_v4_2.json", plugins::ripe::profile());
    auto sw = of(recorded.outcome, "abuse@switch.ch");
    REQUIRE(sw.size() == 1);
    CHECK(sw[0]->role == Role::abuse);
    // Recorded: BT's abuse entity lists three addresses, marking none.
    auto bt = rdap("corpus/rdap/ripe/ipwhois_ip_62.239.237.1.json", plugins::ripe::profile());
    CHECK(bt.abuse_unclear);
}

TEST_CASE("RIPE whois: the abuse header is authoritative, the role's e-mail not abuse",
          "[registry][ripe]") {
    auto o = whois("synthetic/whois/whois.ripe.net/195.20.30.0-24-abuse-c.txt",
                   plugins::ripe::profile(), "whois.ripe.net:43");
    auto abuse = of(o, "abuse@net-b.example");
    REQUIRE(abuse.size() == 1);
    CHECK(has(abuse[0], sig::abuse_header));
    auto noc = of(o, "noc@net-b.example");
    REQUIRE(noc.size() == 1);
    CHECK(noc[0]->role == Role::tech);
    auto bt = whois("corpus/whois/whois.ripe.net/ipwhois_62.239.237.1.txt",
                    plugins::ripe::profile(), "whois.ripe.net:43");
    CHECK(has(of(bt, "protect@bt.com").at(0), sig::abuse_header));
}

TEST_CASE("abuse-mailbox validation: failed and validated", "[registry][validation]") {
    auto o = whois("synthetic/whois/whois.ripe.net/195.20.31.0-24-validation-failed.txt",
                   plugins::ripe::profile(), "whois.ripe.net:43");
    auto abuse = of(o, "abuse@net-c.example");
    REQUIRE(abuse.size() == 1);
    CHECK(has(abuse[0], sig::mailbox_validation_failed));
    CHECK_FALSE(has(of(o, "ops@net-c.example").at(0), sig::mailbox_validation_failed));
    // ARIN: "Unvalidated POC" on the abuse POC of Cloudflare's network (recorded).
    auto cf = rdap("corpus/rdap/arin/whoisit_cassette_registry_ip_2606_4700_32.json",
                   plugins::arin::profile());
    CHECK(has(of(cf.outcome, "abuse@cloudflare.com").at(0), sig::mailbox_validation_failed));
    CHECK(has(of(cf.outcome, "noc@cloudflare.com").at(0), sig::mailbox_validated));
}

TEST_CASE("ARIN: the country from the organisation's address", "[registry][arin]") {
    auto cf = rdap("corpus/rdap/arin/whoisit_cassette_registry_ip_2606_4700_32.json",
                   plugins::arin::profile());
    CHECK(cf.country == "US");
    CHECK(rdap_country(read("corpus/rdap/arin/whoisit_cassette_registry_ip_2606_4700_32.json")) ==
          "US");
    CHECK(country_code_of("United States") == "US");
    CHECK(country_code_of("jp") == "JP");
    CHECK(country_code_of("Atlantis") == "");
}

TEST_CASE("a referral that ends in nothing keeps the first registry's record, never to",
          "[registry][referral]") {
    WhoisAnswer a;
    a.status = WhoisStatus::ok;
    a.server = "whois.ripe.net:43";
    a.text = "%ERROR:101: no entries found\n%\n% No entries found in source RIPE.\n";
    a.chain = {{"whois.arin.net:43", "n + 128.80.1.1"}, {"whois.ripe.net:43", "-B 128.80.1.1"}};
    a.earlier_texts = {read("synthetic/whois/whois.arin.net/128.80.0.0-16-referral-ripe.txt")};
    auto p = plugins::arin::profile();
    p.own_domains.push_back("ripe.net");
    auto o = registry_whois_findings(a, p, 0);
    REQUIRE_FALSE(o.findings.empty());
    for (const auto& f : o.findings)
        CHECK(std::find(f.signals.begin(), f.signals.end(), sig::referral_dead_end) !=
              f.signals.end());
    CHECK(has(of(o, "abuse@ripe.net").at(0), sig::placeholder));
    CHECK(of(o, "abuse@ripe.net").at(0)->evidence.server == "whois.arin.net:43");
}

TEST_CASE("NIR ownership: by domain, by handle, by the NIR's name in a handle", "[registry][nir]") {
    NirProfile jpnic{"JPNIC", {"MAINT-JPNIC"}, {"JNIC1-AP"}, {"nic.ad.jp"}, "whois.nic.ad.jp"};
    CHECK(is_nir_own(jpnic, "hostmaster@nic.ad.jp", ""));
    CHECK(is_nir_own(jpnic, "x@sub.nic.ad.jp", ""));
    CHECK_FALSE(is_nir_own(jpnic, "x@notnic.ad.jp", ""));
    CHECK(is_nir_own(jpnic, "", "JNIC1-AP"));
    CHECK(is_nir_own(jpnic, "", "IRT-JPNIC-JP"));
    CHECK_FALSE(is_nir_own(jpnic, "abuse@example.jp", "EX123JP"));
}

namespace {

// One entity of `roles` roles and `emails` e-mail properties, and one more property holding
// `in_one_value` addresses in a single value: what a hostile RDAP server can send under the cap.
std::string crowded_entity(int roles, int emails, int in_one_value) {
    std::string r;
    for (int i = 0; i < roles; ++i)
        r += std::string(i ? "," : "") + (i % 2 ? "\"technical\"" : "\"Technical\"");
    r += std::string(roles ? "," : "") + "\"abuse\"";
    std::string v = R"(["vcard",[["version",{},"text","4.0"])";
    for (int i = 0; i < emails; ++i)
        v += R"(,["email",{},"text","a)" + std::to_string(i) + R"(@b.example"])";
    std::string many;
    for (int i = 0; i < in_one_value; ++i)
        many += "m" + std::to_string(i) + "@c.example ";
    v += R"(,["email",{},"text",")" + many + R"("]]])";
    return R"({"objectClassName":"ip network","handle":"H","startAddress":"192.0.2.0",)"
           R"("endAddress":"192.0.2.255","remarks":[{"description":["x was validated"]}],)"
           R"("entities":[{"objectClassName":"entity","handle":"E","roles":[)" +
           r + R"(],"vcardArray":)" + v + "}]}";
}

} // namespace

TEST_CASE("RDAP: an entity of thousands of roles and addresses is read for a bounded number",
          "[registry][rdap]") {
    // Before the bound, the domain reader made a contact for every (role, address) pair (a
    // 49 KB answer made a million) and the address reader compared every address with every
    // other (300 KB took 2.3 s).
    std::string body = crowded_entity(2000, 2000, 5000);
    REQUIRE(body.size() > 100000);

    auto d = parse_domain_rdap(body);
    REQUIRE(d.valid);
    // Two roles ("Technical" and "technical" are one, and abuse), each with at most 50
    // addresses.
    CHECK(d.contacts.size() == 100);
    std::size_t tech = 0;
    for (const auto& c : d.contacts)
        tech += c.role == Role::tech ? 1 : 0;
    CHECK(tech == 50);
    CHECK(d.contacts.front().field == "entity E (technical)");

    RegistryProfile p;
    p.name = "test";
    p.rdap_host = "rdap.test";
    auto r = read_registry_rdap(body, "rdap.test", p, 0);
    CHECK(r.outcome.findings.size() <= 50);
    CHECK_FALSE(r.outcome.findings.empty());
    // The roles named once each in the evidence, not two thousand times.
    CHECK(r.outcome.findings.front().evidence.field.find("Technical, abuse") != std::string::npos);
    CHECK(r.outcome.findings.front().evidence.field.size() < 100);

    // All the addresses in one value: a field holds one address, so the value is refused whole
    // and said once, never split into twenty thousand.
    auto one = parse_domain_rdap(crowded_entity(0, 0, 20000));
    CHECK(one.contacts.empty());
    CHECK(one.refused.size() == 1);
    auto r1 = read_registry_rdap(crowded_entity(0, 0, 20000), "rdap.test", p, 0);
    CHECK(r1.outcome.findings.empty());
}

namespace {
// A registry profile of no registry in particular, for the readers' layout tests.
RegistryProfile test_rdap_profile() {
    RegistryProfile p;
    p.name = "test";
    p.rdap_host = "rdap.test";
    return p;
}
} // namespace

TEST_CASE("RDAP: a malformed entity loses itself, not the entities after it", "[registry][rdap]") {
    // A null (and a string) before the registrar: the reader used to stop at the first member
    // that is not an object, losing the registrar and its nested abuse contact.
    const std::string domain = read("synthetic/rdap/malformed/domain-entity-null.json");
    REQUIRE_FALSE(domain.empty());
    auto d = parse_domain_rdap(domain);
    REQUIRE(d.valid);
    CHECK(d.registrar == "Registrar One");
    bool abuse = false;
    for (const auto& c : d.contacts)
        abuse = abuse || (c.email == "abuse@registrar-one.test" && c.registrar);
    CHECK(abuse);
    // Said once, however many were skipped.
    CHECK(std::count(d.refused.begin(), d.refused.end(),
                     "an entity that is not a JSON object was skipped") == 1);

    const std::string network = read("synthetic/rdap/malformed/network-entity-null.json");
    REQUIRE_FALSE(network.empty());
    auto r = read_registry_rdap(network, "rdap.test", test_rdap_profile(), 0);
    bool found = false;
    for (const auto& f : r.outcome.findings)
        found = found || f.contact.email == "abuse@net.test";
    CHECK(found);
    bool said = false;
    for (const auto& n : r.outcome.notes)
        said =
            said || n.find("an entity that is not a JSON object was skipped") != std::string::npos;
    CHECK(said);
}

TEST_CASE("RDAP: a malformed vCard property loses itself, not the entity", "[registry][rdap]") {
    // A value missing, a null, parameters that are not an object, a number where text goes, an
    // address that is null: the good e-mail after them is still the abuse contact.
    const std::string network = read("synthetic/rdap/malformed/network-vcard-bad-property.json");
    REQUIRE_FALSE(network.empty());
    auto r = read_registry_rdap(network, "rdap.test", test_rdap_profile(), 0);
    REQUIRE(r.outcome.findings.size() == 1);
    CHECK(r.outcome.findings.front().contact.email == "abuse@net.test");
    CHECK(r.outcome.findings.front().role == Role::abuse);
}

TEST_CASE("RDAP: a malformed event loses itself, said once", "[registry][rdap]") {
    const std::string network = read("synthetic/rdap/malformed/network-event-bad.json");
    REQUIRE_FALSE(network.empty());
    auto r = read_registry_rdap(network, "rdap.test", test_rdap_profile(), 0);
    REQUIRE(r.outcome.findings.size() == 1);
    CHECK(r.outcome.findings.front().contact.email == "abuse@net.test");
    std::size_t said = 0;
    for (const auto& n : r.outcome.notes)
        said += n.find("an event that is not an object or has no readable date was skipped") !=
                        std::string::npos
                    ? 1
                    : 0;
    CHECK(said == 1);
}

TEST_CASE("RDAP: JSContact cards are read where a server sends them instead of jCard",
          "[registry][rdap]") {
    SECTION("a network's abuse entity with a jscard only") {
        const std::string network = read("synthetic/rdap/jscontact/network-jscard.json");
        REQUIRE_FALSE(network.empty());
        auto r = read_registry_rdap(network, "rdap.test", test_rdap_profile(), 0);
        REQUIRE(r.outcome.findings.size() == 1);
        CHECK(r.outcome.findings.front().contact.email == "abuse@net-jscard.test");
        CHECK(r.outcome.findings.front().role == Role::abuse);
        CHECK(r.outcome.findings.front().contact.country == "NL");
    }
    SECTION("a domain: registrar card, nested abuse card of the earlier drafts, privacy") {
        const std::string domain = read("synthetic/rdap/jscontact/domain-jscard.json");
        REQUIRE_FALSE(domain.empty());
        auto list = renraku::registry::PrivacyServices::load(
            std::string(RENRAKU_TEST_SOURCE_DIR) + "/config/data/registries/privacy-services.json");
        REQUIRE_FALSE(list->empty());
        auto d = parse_domain_rdap(domain, *list);
        REQUIRE(d.valid);
        CHECK(d.registrar == "Registrar Card");
        bool abuse = false, registrar_mail = false, form = false, proxy = false;
        for (const auto& c : d.contacts) {
            abuse = abuse || (c.email == "abuse@registrar-card.test" && c.registrar &&
                              c.role == Role::abuse);
            // "mailto:" taken off; the null member before it lost only itself.
            registrar_mail = registrar_mail || c.email == "info@registrar-card.test";
            form = form || c.url == "https://registrar-card.test/report";
            if (c.email == "x7f3@withheldforprivacy.com") {
                proxy = c.privacy_proxy && c.privacy_service == "Withheld for Privacy ehf";
                CHECK(c.role == Role::registrant);
            }
        }
        CHECK(abuse);
        CHECK(registrar_mail);
        CHECK(form);
        CHECK(proxy);
    }
}
