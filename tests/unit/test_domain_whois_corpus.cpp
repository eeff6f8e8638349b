// Every e-mail contact of recorded ccTLD registries' whois answers, each written out by
// hand from the recording, against what the domain whois reader extracts.

#include "renraku/registry/domain_registry.hpp"
#include "renraku/registry/domain_whois.hpp"
#include "renraku/sdk/text.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using renraku::registry::parse_domain_whois;
using renraku::sdk::role_name;

namespace {

using Pairs = std::set<std::pair<std::string, std::string>>; // (e-mail, role)

struct Case {
    const char* file; // under tests/data/corpus/whois/
    Pairs expected;
    bool not_found = false;
};

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

const std::string DNS = "dns-admin@google.com";
const std::string CCOPS = "ccops@markmonitor.com";
const std::string MM_ABUSE = "abusecomplaints@markmonitor.com";

// One recording per server; the server is the folder name.
const std::vector<Case>& cases() {
    static const std::vector<Case> all = {
        {"ccwhois.ksregistry.net/weppos_vg_status_registered.txt",
         {{DNS, "registrant"}, {DNS, "admin"}, {DNS, "tech"}, {CCOPS, "other"}}},
        {"ccwhois.verisign-grs.com/weppos_cc_status_registered.txt", {{MM_ABUSE, "abuse"}}},
        {"coza-whois.registry.net.za/weppos_co.za_property_contact_fax_empty.txt",
         {{"domreg.admins@firstrand.co.za", "registrant"},
          {"domreg.admins@firstrand.co.za", "admin"},
          {"domreg.admins@firstrand.co.za", "other"},
          {"domreg.admins@firstrand.co.za", "tech"}}},
        {"kero.yachay.pe/weppos_pe_status_inactive.txt", {{"jsotelo@galbatros.com", "admin"}}},
        {"org-whois.registry.net.za/weppos_org.za_status_registered.txt",
         {{"joelsonp@joburg.org.za", "registrant"},
          {"joelsonp@joburg.org.za", "admin"},
          {"ebenj@joburg.org.za", "tech"}}},
        {"tvwhois.verisign-grs.com/weppos_tv_status_registered.txt", {{MM_ABUSE, "abuse"}}},
        {"whois.amnic.net/weppos_am_status_registered.txt", {{CCOPS, "admin"}, {CCOPS, "tech"}}},
        {"whois.ati.tn/weppos_tn_property_contact_updated_none.txt",
         {{"mbh@tunet.tn", "registrant"}, {"mbh@tunet.tn", "admin"}, {"mbh@tunet.tn", "tech"}}},
        {"whois.auda.org.au/likexian_au_acma.gov.au.txt",
         {{"registrar@domainname.gov.au", "abuse"}}},
        {"whois.ax/weppos_ax_status_registered.txt", {{"itsupport@regeringen.ax", "admin"}}},
        {"whois.bnnic.bn/weppos_bn_status_registered.txt", {{"info@telbru.com.bn", "tech"}}},
        {"whois.cira.ca/likexian_ca_git.ca.txt",
         {{"michel.fafard@git.ca", "registrant"},
          {"michel.fafard@git.ca", "admin"},
          {"michel.fafard@git.ca", "tech"}}},
        {"whois.cmc.iq/weppos_iq_status_registered.txt", {{"bl-yoban@yahoo.com", "registrant"}}},
        {"whois.cnnic.cn/domainr_cnnic.cn.txt", {{"servicei@cnnic.cn", "registrant"}}},
        {"whois.co.ug/weppos_ug_property_status_active.txt", {{"hostmaster@cfi.co.ug", "notify"}}},
        {"whois.denic.de/weppos_de_status_failed.txt", {{"info@guid-int.com", "tech"}}},
        {"whois.dk-hostmaster.dk/likexian_dk_politikken.dk.txt",
         {{"jens.mogensen@jppol.dk", "registrant"}}},
        {"whois.dns.be/domainr_whois.be.txt",
         {{"tech-adm@internl.net", "registrar"}, {"sales@totaalnet.nl", "registrar"}}},
        {"whois.dns.pl/likexian_pl_aftermarket.pl.txt", {{"domains@dropped.pl", "registrar"}}},
        {"whois.domain-registry.nl/weppos_nl_status_registered.txt",
         {{CCOPS, "admin"}, {CCOPS, "tech"}}},
        {"whois.domreg.lt/weppos_lt_status_registered.txt", {{CCOPS, "registrar"}, {DNS, "other"}}},
        {"whois.dot.tk/likexian_tk_google.tk.txt",
         {{DNS, "registrant"}, {DNS, "admin"}, {CCOPS, "other"}, {DNS, "tech"}}},
        {"whois.eu/likexian_eu_git.eu.txt", {{"info@frankcom.info", "tech"}}},
        {"whois.fi/domainr_google.fi.txt", {{CCOPS, "tech"}}},
        {"whois.hkirc.hk/likexian_hk_google.hk.txt",
         {{CCOPS, "registrar"}, {DNS, "registrant"}, {DNS, "admin"}, {DNS, "tech"}}},
        {"whois.in.ua/weppos_in.ua_status_registered.txt",
         {{"help@whois.in.ua", "other"}, {"notify@drs.ua", "notify"}}},
        {"whois.inregistry.net/domainr_dns.in.txt",
         {{"info@indiaportals.org", "registrant"},
          {"info@indiaportals.org", "admin"},
          {"info@indiaportals.org", "tech"}}},
        {"whois.isnic.is/domainr_dns.is.txt",
         {{"info@nethonnun.is", "other"},
          {"domains@premis.is", "admin"},
          {"domains@premis.is", "other"},
          {"domains@premis.is", "tech"},
          {"domains@x.is", "tech"}}},
        {"whois.ja.net/weppos_ac.uk_status_registered.txt",
         {{"m.s.cook@lboro.ac.uk", "registrant"}}},
        {"whois.kenic.or.ke/weppos_ke_status_registered.txt",
         {{"noc@kenic.or.ke", "other"},
          {"abuse@kenic.or.ke", "other"},
          {DNS, "admin"},
          {DNS, "tech"},
          {"ccopsbilling@markmonitor.com", "other"}}},
        {"whois.kr/domainr_dns.kr.txt", {{"domain-manager@kisa.or.kr", "admin"}}},
        {"whois.na-nic.com.na/weppos_na_status_registered.txt",
         {{"info@google.na", "registrant"}, {DNS, "admin"}, {CCOPS, "tech"}, {CCOPS, "registrar"}}},
        {"whois.netcom.cm/weppos_cm_status_registered.txt",
         {{DNS, "registrant"},
          {DNS, "admin"},
          {DNS, "tech"},
          {"ccopsbilling@markmonitor.com", "other"}}},
        {"whois.nic.ac/weppos_ac_status_registered.txt",
         {{MM_ABUSE, "abuse"}, {"abuse@icbregistry.info", "other"}}},
        {"whois.nic.af/weppos_af_status_registered.txt",
         {{DNS, "registrant"},
          {DNS, "admin"},
          {CCOPS, "other"},
          {DNS, "tech"},
          {CCOPS, "registrar"}}},
        {"whois.nic.ag/weppos_ag_status_registered.txt",
         {{DNS, "registrant"}, {DNS, "admin"}, {CCOPS, "other"}, {DNS, "tech"}}},
        {"whois.nic.ck/weppos_ck_status_registered.txt",
         {{"marion@telecom.co.ck", "notify"},
          {"robert@telecom.co.ck", "notify"},
          {"joe@telecom.co.ck", "notify"},
          {"soa@oyster.net.ck", "tech"},
          {CCOPS, "admin"},
          {CCOPS, "other"},
          {DNS, "tech"}}},
        {"whois.nic.co/domainr_dns.co.txt",
         {{"soporte@cointernet.com.co", "registrant"},
          {"soporte@cointernet.com.co", "admin"},
          {"soporte@cointernet.com.co", "other"},
          {"soporte@cointernet.com.co", "tech"}}},
        {"whois.nic.cx/likexian_cx_git.cx.txt",
         {{"support@ovh.net", "abuse"},
          {"support@ovh.com", "registrar"},
          {"support@ovh.net", "registrar"},
          {"registry-cocca-admin@ovh.net", "registrar"}}},
        {"whois.nic.fm/weppos_fm_status_registered.txt",
         {{DNS, "registrant"}, {DNS, "admin"}, {DNS, "tech"}, {CCOPS, "other"}, {CCOPS, "abuse"}}},
        {"whois.nic.gd/weppos_gd_status_registered.txt",
         {{DNS, "registrant"}, {DNS, "admin"}, {DNS, "tech"}, {CCOPS, "other"}}},
        {"whois.nic.ge/weppos_ge_status_registered.txt", {{DNS, "admin"}, {DNS, "tech"}}},
        {"whois.nic.gl/weppos_gl_status_registered.txt",
         {{DNS, "registrant"}, {CCOPS, "registrar"}}},
        {"whois.nic.gs/likexian_gs_git.gs.txt",
         {{"bent@cloudkickr.com", "registrant"},
          {"bent@cloudkickr.com", "admin"},
          {"bent@cloudkickr.com", "tech"},
          {"bent@cloudkickr.com", "other"},
          {"support@coccaregistry.org", "other"}}},
        {"whois.nic.hn/weppos_hn_status_registered.txt",
         {{DNS, "registrant"},
          {DNS, "admin"},
          {CCOPS, "other"},
          {CCOPS, "tech"},
          {CCOPS, "registrar"},
          {"contacto@nic.hn", "other"}}},
        {"whois.nic.io/domainr_google.io.txt",
         {{MM_ABUSE, "abuse"}, {"abuse@icbregistry.info", "other"}}},
        {"whois.nic.ir/likexian_ir_google.ir.txt",
         {{"support@domainservicesltd.co.uk", "registrant"},
          {"irapplications@instra.com", "admin"},
          {"irapplications@instra.com", "tech"},
          {"hostmaster@ouriran.com", "other"}}},
        {"whois.nic.la/weppos_la_property_status_multiple.txt",
         {{"jwgranzow@gmail.com", "registrant"},
          {"jwgranzow@gmail.com", "admin"},
          {"jwgranzow@yahoo.com", "tech"},
          {"jwgranzow@gmail.com", "other"}}},
        {"whois.nic.lv/weppos_lv_status_registered.txt",
         {{DNS, "registrant"}, {CCOPS, "tech"}, {CCOPS, "registrar"}}},
        {"whois.nic.ly/weppos_ly_status_registered.txt",
         {{DNS, "registrant"}, {DNS, "admin"}, {CCOPS, "tech"}, {CCOPS, "other"}}},
        {"whois.nic.me/weppos_me_property_nameservers_is_blank.txt",
         {{"mathie@rubaidh.com", "registrant"},
          {"support@rubaidh.com", "admin"},
          {"support@rubaidh.com", "tech"}}},
        {"whois.nic.mx/weppos_mx_status_registered.txt",
         {{"ayuda@nic.mx", "other"}, {"abuse@nic.mx", "other"}}},
        {"whois.nic.net.ng/weppos_ng_property_status_ok.txt",
         {{"admin@nira.org.ng", "registrant"}, {"ugo@nira.org.ng", "admin"}}},
        {"whois.nic.org.uy/weppos_uy_status_available.txt", {{"dns-adm@seciu.edu.uy", "other"}}},
        {"whois.nic.pw/weppos_pw_status_registered.txt",
         {{DNS, "registrant"}, {DNS, "admin"}, {DNS, "tech"}, {CCOPS, "other"}}},
        {"whois.nic.us/likexian_us_google.us.txt",
         {{MM_ABUSE, "abuse"}, {DNS, "registrant"}, {DNS, "admin"}, {DNS, "tech"}}},
        // Registered, but the answer publishes no e-mail address at all.
        {"whois.aeda.net.ae/weppos_ae_status_registered.txt", {}},
        {"whois.nic.uk/domainr_google.co.uk.txt", {}},
        // No such domain.
        {"whois.je/weppos_je_status_available.txt", {}, true},
        {"whois.nic.cd/weppos_cd_status_available.txt", {}, true},
        {"whois.nic.net.sa/weppos_sa_status_available.txt", {}, true},
        {"whois.nic.so/weppos_so_status_available.txt", {}, true},
    };
    return all;
}

} // namespace

