#include "score/scoring.hpp"

#include "renraku/sdk/signals.hpp"

#include <catch2/catch.hpp>

using namespace renraku;
using namespace renraku::core;
namespace sig = renraku::sdk::signals;

namespace {

SourcedFinding finding(const std::string& source, const std::string& email, sdk::Role role,
                       std::vector<std::string> signals) {
    SourcedFinding f;
    f.source = source;
    f.indicator = "example.test";
    f.finding.contact.email = email;
    f.finding.role = role;
    f.finding.signals = std::move(signals);
    return f;
}

const ScoredContact& by_email(const std::vector<ScoredContact>& cs, const std::string& email) {
    for (const auto& c : cs)
        if (c.contact.email == email) return c;
    FAIL("no contact " << email);
    return cs.front();
}

} // namespace

TEST_CASE("same address from two sources merges, domain case-insensitively", "[scoring]") {
    auto merged = merge_findings({
        finding("dns_soa", "hostmaster@Example.TEST", sdk::Role::soa, {sig::soa_rname}),
        finding("rfc2142", "hostmaster@example.test", sdk::Role::hostmaster,
                {sig::guessed_role_mailbox, sig::domain_accepts_mail}),
        finding("rfc2142", "Hostmaster@example.test", sdk::Role::hostmaster, {}),
    });
    REQUIRE(merged.size() == 2); // the local part keeps its case
    const auto& c = merged.front();
    CHECK(c.evidence.size() == 2);
    CHECK(c.role == sdk::Role::hostmaster); // more specific than "soa"
    CHECK(c.signals.size() == 3);
}

TEST_CASE("score is the sum of signal and role weights, plus corroboration, in [0,1]",
          "[scoring]") {
    ScoringModel m = ScoringModel::from_config({});
    auto cs = merge_findings({
        finding("dns_soa", "hostmaster@example.test", sdk::Role::soa, {sig::soa_rname}),
        finding("rfc2142", "hostmaster@example.test", sdk::Role::hostmaster,
                {sig::guessed_role_mailbox, sig::domain_accepts_mail}),
        finding("rfc2142", "root@example.test", sdk::Role::root,
                {sig::guessed_role_mailbox, sig::domain_accepts_mail, sig::rarely_read_mailbox}),
    });
    score_contacts(cs, m);
    const auto& h = by_email(cs, "hostmaster@example.test");
    double expected =
        m.signal_weights[sig::soa_rname] + m.signal_weights[sig::guessed_role_mailbox] +
        m.signal_weights[sig::domain_accepts_mail] + m.role_weights["hostmaster"] + m.corroboration;
    CHECK(h.score == Approx(expected).margin(0.001));
    CHECK(h.explanation.back().signal == "corroboration");
    const auto& r = by_email(cs, "root@example.test");
    CHECK(r.score < h.score);
    CHECK(r.score >= 0.0);
    bool warned = false;
    for (const auto& cv : r.caveats)
        warned |= cv.find("may not be read") != std::string::npos;
    CHECK(warned);
}

TEST_CASE("weights from [scoring] change the score", "[scoring]") {
    ScoringConfig cfg;
    cfg.weights[sig::soa_rname] = 0.9;
    auto cs =
        merge_findings({finding("dns_soa", "a@example.test", sdk::Role::soa, {sig::soa_rname})});
    score_contacts(cs, ScoringModel::from_config(cfg));
    CHECK(cs.front().score == Approx(0.9));
    cfg.weights[sig::soa_rname] = -0.5;
    score_contacts(cs, ScoringModel::from_config(cfg));
    CHECK(cs.front().score == 0.0);
}

