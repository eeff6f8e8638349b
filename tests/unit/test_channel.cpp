// How evidence travelled: the SDK's helpers that record the channel of each kind of answer,
// the scoring of the channel (a bogus answer is never a recipient), and the channel kept by
// stored answers.

#include "dns/resolver.hpp"
#include "net/http_client.hpp"
#include "score/scoring.hpp"

#include "renraku/sdk/channel.hpp"
#include "renraku/sdk/signals.hpp"

#include <catch2/catch.hpp>

using namespace renraku;
using namespace renraku::core;
namespace sig = renraku::sdk::signals;

namespace {

SourcedFinding dns_finding(const std::string& email, const std::string& verdict,
                           const std::string& reason = "") {
    SourcedFinding f;
    f.source = "dns_soa";
    f.indicator = "example.test";
    f.finding.contact.email = email;
    f.finding.role = sdk::Role::soa;
    f.finding.signals = {sig::soa_rname};
    f.finding.evidence.object = "example.test SOA";
    f.finding.evidence.transport = "dns";
    f.finding.evidence.dnssec = verdict;
    f.finding.evidence.dnssec_reason = reason;
    return f;
}

bool has(const std::vector<std::string>& list, const std::string& part) {
    for (const auto& v : list)
        if (v.find(part) != std::string::npos) return true;
    return false;
}

} // namespace

TEST_CASE("each kind of answer records its channel", "[channel]") {
    sdk::Evidence dns;
    sdk::DnsAnswer bogus;
    bogus.dnssec = sdk::Dnssec::bogus;
    bogus.dnssec_reason = "signature expired";
    sdk::note_channel(dns, bogus);
    CHECK(dns.transport == "dns");
    CHECK(dns.dnssec == "bogus");
    CHECK(dns.dnssec_reason == "signature expired");
    CHECK_FALSE(sdk::authenticated(dns));

    sdk::Evidence zone;
    sdk::ZoneInfo z;
    z.dnssec = sdk::Dnssec::secure;
    z.soa.serial = 2026120401;
    sdk::note_channel(zone, z);
    CHECK(zone.dnssec == "secure");
    CHECK(zone.dnssec_reason.empty());
    CHECK(zone.serial == "2026120401");
    CHECK(sdk::authenticated(zone));

    sdk::Evidence https;
    sdk::HttpResponse r;
    r.final_url = "https://rdap.arin.net/registry/ip/192.0.2.1";
    r.tls_verified = true;
    r.tls_subject = "CN = rdap.arin.net";
    r.tls_issuer = "CN = Some CA";
    sdk::note_channel(https, r);
    CHECK(https.transport == "https");
    CHECK(https.tls_verified);
    CHECK(https.tls_subject == "CN = rdap.arin.net");
    CHECK(sdk::authenticated(https));

    // Redirected down to plain HTTP (a security.txt site may): not verified, whatever it says.
    sdk::Evidence http;
    r.final_url = "http://example.test/.well-known/security.txt";
    sdk::note_channel(http, r);
    CHECK(http.transport == "http");
    CHECK_FALSE(http.tls_verified);
    CHECK(http.tls_subject.empty());
    CHECK_FALSE(sdk::authenticated(http));

    sdk::Evidence whois;
    sdk::note_whois_channel(whois);
    CHECK(whois.transport == "whois");
    CHECK_FALSE(sdk::authenticated(whois));

    sdk::Evidence data;
    sdk::note_data_channel(data, "csirts/teams.json", "2026-11-01");
    CHECK(data.transport == "data");
    CHECK(data.data_file == "csirts/teams.json");
    CHECK(data.data_date == "2026-11-01");
    CHECK(sdk::authenticated(data));
}

TEST_CASE("the weakest verdict along a path wins", "[channel]") {
    using D = sdk::Dnssec;
    CHECK(sdk::weaker(D::secure, D::insecure) == D::insecure);
    CHECK(sdk::weaker(D::insecure, D::secure) == D::insecure);
    CHECK(sdk::weaker(D::insecure, D::indeterminate) == D::indeterminate);
    CHECK(sdk::weaker(D::bogus, D::secure) == D::bogus);
    CHECK(sdk::weaker(D::indeterminate, D::bogus) == D::bogus);
}

TEST_CASE("clear-text whois is marked only on whois findings", "[channel]") {
    sdk::Outcome out;
    sdk::Finding w;
    sdk::note_whois_channel(w.evidence);
    sdk::Finding h;
    h.evidence.transport = "https";
    out.findings = {w, h};
    sdk::mark_clear_text(out);
    sdk::mark_clear_text(out); // once
    CHECK(out.findings[0].signals == std::vector<std::string>{sig::clear_text_whois});
    CHECK(out.findings[1].signals.empty());
}