TEST_CASE("every e-mail contact of recorded ccTLD servers' answers, with its role",
          "[domain_whois][corpus]") {
    std::set<std::string> servers;
    for (const auto& c : cases()) {
        std::string file = c.file;
        servers.insert(file.substr(0, file.find('/')));
        DYNAMIC_SECTION(file) {
            std::string text =
                read(std::string(RENRAKU_TEST_SOURCE_DIR) + "/tests/data/corpus/whois/" + file);
            REQUIRE_FALSE(text.empty());
            auto parsed = parse_domain_whois(text);
            Pairs got;
            for (const auto& contact : parsed.contacts)
                if (!contact.email.empty())
                    got.emplace(renraku::sdk::ascii_lower(contact.email),
                                std::string(role_name(contact.role)));
            CHECK(got == c.expected);
            CHECK(parsed.not_found == c.not_found);
        }
    }
    CHECK(servers.size() >= 40);
}

TEST_CASE("redacted fields are caveats, web forms are url contacts, proxies are flagged",
          "[domain_whois][corpus]") {
    const std::string dir = std::string(RENRAKU_TEST_SOURCE_DIR) + "/tests/data/corpus/whois/";
    SECTION("eNom: REDACTED FOR PRIVACY and a tiered-access web form") {
        auto r = parse_domain_whois(read(dir + "whois.enom.com/likexian_org_github.org.txt"));
        REQUIRE(r.contacts.size() == 2);
        CHECK(r.contacts[0].role == renraku::sdk::Role::registrant);
        CHECK(r.contacts[0].email.empty());
        CHECK(r.contacts[0].url ==
              "https://tieredaccess.com/contact/e406a066-effd-4c8c-9f5b-483c6d2b37cf");
        CHECK(r.contacts[1].email == "ABUSE@enom.com");
        CHECK(r.contacts[1].registrar);
        CHECK(r.registrar == "ENOM, INC.");
        CHECK(std::find(r.redacted.begin(), r.redacted.end(),
                        "Admin Email: REDACTED FOR PRIVACY") != r.redacted.end());
        for (const auto& field : r.redacted)
            CHECK(field.find("Abuse") == std::string::npos);
    }
    SECTION("Gandi: forwarding addresses behind redacted names are privacy proxies") {
        auto r = parse_domain_whois(read(dir + "whois.gandi.net/likexian_io_golang.io.txt"));
        int proxies = 0;
        for (const auto& c : r.contacts) {
            if (c.role == renraku::sdk::Role::abuse) {
                CHECK(c.email == "abuse@support.gandi.net");
                CHECK_FALSE(c.privacy_proxy);
            } else {
                CHECK(c.privacy_proxy);
                ++proxies;
            }
        }
        CHECK(proxies == 3);
    }
    SECTION("Verisign, a thin registry: the registrar's whois server") {
        auto r = parse_domain_whois(read(dir + "whois.verisign-grs.com/domainr_google.com.txt"));
        CHECK(r.registrar_whois_server == "whois.markmonitor.com");
        CHECK(r.registrar == "MarkMonitor Inc.");
    }
    SECTION("values that stand for withheld data") {
        CHECK(renraku::registry::is_redacted_value("REDACTED FOR PRIVACY"));
        CHECK(renraku::registry::is_redacted_value("Data Protected"));
        CHECK(renraku::registry::is_redacted_value("Not Disclosed"));
        CHECK_FALSE(renraku::registry::is_redacted_value("Google LLC"));
        CHECK(renraku::registry::is_privacy_service("Domains By Proxy, LLC"));
        CHECK(renraku::registry::is_privacy_service("WhoisGuard, Inc."));
        CHECK_FALSE(renraku::registry::is_privacy_service("MarkMonitor Inc."));
    }
}