TEST_CASE("recommend: one to, CSIRTs as cc, placeholders never to", "[scoring]") {
    auto m = ScoringModel::from_config({});
    auto cs = merge_findings({
        finding("reg", "abuse@isp.test", sdk::Role::abuse, {sig::registry_abuse_contact}),
        finding("reg", "noc@isp.test", sdk::Role::noc, {sig::registry_contact}),
        finding("first", "cert@cert.test", sdk::Role::csirt,
                {sig::csirt_team, sig::national_csirt}),
        finding("reg", "generic@nir.test", sdk::Role::abuse,
                {sig::registry_abuse_contact, sig::placeholder}),
    });
    score_contacts(cs, m);
    CHECK(by_email(cs, "abuse@isp.test").recommend == core::Recommend::to);
    CHECK(by_email(cs, "noc@isp.test").recommend == core::Recommend::alt);
    CHECK(by_email(cs, "cert@cert.test").recommend == core::Recommend::cc);
    CHECK(by_email(cs, "generic@nir.test").recommend == core::Recommend::alt);
    for (std::size_t i = 1; i < cs.size(); ++i)
        CHECK(cs[i - 1].score >= cs[i].score);

    auto tied = merge_findings({
        finding("a", "one@x.test", sdk::Role::abuse, {sig::registry_abuse_contact}),
        finding("b", "two@y.test", sdk::Role::abuse, {sig::registry_abuse_contact}),
        finding("c", "three@z.test", sdk::Role::abuse, {sig::registry_abuse_contact}),
    });
    score_contacts(tied, m);
    int to = 0;
    for (const auto& c : tied)
        to += c.recommend == core::Recommend::to ? 1 : 0;
    CHECK(to == 1); // one plan per indicator: one `to` even when three tie
    // The one the tie rules put first; the others are alternatives, said why.
    CHECK(tied.front().recommend == core::Recommend::to);
    bool said = false;
    for (const auto& e : tied.front().explanation)
        said |= e.signal.find("tie-break over") == 0;
    CHECK(said);

    // A mailbox our notice bounced from is below every alternative: the next one is `to`.
    auto bounced = merge_findings({
        finding("reg", "abuse@isp.test", sdk::Role::abuse, {sig::registry_abuse_contact}),
        finding("reg", "noc@isp.test", sdk::Role::noc, {sig::registry_contact}),
        finding("dns", "root@isp.test", sdk::Role::root, {sig::rarely_read_mailbox}),
    });
    for (auto& c : bounced)
        if (c.contact.email == "abuse@isp.test") c.core_signals.push_back("mailbox_bounced");
    score_contacts(bounced, m);
    CHECK(bounced.back().contact.email == "abuse@isp.test");
    CHECK(bounced.back().score == 0);
    CHECK(bounced.back().recommend == core::Recommend::alt);
    CHECK(by_email(bounced, "noc@isp.test").recommend == core::Recommend::to);
}

TEST_CASE("the reverse-zone caveat comes with the reverse-zone signal", "[scoring]") {
    auto cs = merge_findings({finding("dns_soa", "ipadmin@isp.test", sdk::Role::soa,
                                      {sig::soa_rname, sig::reverse_zone})});
    score_contacts(cs, ScoringModel::from_config({}));
    bool upstream = false;
    for (const auto& cv : cs.front().caveats)
        upstream |= cv.find("upstream provider") != std::string::npos;
    CHECK(upstream);
}

TEST_CASE("an unknown signal weighs nothing but is shown", "[scoring]") {
    auto cs = merge_findings({finding("x", "a@b.test", sdk::Role::other, {"something_new"})});
    score_contacts(cs, ScoringModel::from_config({}));
    CHECK(cs.front().score == 0.0);
    CHECK(cs.front().explanation.front().signal == "something_new");
}

TEST_CASE("a site's security.txt does not outrank the abuse contact — the CSIRT is cc",
          "[scoring]") {
    ScoringModel m = ScoringModel::from_config({});
    auto cs = merge_findings({
        finding("security_txt", "security@example.test", sdk::Role::security,
                {sig::site_published}),
        finding("gtld", "abuse@registrar.test", sdk::Role::abuse, {sig::registrar_abuse_contact}),
        finding("first", "info@jpcert.or.jp", sdk::Role::csirt,
                {sig::csirt_team, sig::national_csirt}),
        finding("gtld", "proxy@privacy.test", sdk::Role::registrant,
                {sig::registry_contact, sig::privacy_proxy}),
    });
    score_contacts(cs, m);
    CHECK(by_email(cs, "abuse@registrar.test").recommend == core::Recommend::to);
    CHECK(by_email(cs, "security@example.test").recommend == core::Recommend::alt);
    CHECK(by_email(cs, "security@example.test").score < by_email(cs, "abuse@registrar.test").score);
    CHECK(by_email(cs, "info@jpcert.or.jp").recommend == core::Recommend::cc);
    CHECK(by_email(cs, "proxy@privacy.test").recommend == core::Recommend::alt);
    // Without a registry abuse contact the site's own word is the one to write to.
    auto alone = merge_findings({
        finding("security_txt", "security@example.test", sdk::Role::security,
                {sig::site_published}),
        finding("first", "info@jpcert.or.jp", sdk::Role::csirt, {sig::csirt_team}),
    });
    score_contacts(alone, m);
    CHECK(by_email(alone, "security@example.test").recommend == core::Recommend::to);
    CHECK(by_email(alone, "info@jpcert.or.jp").recommend == core::Recommend::cc);
}

TEST_CASE("a security.txt whose signature does not verify is never to", "[scoring]") {
    ScoringModel m = ScoringModel::from_config({});
    auto cs = merge_findings({finding("security_txt", "attacker@evil.test", sdk::Role::security,
                                      {sig::site_published, sig::signature_bad})});
    score_contacts(cs, m);
    CHECK(cs.at(0).recommend == core::Recommend::alt);
    CHECK_FALSE(cs.at(0).caveats.empty());
}