TEST_CASE("scoring: a bogus answer's contact is never to or cc, secure adds a little",
          "[channel][scoring]") {
    auto model = ScoringModel::from_config({});
    auto contacts = merge_findings(
        {dns_finding("forged@example.test", "bogus", "ECDSA signature verification failed"),
         dns_finding("hostmaster@example.test", "secure"),
         dns_finding("other@example.test", "insecure")});
    score_contacts(contacts, model);
    for (const auto& c : contacts) {
        INFO(c.contact.email);
        if (c.contact.email == "forged@example.test") {
            CHECK(c.recommend == Recommend::alt);
            CHECK(c.score <= model.never_to_cap);
            CHECK(has(c.caveats, "failed DNSSEC validation (ECDSA signature verification failed)"));
            CHECK(has(c.signals, sig::dnssec_bogus));
        } else if (c.contact.email == "hostmaster@example.test") {
            CHECK(c.recommend == Recommend::to);
            CHECK(has(c.signals, sig::dnssec_secure));
        } else {
            CHECK_FALSE(has(c.signals, sig::dnssec_secure));
        }
    }
    // A CSIRT address from a bogus answer is not copied either.
    auto csirt = dns_finding("csirt@example.test", "bogus");
    csirt.finding.signals.push_back(sig::csirt_team);
    auto cs = merge_findings({csirt});
    score_contacts(cs, model);
    CHECK(cs[0].recommend == Recommend::alt);
}

TEST_CASE("scoring: a bogus answer that an authenticated channel confirms changes nothing",
          "[channel][scoring]") {
    auto model = ScoringModel::from_config({});
    auto rdap = dns_finding("abuse@example.test", "");
    rdap.source = "arin";
    rdap.finding.role = sdk::Role::abuse;
    rdap.finding.signals = {sig::registry_abuse_contact};
    rdap.finding.evidence.transport = "https";
    rdap.finding.evidence.tls_verified = true;
    auto contacts = merge_findings({dns_finding("abuse@example.test", "bogus"), rdap});
    score_contacts(contacts, model);
    REQUIRE(contacts.size() == 1);
    CHECK_FALSE(has(contacts[0].signals, sig::dnssec_bogus));
    CHECK(contacts[0].recommend == Recommend::to);
}

TEST_CASE("scoring: clear-text whois weighs against a contact seen only there",
          "[channel][scoring]") {
    auto model = ScoringModel::from_config({});
    auto whois = dns_finding("abuse@example.test", "");
    whois.source = "arin";
    whois.finding.role = sdk::Role::abuse;
    whois.finding.signals = {sig::registry_abuse_contact, sig::clear_text_whois};
    whois.finding.evidence.transport = "whois";
    auto alone = merge_findings({whois});
    score_contacts(alone, model);
    CHECK(has(alone[0].signals, sig::clear_text_whois));
    CHECK(has(alone[0].caveats, "clear-text whois"));
    // Named over verified HTTPS by another source too: the mark goes.
    auto https = whois;
    https.source = "security_txt";
    https.finding.signals = {sig::site_published};
    https.finding.evidence.transport = "https";
    https.finding.evidence.tls_verified = true;
    auto both = merge_findings({whois, https});
    score_contacts(both, model);
    CHECK_FALSE(has(both[0].signals, sig::clear_text_whois));
}

TEST_CASE("stored answers keep the channel they came over", "[channel][cache]") {
    auto http = net::http_from_stored(
        R"({"status":0,"code":200,"type":"application/rdap+json","url":"https://rdap.arin.net/x",)"
        R"("message":"","tls_verified":true,"tls_subject":"CN = rdap.arin.net","tls_issuer":"CN = CA"})"
        "\n{}");
    REQUIRE(http);
    CHECK(http->tls_verified);
    CHECK(http->tls_subject == "CN = rdap.arin.net");
    // An older stored answer said nothing: not claimed verified.
    auto old = net::http_from_stored(
        R"({"status":0,"code":200,"type":"application/rdap+json","url":"https://rdap.arin.net/x","message":""})"
        "\n{}");
    REQUIRE(old);
    CHECK_FALSE(old->tls_verified);
    // A stored plain-HTTP answer cannot claim TLS.
    auto plain = net::http_from_stored(
        R"({"status":0,"code":200,"type":"text/plain","url":"http://example.test/x","message":"","tls_verified":true})"
        "\n{}");
    REQUIRE(plain);
    CHECK_FALSE(plain->tls_verified);

    auto dns = dns::dns_from_stored(
        R"({"status":0,"server":"127.0.0.1:5353","answer":[],"authority":[],"dnssec":3,)"
        R"("dnssec_reason":"signature expired"})");
    REQUIRE(dns);
    CHECK(dns->dnssec == sdk::Dnssec::bogus);
    CHECK(dns->dnssec_reason == "signature expired");
    auto odd = dns::dns_from_stored(
        R"({"status":0,"server":"x","answer":[],"authority":[],"dnssec":99})");
    REQUIRE(odd);
    CHECK(odd->dnssec == sdk::Dnssec::indeterminate);
}