TEST_CASE("hostile domain whois text is read within bounds", "[domain_whois]") {
    std::string garbage;
    for (int i = 0; i < 200000; ++i)
        garbage += static_cast<char>((i * 7919) % 256);
    garbage += "\nTech Email: \x1b[2Jx@example.net\n";
    auto r = parse_domain_whois(garbage);
    CHECK(r.contacts.size() <= 500);
    std::string many;
    for (int i = 0; i < 30000; ++i)
        many += "Admin Email: a" + std::to_string(i) + "@example.net\n";
    CHECK(parse_domain_whois(many).contacts.size() == 500);
}

TEST_CASE("one object of twenty thousand e-mail lines is read once, each line once",
          "[domain_whois]") {
    // A registrar's whois server (reached through a referral, so anybody's) may answer with
    // one huge object; every line of it used to rescan the whole object.
    std::string object = "nic-hdl:   HUGE-1\nrole:      technical contact\n";
    for (int i = 0; i < 20000; ++i)
        object += "e-mail:    t" + std::to_string(i) + "@example.net\n";
    std::string text = "domain: example.net\ntech-c: HUGE-1\n\n" + object;
    auto r = parse_domain_whois(text);
    REQUIRE(r.contacts.size() == 500);
    CHECK(r.contacts.front().email == "t0@example.net");
    CHECK(r.contacts.front().role == renraku::sdk::Role::tech);
    CHECK(r.contacts.back().email == "t499@example.net");
}