TEST_CASE("only e-mail addresses go in To or Cc: a phone or a web form is alt", "[scoring]") {
    ScoringModel m = ScoringModel::from_config({});
    auto phone = finding("security_txt", "", sdk::Role::security, {sig::site_published});
    phone.finding.contact.phone = "+81-3-0000-0000";
    auto form = finding("first", "", sdk::Role::csirt, {sig::csirt_team, sig::national_csirt});
    form.finding.contact.url = "https://csirt.test/report";
    auto cs = merge_findings({
        phone,
        form,
        finding("security_txt", "security@example.test", sdk::Role::security,
                {sig::site_published}),
    });
    score_contacts(cs, m);
    REQUIRE(cs.size() == 3);
    for (const auto& c : cs) {
        INFO(c.contact.email << c.contact.phone << c.contact.url);
        CHECK(c.recommend ==
              (c.contact.email.empty() ? core::Recommend::alt : core::Recommend::to));
    }
}

TEST_CASE("one source, one voice: its roles of one address do not add up", "[scoring]") {
    // The same address as tech, admin and notify of one record, beside the record's abuse
    // mailbox: the abuse mailbox must lead.
    auto merged = merge_findings({
        finding("apnic", "abuse@isp.test", sdk::Role::abuse, {sig::registry_abuse_contact}),
        finding("apnic", "ops@isp.test", sdk::Role::tech, {sig::registry_contact}),
        finding("apnic", "ops@isp.test", sdk::Role::admin,
                {sig::registry_contact, sig::recently_updated, sig::most_specific_object}),
        finding("apnic", "ops@isp.test", sdk::Role::notify, {sig::notify_address}),
    });
    score_contacts(merged, ScoringModel::from_config({}));
    CHECK(merged.at(0).contact.email == "abuse@isp.test");
    CHECK(merged.at(0).recommend == core::Recommend::to);
    const auto& ops = by_email(merged, "ops@isp.test");
    CHECK(ops.role == sdk::Role::tech);
    CHECK(ops.score == Approx(0.30)); // tech's own voice: registry_contact + role
    // Two independent sources still corroborate.
    auto two = merge_findings({
        finding("apnic", "x@isp.test", sdk::Role::tech, {sig::registry_contact}),
        finding("dns_soa", "x@isp.test", sdk::Role::soa, {sig::soa_rname}),
    });
    score_contacts(two, ScoringModel::from_config({}));
    bool corroborated = false;
    for (const auto& e : two.at(0).explanation)
        corroborated |= e.signal == "corroboration";
    CHECK(corroborated);
}

TEST_CASE("ties: abuse header, then the more specific object, then source order", "[scoring]") {
    auto with_scope = [](SourcedFinding f, const std::string& scope) {
        f.finding.scope = {"network", scope};
        return f;
    };
    auto model = ScoringModel::from_config({});
    model.source_order = {"ripe", "apnic"};
    auto header = merge_findings({
        finding("ripe", "b@x.test", sdk::Role::abuse, {sig::registry_abuse_contact}),
        finding("ripe", "a@x.test", sdk::Role::abuse,
                {sig::registry_abuse_contact}), // alphabetically first, no header
        finding("ripe", "c@x.test", sdk::Role::abuse,
                {sig::registry_abuse_contact, sig::abuse_header}),
    });
    score_contacts(header, model);
    CHECK(header.at(0).contact.email == "c@x.test");
    auto specific = merge_findings({
        with_scope(finding("ripe", "a@x.test", sdk::Role::abuse, {sig::registry_abuse_contact}),
                   "192.0.2.0/24"),
        with_scope(finding("ripe", "z@x.test", sdk::Role::abuse, {sig::registry_abuse_contact}),
                   "192.0.2.0 - 192.0.2.127"),
    });
    score_contacts(specific, model);
    CHECK(specific.at(0).contact.email == "z@x.test");
    bool explained = false;
    for (const auto& e : specific.at(0).explanation)
        explained |= e.signal.find("the more specific object") != std::string::npos;
    CHECK(explained);
    auto order = merge_findings({
        finding("apnic", "a@x.test", sdk::Role::abuse, {sig::registry_abuse_contact}),
        finding("ripe", "z@x.test", sdk::Role::abuse, {sig::registry_abuse_contact}),
    });
    score_contacts(order, model);
    CHECK(order.at(0).contact.email == "z@x.test");
}

TEST_CASE("a mailbox that cannot receive mail, or a dead-end record, is never to", "[scoring]") {
    auto merged = merge_findings({
        finding("dns_soa", "hostmaster@nullmx.test", sdk::Role::soa,
                {sig::soa_rname, sig::mailbox_unreachable}),
        finding("arin", "abuse@ripe.test", sdk::Role::abuse,
                {sig::registry_abuse_contact, sig::referral_dead_end}),
    });
    score_contacts(merged, ScoringModel::from_config({}));
    for (const auto& c : merged)
        CHECK(c.recommend == core::Recommend::alt);
}
