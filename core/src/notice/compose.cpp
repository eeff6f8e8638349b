#include "compose.hpp"

#include "../indicator/parse.hpp"
#include "../output/output.hpp"
#include "event_facts.hpp"
#include "redact.hpp"
#include "renraku/sdk/channel.hpp"
#include "renraku/sdk/signals.hpp"
#include "renraku/sdk/text.hpp"

#include <algorithm>

namespace renraku::core::notice {

namespace {

std::string normalized(const std::string& text) {
    auto parsed = parse_indicator(text);
    if (auto* ind = std::get_if<sdk::Indicator>(&parsed)) {
        // A URL's or mailbox's owner is its host's: the host is what a registry knows.
        if (ind->type == sdk::IndicatorType::url)
            return !ind->host.empty() ? ind->host : ind->address;
        if (ind->type == sdk::IndicatorType::email) return ind->host;
        return ind->value;
    }
    return {};
}

std::string csv(const std::string& raw) {
    return csv_quote(raw);
}

} // namespace

Party party_of(const ScoredContact& c) {
    Party p;
    p.email = c.contact.email;
    p.role = std::string(sdk::role_name(c.role));
    p.organization = c.contact.organization;
    p.country = c.contact.country;
    p.pgp_fingerprint = c.contact.pgp_fingerprint;
    if (p.email.empty()) p.form = c.contact.url;
    for (const auto& caveat : c.caveats)
        if (p.caveats.size() < 8) p.caveats.push_back(caveat);
    for (const auto& s : c.signals)
        if (s == sdk::signals::registrar_abuse_contact || s == sdk::signals::registry_operator_desk)
            p.sponsor = true;
    for (const auto& e : c.evidence) {
        const auto& ev = e.finding.evidence;
        p.evidence.push_back({e.source, ev.server, ev.object, ev.transport, ev.dnssec,
                              ev.tls_verified, ev.data_file, ev.data_date, sdk::authenticated(ev)});
    }
    return p;
}

std::map<std::size_t, std::vector<std::string>> notified_indicators(const Incident& inc,
                                                                    const Ours& ours) {
    std::map<std::size_t, std::vector<std::string>> out;
    for (const auto& ev : inc.events) {
        std::vector<std::string> sides;
        if (inc.policy.notify != "destination") sides.push_back(ev.source);
        if (inc.policy.notify != "source") sides.push_back(ev.destination);
        for (const auto& side : sides) {
            if (side.empty() || ours.contains(side)) continue;
            std::string n = normalized(side);
            if (!n.empty() && !ours.contains(n)) out[ev.index].push_back(n);
        }
    }
    return out;
}

std::vector<Draft> plan(const Incident& inc,
                        const std::map<std::size_t, std::vector<std::string>>& by_event,
                        const std::map<std::string, Result>& results,
                        std::vector<Unaddressed>& unaddressed) {
    std::vector<Draft> drafts;
    std::map<std::string, std::size_t> index;
    std::set<std::string> reported;
    for (const auto& [event, indicators] : by_event) {
        for (const auto& ind : indicators) {
            auto r = results.find(ind);
            const ScoredContact* to = nullptr;
            std::vector<const ScoredContact*> ccs;
            std::vector<std::string> alternatives;
            if (r != results.end()) {
                for (const auto& c : r->second.contacts) {
                    // A `to` with no address is a form-only desk (scoring allows no other).
                    if (c.recommend == Recommend::to && to == nullptr &&
                        (!c.contact.email.empty() || !c.contact.url.empty()))
                        to = &c;
                    if (c.recommend == Recommend::cc && !c.contact.email.empty() &&
                        (c.role == sdk::Role::csirt || c.role == sdk::Role::security))
                        ccs.push_back(&c);
                    // The registry operator's desk is another party (the escalation above the
                    // registrar): never one of the recipient's own ways in.
                    bool other_party =
                        &c != to &&
                        std::find(c.signals.begin(), c.signals.end(),
                                  sdk::signals::registry_operator_desk) != c.signals.end();
                    if (!other_party &&
                        (c.recommend != Recommend::alt || c.contact.email.empty())) {
                        if (!c.contact.phone.empty())
                            alternatives.push_back("tel:" + c.contact.phone);
                        // A form-only `to` is the recipient itself, not an alternative.
                        if (!c.contact.url.empty() && c.role != sdk::Role::csirt &&
                            !(&c == to && c.contact.email.empty()))
                            alternatives.push_back(c.contact.url);
                    }
                }
            }
            if (to == nullptr) {
                if (reported.insert(ind).second) {
                    std::string why = "no contact to recommend as `to`";
                    if (r == results.end())
                        why = "not looked up";
                    else if (!r->second.errors.empty())
                        why += "; " + r->second.errors.front().source +
                               " failed: " + r->second.errors.front().message;
                    unaddressed.push_back({ind, why});
                }
                continue;
            }
            Party recipient = party_of(*to);
            for (const auto& n : r->second.notes)
                if (n.message.rfind("preferred languages: ", 0) == 0)
                    recipient.preferred_languages = n.message.substr(21);
            bool relay = inc.policy.relay && !ccs.empty();
            if (relay) recipient = party_of(*ccs.front());
            std::string key = recipient.email.empty() ? "form:" + recipient.form
                                                      : sdk::ascii_lower(recipient.email);
            auto [it, fresh] = index.emplace(key, drafts.size());
            if (fresh) {
                Draft d;
                d.to = recipient;
                d.relay = relay;
                // A web form carries no copy: a CSIRT would be told it is copied and never
                // be (the packet is submitted by hand).
                if (!relay && inc.policy.cc_csirt && !recipient.email.empty())
                    for (const auto* c : ccs)
                        d.cc.push_back(party_of(*c));
                drafts.push_back(std::move(d));
            }
            Draft& d = drafts[it->second];
            for (const auto& a : alternatives)
                if (!relay && std::find(d.to.alternatives.begin(), d.to.alternatives.end(), a) ==
                                  d.to.alternatives.end())
                    d.to.alternatives.push_back(a);
            if (std::find(d.events.begin(), d.events.end(), event - 1) == d.events.end())
                d.events.push_back(event - 1);
            if (std::find(d.indicators.begin(), d.indicators.end(), ind) == d.indicators.end()) {
                d.indicators.push_back(ind);
                if (relay) d.relay_for += (d.relay_for.empty() ? "" : ", ") + ind;
            }
        }
    }
    for (auto& d : drafts)
        std::sort(d.events.begin(), d.events.end());
    return drafts;
}

std::string language_for(const Incident& inc, const Draft& d, const std::string& forced) {
    if (!forced.empty()) return forced;
    const auto& langs = inc.policy.languages;
    // The site's own word first (security.txt Preferred-Languages, RFC 9116 §2.5.8), in its
    // order, where the policy allows the language.
    std::string pref = sdk::ascii_lower(d.to.preferred_languages);
    std::size_t start = 0;
    while (start < pref.size()) {
        auto comma = pref.find(',', start);
        std::string tag =
            pref.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        start = comma == std::string::npos ? pref.size() : comma + 1;
        tag.erase(0, tag.find_first_not_of(' '));
        tag = tag.substr(0, tag.find_first_of(" -_"));
        if (std::find(langs.begin(), langs.end(), tag) != langs.end()) return tag;
    }
    bool ja_allowed = std::find(langs.begin(), langs.end(), "ja") != langs.end();
    if (ja_allowed && sdk::ascii_lower(d.to.country) == "jp") return "ja";
    return langs.empty() ? "en" : langs.front();
}

std::vector<std::string> checklist(const Incident& inc, const Draft& d, bool tracking_issued) {
    std::vector<std::string> w;
    const auto& r = inc.reporter;
    if (r.name.empty()) w.push_back("no person in charge (reporter.name)");
    if (r.phone.empty()) w.push_back("no telephone number of ours (reporter.phone)");
    if (r.pgp_fingerprint.empty())
        w.push_back("no OpenPGP key fingerprint of ours (reporter.pgp_fingerprint)");
    if (!tracking_issued) w.push_back("no tracking number (reporter.tracking_prefix)");
    if (inc.clock.error.empty()) w.push_back("our clock's error is not stated (clock.error)");
    for (auto i : d.events) {
        const Event& ev = inc.events[i];
        std::string e = "event " + std::to_string(ev.index) + ": ";
        if (!ev.time.zone_known)
            w.push_back(e + "time \"" + ev.time.original +
                        "\" has no time zone and clock.zone is not set (read as UTC)");
        // A URL states its protocol and port.
        EventFacts facts = event_facts(inc, ev);
        if (facts.protocol.empty()) w.push_back(e + "no protocol");
        if (facts.port < 0 && facts.protocol != "icmp") w.push_back(e + "no port");
        if (ev.lines.empty() && ev.excerpt.empty()) w.push_back(e + "no log excerpt");
        if (ev.description.empty()) w.push_back(e + "no description of what was seen");
    }
    int recipients = 1 + static_cast<int>(d.cc.size());
    if (inc.policy.require_authenticated && !d.to.authenticated())
        w.push_back(d.to.recipient() +
                    " rests on no authenticated channel (HTTPS with a verified certificate, "
                    "DNSSEC-secure DNS, shipped data): confirm it another way "
                    "(policy.require_authenticated)");
    if (recipients > inc.policy.max_recipients)
        w.push_back(std::to_string(recipients) + " recipients, more than the policy allows (" +
                    std::to_string(inc.policy.max_recipients) + ")");
    return w;
}

Composed compose(const Incident& inc, const Draft& d, const std::string& tracking,
                 const Disclosure& disclosure, const std::string& language, const Template& tmpl,
                 std::int64_t now) {
    Composed out;
    out.language = language;
    Redactor redact(disclosure.ours, disclosure.others, disclosure.user_names);

    TemplateContext ctx;
    auto& v = ctx.values;
    v["tracking"] = tracking;
    v["first_indicator"] = d.indicators.empty() ? "" : d.indicators.front();
    v["recipient_name"] = !d.to.organization.empty() ? d.to.organization : d.to.recipient();
    v["reporter_organization"] = inc.reporter.organization;
    v["reporter_name"] = inc.reporter.name;
    v["reporter_email"] = inc.reporter.email;
    v["reporter_phone"] = inc.reporter.phone;
    v["reporter_fingerprint"] = inc.reporter.pgp_fingerprint;
    v["relay_for"] = d.relay_for;
    v["event_count"] = std::to_string(d.events.size());
    v["previous_recipient"] = d.previous_recipient;
    v["previous_date"] = d.previous_date;
    v["previous_reason"] = d.previous_reason;
    v["upstream"] = d.upstream ? "yes" : "";
    v["same_network"] = d.upstream ? "" : "yes";
    if (language == "ja")
        v["clock_statement"] =
            inc.clock.error.empty() ? "" : "当方の時計の誤差: " + inc.clock.error + "。";
    else
        v["clock_statement"] =
            inc.clock.error.empty() ? "" : "Our clock was " + inc.clock.error + ".";
    if (inc.policy.tell_others) {
        std::string joined;
        for (const auto& c : d.cc)
            joined += (joined.empty() ? "" : ", ") +
                      (c.organization.empty() ? c.email : c.organization + " <" + c.email + ">");
        v["cc_note"] = joined;
        if (!inc.told.empty()) {
            v["told"] = "yes";
            for (const auto& t : inc.told)
                ctx.lists["told_items"].push_back(
                    {{{"party", t.party}, {"tracking", t.tracking}}, {}});
        }
    }
    std::string alternatives;
    for (const auto& a : d.to.alternatives)
        alternatives += (alternatives.empty() ? "" : ", ") + a;
    v["alternatives"] = alternatives;

    std::size_t logs_left_out = 0; // lines past the notice's bound or the event's
    out.events_csv = "event,time,time_utc,original_time,zone,first_seen,last_seen,count,source,"
                     "source_port,destination,protocol,port,direction,description\n";
    nlohmann::ordered_json events = nlohmann::ordered_json::array();
    std::size_t number = 0;
    bool all_content = !d.events.empty();
    for (auto i : d.events) {
        const Event& ev = inc.events[i];
        // Numbered for this recipient alone: the numbers say nothing of what else we hold.
        ++number;
        EventFacts facts = event_facts(inc, ev);
        all_content = all_content && facts.hosted_content;
        std::string src = redact.apply(ev.source);
        std::string dst = redact.apply(ev.destination);
        std::string desc = redact.apply(ev.description);
        std::string excerpt = redact.apply(ev.excerpt);
        std::string where = redact.apply(facts.where);
        std::string port = facts.port >= 0 ? std::to_string(facts.port) : "";
        std::string src_port = facts.source_port >= 0 ? std::to_string(facts.source_port) : "";
        bool period = facts.last.unix > facts.first.unix;
        TemplateContext item;
        item.values = {{"number", std::to_string(number)},
                       {"time_local", ev.time.iso_local()},
                       {"time_utc", ev.time.iso_utc()},
                       {"time_original", ev.time.original},
                       {"source", src.empty() ? "-" : src},
                       {"where", where.empty() ? "-" : where},
                       {"source_port", src_port},
                       {"destination", dst.empty() ? "-" : dst},
                       {"protocol", facts.protocol.empty() ? "-" : facts.protocol},
                       {"port", port.empty() ? "-" : port},
                       {"description", desc.empty() ? "-" : desc},
                       {"count", facts.count > 1 ? std::to_string(facts.count) : ""},
                       {"first_seen", facts.first.iso_local()},
                       {"last_seen", period ? facts.last.iso_local() : ""},
                       {"excerpt", excerpt}};
        ctx.lists["events"].push_back(item);
        out.events_csv += std::to_string(number) + "," + ev.time.iso_local() + "," +
                          ev.time.iso_utc() + "," + csv(ev.time.original) + "," +
                          csv(ev.time.zone) + "," + facts.first.iso_local() + "," +
                          facts.last.iso_local() + "," + std::to_string(facts.count) + "," +
                          csv(src) + "," + src_port + "," + csv(dst) + "," + csv(facts.protocol) +
                          "," + port + "," + csv(ev.direction) + "," + csv(desc) + "\n";
        nlohmann::ordered_json ej{{"event", number},
                                  {"incident_event", ev.index},
                                  {"time", ev.time.iso_local()},
                                  {"time_utc", ev.time.iso_utc()},
                                  {"time_original", ev.time.original},
                                  {"zone", ev.time.zone},
                                  {"first_seen", facts.first.iso_utc()},
                                  {"last_seen", facts.last.iso_utc()},
                                  {"count", facts.count},
                                  {"source", src},
                                  {"destination", dst},
                                  {"protocol", facts.protocol},
                                  {"description", desc}};
        if (facts.port >= 0) ej["port"] = facts.port;
        if (facts.source_port >= 0) ej["source_port"] = facts.source_port;
        if (!facts.report_type.empty()) ej["report_type"] = facts.report_type;
        events.push_back(std::move(ej));

        std::string file = std::filesystem::path(ev.log).filename().string();
        std::size_t from_file = 0;
        std::string samples;
        for (const auto& l : ev.lines) {
            std::string text = redact.apply_log_line(l.text);
            std::string line = file + ":" + std::to_string(l.number) + ": " + text + "\n";
            if (out.logs.size() + line.size() > kMaxNoticeLogBytes) {
                ++logs_left_out;
                continue;
            }
            out.logs += line;
            if (samples.size() < kMaxXarfSample) samples += text + "\n";
            ++out.log_lines;
            ++from_file;
        }
        logs_left_out += ev.lines_more;
        if (from_file > 0) out.log_files[ev.log_path.string()] += from_file;

        if (inc.policy.xarf) {
            std::string why_not;
            if (facts.report_type.empty())
                why_not = "its kind is not one X-ARF reports (set `type`)";
            else if (ev.source.empty() || src != ev.source ||
                     ev.source.find_first_not_of("0123456789abcdefABCDEF.:") != std::string::npos)
                why_not = "its source is not an address X-ARF can name";
            if (!why_not.empty()) {
                out.warnings.push_back("event " + std::to_string(number) +
                                       ": no X-ARF report: " + why_not);
            } else {
                nlohmann::ordered_json reporter{
                    {"ReporterOrg", inc.reporter.organization},
                    {"ReporterOrgDomain",
                     inc.reporter.email.substr(inc.reporter.email.find('@') + 1)},
                    {"ReporterOrgEmail", inc.reporter.email}};
                if (inc.reporter.name.size() >= 3)
                    reporter["ReporterContactName"] = inc.reporter.name;
                reporter["ReporterContactEmail"] = inc.reporter.email;
                if (inc.reporter.phone.size() >= 3)
                    reporter["ReporterContactPhone"] = inc.reporter.phone;
                nlohmann::ordered_json report{{"ReportClass", facts.report_class},
                                              {"ReportType", facts.report_type},
                                              {"ReporterCaseID", tracking},
                                              {"Date", facts.last.iso_utc()}};
                if (period) report["FirstSeen"] = facts.first.iso_utc();
                report["SourceIp"] = ev.source;
                if (facts.source_port >= 0) report["SourcePort"] = facts.source_port;
                if (ev.port >= 0) report["DestinationPort"] = ev.port;
                report["Ongoing"] = ongoing(facts, now);
                report["Custom"] = {{"Count", static_cast<long long>(facts.count)}};
                if (!ev.protocol.empty()) report["Custom"]["Protocol"] = ev.protocol;
                if (!samples.empty())
                    report["Samples"] = nlohmann::ordered_json::array(
                        {{{"ContentType", "text/plain"},
                          {"Base64Encoded", false},
                          {"Description", "log lines showing event " + std::to_string(number)},
                          {"Payload", samples}}});
                // X-ARF (schema version 3); not disclosed further by the recipient.
                nlohmann::ordered_json x{{"Version", "3"},
                                         {"ReporterInfo", reporter},
                                         {"Disclosure", false},
                                         {"Report", report}};
                std::string name =
                    out.xarf.empty() ? "xarf.json" : "xarf-" + std::to_string(number) + ".json";
                out.xarf.emplace_back(
                    name,
                    x.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n");
            }
        }
    }
    if (logs_left_out > 0)
        out.logs += "[... " + std::to_string(logs_left_out) +
                    " more line(s) showing these events not included]\n";
    v["has_logs"] = out.logs.empty() ? "" : "yes";
    // Content the recipient hosts is asked about as such, not as traffic from its network.
    v["content"] = all_content ? "yes" : "";
    v["traffic"] = all_content ? "" : "yes";
    // A registrar is asked about the domain it sponsors, a host about what it serves.
    v["hosted"] = all_content && !d.to.sponsor ? "yes" : "";
    v["sponsored"] = all_content && d.to.sponsor ? "yes" : "";
    out.subject = render(tmpl.subject, ctx);
    out.body = render(tmpl.body, ctx);
    out.redacted = redact.replaced();
    auto checks = checklist(inc, d, !inc.reporter.tracking_prefix.empty());
    out.warnings.insert(out.warnings.begin(), checks.begin(), checks.end());

    nlohmann::ordered_json cc = nlohmann::ordered_json::array();
    for (const auto& c : d.cc)
        cc.push_back(c.email);
    nlohmann::ordered_json told = nlohmann::ordered_json::array();
    for (const auto& t : inc.told)
        told.push_back({{"party", t.party}, {"tracking", t.tracking}});
    out.json = {{"tracking", tracking},
                {"recipient", d.to.recipient()},
                {"channel", d.to.email.empty() ? "form" : "email"},
                {"role", d.to.role},
                {"relay", d.relay},
                {"cc", cc},
                {"language", language},
                {"indicators", d.indicators},
                {"events", events},
                {"told", told},
                {"alternatives", d.to.alternatives},
                {"recipient_caveats", d.to.caveats},
                {"warnings", out.warnings}};
    if (d.relay) out.json["relay_for"] = d.relay_for;
    if (!d.to.organization.empty()) out.json["organization"] = d.to.organization;
    // What the recipient rests on, and how each piece travelled (the memo's tampering risk).
    nlohmann::ordered_json evidence = nlohmann::ordered_json::array();
    for (const auto& e : d.to.evidence) {
        nlohmann::ordered_json j{{"source", e.source}, {"server", e.server}, {"object", e.object}};
        if (!e.transport.empty()) j["transport"] = e.transport;
        if (!e.dnssec.empty()) j["dnssec"] = e.dnssec;
        if (e.transport == "https" || e.transport == "http") j["tls_verified"] = e.tls_verified;
        if (!e.data_file.empty()) j["data_file"] = e.data_file;
        if (!e.data_date.empty()) j["data_date"] = e.data_date;
        j["authenticated"] = e.authenticated;
        evidence.push_back(std::move(j));
    }
    out.json["evidence"] = std::move(evidence);
    out.json["authenticated"] = d.to.authenticated();
    return out;
}

} // namespace renraku::core::notice