TEST_CASE("Verisign's thin answers before 2017 name the registrar's server as Whois Server",
          "[domain_whois][corpus]") {
    const std::string dir = std::string(RENRAKU_TEST_SOURCE_DIR) + "/tests/data/corpus/whois/";
    auto r = parse_domain_whois(read(dir + "whois.verisign-grs.com/joepie91_engine.com.txt"));
    CHECK(r.registrar == "FABULOUS.COM PTY LTD.");
    // Followed like the current key, so the registrar is asked; the banner line "Whois Server
    // Version 2.0" is not taken for a server.
    CHECK(r.registrar_whois_server == "whois.fabulous.com");
    // Where both are written, the current key wins.
    auto both = parse_domain_whois("Domain Name: EXAMPLE.COM\nWhois Server: whois.old.example\n"
                                   "Registrar WHOIS Server: whois.new.example\n");
    CHECK(both.registrar_whois_server == "whois.new.example");
}

namespace {

// The (address, role) pairs a reader found, and whether any of them is registry text.
Pairs pairs_of(const renraku::registry::DomainWhois& r, bool* registry_text = nullptr) {
    Pairs got;
    for (const auto& c : r.contacts) {
        if (!c.email.empty())
            got.emplace(renraku::sdk::ascii_lower(c.email), std::string(role_name(c.role)));
        if (registry_text != nullptr && c.registry_text) *registry_text = true;
    }
    return got;
}

} // namespace

TEST_CASE("unkeyed contact lines under a heading are read with the heading's role",
          "[domain_whois][corpus]") {
    const std::string dir = std::string(RENRAKU_TEST_SOURCE_DIR) + "/tests/data/corpus/";
    SECTION("SWITCH (.ch): Registrar<TAB>NAME, the addresses on bare lines below") {
        auto r = parse_domain_whois(read(dir + "whois/whois.nic.ch/likexian_ch_switch.ch.txt"));
        CHECK(r.registrar == "Gandi SAS");
        CHECK(pairs_of(r) == Pairs{{"support-en@support.gandi.net", "registrar"},
                                   {"support-fr@support.gandi.net", "registrar"}});
        for (const auto& c : r.contacts)
            CHECK(c.registrar);
    }
    SECTION("TWNIC: an indented Contact: under Registrant:, a whitespace-only line inside") {
        bool text = false;
        auto r = parse_domain_whois(read(dir + "peers/joepie91/realtek.com.tw"));
        CHECK(pairs_of(r, &text) == Pairs{{"justindo@realtek.com", "registrant"}});
        CHECK_FALSE(text);
        auto g = parse_domain_whois(
            read(dir + "whois/whois.twnic.net.tw/likexian_tw_google.org.tw.txt"));
        CHECK(pairs_of(g) == Pairs{{"super.ae88@gmail.com", "registrant"},
                                   {"super.ae88@gmail.com", "admin"},
                                   {"super.ae88@gmail.com", "tech"}});
    }
    SECTION("Communigal: Contact Information : ..., the address after a whitespace-only line") {
        auto r = parse_domain_whois(read(dir + "peers/joepie91/365calendars.com"));
        REQUIRE(r.contacts.size() == 1);
        CHECK(r.contacts[0].email == "domainprivate@communigal.com");
        CHECK(r.contacts[0].role == renraku::sdk::Role::registrant);
        CHECK_FALSE(r.contacts[0].registry_text);
        // The block says of itself "Domain Contact / is Private": the registrar's forwarder.
        CHECK(r.contacts[0].privacy_proxy);
    }
    SECTION("EDUCAUSE: a blank line between the heading and its indented block") {
        auto r = parse_domain_whois(read(dir + "whois/whois.educause.edu/weppos_edu_fixture4.txt"));
        Pairs got = pairs_of(r);
        CHECK(got.count({"domreg.admin@nyu.edu", "admin"}) == 1);
        CHECK(got.count({"noc@nyu.edu", "tech"}) == 1);
    }
    SECTION("SK-NIC: Key-word, spaces, value") {
        auto r =
            parse_domain_whois(read(dir + "whois/whois.sk-nic.sk/weppos_sk_status_registered.txt"));
        CHECK(pairs_of(r) ==
              Pairs{{"mfajnorova@fabap.sk", "admin"}, {"mfajnorova@fabap.sk", "tech"}});
        // A name at the margin followed by spaces is not a key (NIC-Venezuela).
        auto v =
            parse_domain_whois(read(dir + "whois/whois.nic.ve/weppos_ve_status_registered.txt"));
        for (const auto& c : v.contacts)
            CHECK(c.field != "Instra");
    }
    SECTION("NIC-Venezuela and NIC-Uruguay: a tab-separated record line under Titular:") {
        auto v =
            parse_domain_whois(read(dir + "whois/whois.nic.ve/weppos_ve_status_registered.txt"));
        CHECK(pairs_of(v).count({"instracorp@nameaction.com.ve", "registrant"}) == 1);
        auto u = parse_domain_whois(
            read(dir + "whois/whois.nic.org.uy/weppos_uy_status_registered.txt"));
        Pairs got = pairs_of(u);
        CHECK(got.count({"mail@nameaction.com", "registrant"}) == 1);
        CHECK(got.count({"dominios@netgate.com.uy", "other"}) == 1); // Contacto de Cobranza
    }
    SECTION("MYNIC: f [Invoicing Party], the invoiced party's lines below") {
        bool text = false;
        auto r = parse_domain_whois(
            read(dir + "whois/whois.domainregistry.my/weppos_my_status_registered.txt"));
        CHECK(pairs_of(r, &text).count({"domain@fatservers.my", "other"}) == 1);
        CHECK_FALSE(text);
    }
}

TEST_CASE("privacy and proxy services from the shipped list", "[domain_whois][corpus]") {
    const std::string dir = std::string(RENRAKU_TEST_SOURCE_DIR) + "/tests/data/corpus/";
    auto list = renraku::registry::PrivacyServices::load(
        std::string(RENRAKU_TEST_SOURCE_DIR) + "/config/data/registries/privacy-services.json");
    REQUIRE(list->size() >= 20);
    CHECK(list->date().size() == 10);
    SECTION("privatewhois.net: every contact is the service, named") {
        auto r = parse_domain_whois(read(dir + "peers/joepie91/drpciv.biz"), *list);
        REQUIRE(r.contacts.size() == 4);
        for (const auto& c : r.contacts) {
            CHECK(c.privacy_proxy);
            CHECK(c.privacy_service == "Fundacion Private Whois (Internet.bs)");
        }
        // Without the list the generic marks do not know this service.
        auto bare = parse_domain_whois(read(dir + "peers/joepie91/drpciv.biz"));
        for (const auto& c : bare.contacts)
            CHECK_FALSE(c.privacy_proxy);
    }
    SECTION("the list matches addresses below a domain, names in any case, handles exactly") {
        CHECK(list->by_email("a@5225b4d0pi3627q9.privatewhois.net") != nullptr);
        CHECK(list->by_email("a@notprivatewhois.net") == nullptr);
        CHECK(list->by_name("REGISTRATION PRIVATE") != nullptr);
        CHECK(list->by_name("Google LLC") == nullptr);
    }
    SECTION("a malformed list is empty and says why; a list entry without a pattern is left out") {
        std::string why;
        auto bad = renraku::registry::PrivacyServices::parse("[1,2]", &why);
        CHECK(bad.empty());
        CHECK_FALSE(why.empty());
        auto some = renraku::registry::PrivacyServices::parse(
            R"({"date":"2026-01-01","services":[{"name":"x"},null,)"
            R"({"name":"P","handles":["PRIV-1"]}]})");
        CHECK(some.size() == 1);
        CHECK(some.by_handle("priv-1") != nullptr);
    }
    SECTION("a contact's caveat names the service") {
        auto r = parse_domain_whois(read(dir + "peers/joepie91/drpciv.biz"), *list);
        auto findings =
            renraku::registry::domain_contact_findings(r.contacts, "whois.biz", "drpciv.biz");
        REQUIRE_FALSE(findings.empty());
        bool named = false;
        for (const auto& cv : findings.front().caveats)
            named = named || cv.find("Fundacion Private Whois") != std::string::npos;
        CHECK(named);
    }
}
