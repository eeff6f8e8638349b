#include "followup.hpp"
#include "../config/data_layers.hpp"
#include "../notice/delivery_status.hpp"
#include "../util/clock_text.hpp"

#include "../engine/engine.hpp"
#include "../indicator/parse.hpp"
#include "../ledger/ledger.hpp"
#include "../notice/incident.hpp"
#include "../notice/template.hpp"
#include "../services/service_hub.hpp"
#include "ledger_view.hpp"
#include "notice_parts.hpp"
#include "renraku/sdk/signals.hpp"
#include "renraku/sdk/text.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace renraku::core::workflow {

using namespace notice;
using json = nlohmann::ordered_json;

namespace {

bool has(const std::vector<std::string>& v, const char* s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

bool is_csirt(const ScoredContact& c) {
    return c.role == sdk::Role::csirt || has(c.signals, sdk::signals::csirt_team);
}

// Where the registry that published `c` takes reports of wrong contact data: the RDAP answer's
// own link (a note of the source), else the shipped list.
struct RegistryDesk {
    std::string source;
    std::string registry;
    std::string url;
    const SourcedFinding* evidence = nullptr;
};

std::optional<RegistryDesk> registry_of(const ScoredContact& c,
                                        const std::map<std::string, Result>& results,
                                        const fs::path& inaccuracy_file) {
    for (const auto& e : c.evidence) {
        const auto& sigs = e.finding.signals;
        if (!has(sigs, sdk::signals::registry_abuse_contact) &&
            !has(sigs, sdk::signals::registry_contact) &&
            !has(sigs, sdk::signals::registrar_abuse_contact))
            continue;
        RegistryDesk d;
        d.source = e.source;
        d.evidence = &e;
        for (const auto& [ind, r] : results)
            for (const auto& n : r.notes)
                if (n.source == e.source && n.message.rfind(sdk::kInaccuracyNote, 0) == 0)
                    d.url = n.message.substr(std::string(sdk::kInaccuracyNote).size());
        std::ifstream in(inaccuracy_file);
        auto data = json::parse(in, nullptr, false);
        if (data.is_object() && data.contains("registries") &&
            data["registries"].contains(e.source)) {
            const auto& entry = data["registries"][e.source];
            if (entry.contains("registry")) d.registry = entry["registry"].get<std::string>();
            if (d.url.empty() && entry.contains("url")) d.url = entry["url"].get<std::string>();
        }
        if (d.registry.empty()) d.registry = e.source;
        return d;
    }
    return std::nullopt;
}

} // namespace

FollowupReport follow_up(Runtime& rt, const FollowupOptions& o, std::int64_t now) {
    if (o.tracking.empty() == o.incident.empty())
        throw DraftError("followup: give --tracking NUMBER or --incident FILE, one of them");
    if (!o.lang.empty() && o.lang != "en" && o.lang != "ja")
        throw DraftError("--lang: \"" + o.lang + "\" is not en or ja");
    std::unique_ptr<Ledger> ledger;
    try {
        ledger = std::make_unique<Ledger>(ledger_file(rt.config));
    } catch (const LedgerError& e) {
        throw DraftError(e.what());
    }
    FollowupReport report;
    // The cases to look at, each by its latest message.
    std::vector<std::string> cases;
    if (!o.tracking.empty()) {
        cases.push_back(o.tracking);
    } else {
        std::error_code ec;
        std::string key = fs::weakly_canonical(o.incident, ec).string();
        for (const auto& m : ledger->all_messages())
            if (m.incident == key && m.hop == 0) cases.push_back(m.tracking);
        if (cases.empty()) throw DraftError("followup: no notice of " + key + " in the ledger");
    }
    report.out = o.out.empty() ? fs::path(local_now_text("followups-%Y%m%d-%H%M%S")) : o.out;
    const NoticeConfig& nc = rt.config.notice;
    fs::path shipped = DataLayers(rt.config).shipped(); // the bottom layer: shipped or [data] dir

    for (const auto& tracking : cases) {
        auto messages = ledger->messages_of(tracking);
        // The last message sent to a party (not an inaccuracy report).
        const MessageRecord* last = nullptr;
        for (const auto& m : messages)
            if (m.kind != MessageKind::inaccuracy) last = &m;
        if (last == nullptr) {
            report.nothing.push_back({tracking, "not in the ledger"});
            continue;
        }
        auto state = ledger->state_of(*last, now, kSilentAfterDays);
        if (state.state != CaseState::bounced && state.state != CaseState::silent) {
            report.nothing.push_back(
                {tracking, "its last message (hop " + std::to_string(last->hop) + ") is " +
                               case_state_name(state.state) + ": nothing to follow up"});
            continue;
        }
        Incident inc;
        try {
            inc = read_incident(last->incident);
        } catch (const IncidentError& e) {
            report.nothing.push_back({tracking, std::string("its incident file: ") + e.what()});
            continue;
        }
        const Ours ours = ours_of(rt.config, inc.policy.redact);
        // The case's own events and indicators, looked up again: what came back since moves
        // the bounced mailbox below every alternative.
        auto by_event = notified_indicators(inc, ours);
        std::vector<sdk::Indicator> indicators;
        for (const auto& value : last->indicators) {
            auto parsed = parse_indicator(value);
            if (auto* ind = std::get_if<sdk::Indicator>(&parsed)) indicators.push_back(*ind);
        }
        std::map<std::string, Result> results;
        {
            LookupStack stack(rt);
            stack.engine().run(indicators,
                               [&](const Result& r) { results[r.indicator.value] = r; });
        }
        std::set<std::string> tried;
        for (const auto& m : messages)
            tried.insert(sdk::ascii_lower(m.recipient));
        const std::string bounced = sdk::ascii_lower(last->recipient);

        // The bounced contact's scopes, to tell the next contact of the same scope from the
        // upstream network's.
        std::set<std::string> scopes;
        const ScoredContact* bounced_contact = nullptr;
        std::vector<const ScoredContact*> all;
        for (const auto& [ind, r] : results)
            for (const auto& c : r.contacts) {
                if (sdk::ascii_lower(c.contact.email) == bounced) {
                    bounced_contact = &c;
                    for (const auto& e : c.evidence)
                        scopes.insert(e.finding.scope.value);
                }
                all.push_back(&c);
            }
        auto usable = [&](const ScoredContact& c) {
            return !c.contact.email.empty() &&
                   tried.count(sdk::ascii_lower(c.contact.email)) == 0 && c.score > 0 &&
                   !has(c.signals, "mailbox_bounced") &&
                   !has(c.signals, sdk::signals::mailbox_confusable) && c.role != sdk::Role::root;
        };
        auto same_scope = [&](const ScoredContact& c) {
            for (const auto& e : c.evidence)
                if (scopes.count(e.finding.scope.value) != 0) return true;
            return false;
        };
        std::stable_sort(all.begin(), all.end(),
                         [](const ScoredContact* a, const ScoredContact* b) {
                             bool ta = a->recommend == Recommend::to;
                             bool tb = b->recommend == Recommend::to;
                             if (ta != tb) return ta;
                             return a->score > b->score;
                         });
        const ScoredContact* next = nullptr;
        std::string step;
        for (const auto* c : all)
            if (!next && usable(*c) && !is_csirt(*c) && (scopes.empty() || same_scope(*c))) {
                next = c;
                step = "the next contact of " +
                       (scopes.empty() ? std::string("the network") : *scopes.begin());
            }
        for (const auto* c : all)
            if (!next && usable(*c) && !is_csirt(*c) &&
                (c->role == sdk::Role::abuse || c->role == sdk::Role::noc ||
                 c->role == sdk::Role::soa)) {
                next = c;
                step = "the covering (upstream) network's contact";
            }
        bool upstream = next != nullptr && step.find("upstream") != std::string::npos;
        bool relay = false;
        for (const auto* c : all)
            if (!next && usable(*c) && is_csirt(*c)) {
                next = c;
                relay = true;
                step = "a relay request to the national CSIRT";
            }

        if (next != nullptr) {
            Draft d;
            d.to = party_of(*next);
            d.relay = relay;
            d.upstream = upstream;
            d.indicators = last->indicators;
            for (const auto& [event, list] : by_event)
                for (const auto& ind : list)
                    if (std::find(d.indicators.begin(), d.indicators.end(), ind) !=
                            d.indicators.end() &&
                        std::find(d.events.begin(), d.events.end(), event - 1) == d.events.end())
                        d.events.push_back(event - 1);
            std::sort(d.events.begin(), d.events.end());
            if (relay) {
                for (const auto& ind : d.indicators)
                    d.relay_for += (d.relay_for.empty() ? "" : ", ") + ind;
            } else if (inc.policy.cc_csirt) {
                for (const auto* c : all)
                    if (is_csirt(*c) && c->recommend == Recommend::cc && d.cc.empty())
                        d.cc.push_back(party_of(*c));
            }
            d.previous_recipient = last->recipient;
            d.previous_date = utc_day(last->sent.value_or(last->written));
            std::string lang = language_for(inc, d, o.lang);
            // In our own words: the remote server's diagnostic is another party's text.
            d.previous_reason =
                state.last_feedback
                    ? notice::delivery_failure_text(state.last_feedback->detail, lang)
                    : notice::silence_text(kSilentAfterDays, lang);
            Template tmpl;
            try {
                tmpl = load_template(relay ? "relay" : "followup", lang, nc.templates_dir,
                                     shipped / "templates");
            } catch (const std::exception& e) {
                throw DraftError(e.what());
            }
            std::set<std::string> others; // a follow-up shows only its own case
            Disclosure disclosure{
                ours, others, inc.policy.redact_user_names && rt.config.site.user_names != "keep"};
            int hop = last->hop + 1;
            DraftedNotice n;
            n.draft = d;
            n.composed = compose(inc, d, tracking, disclosure, lang, tmpl, now);
            n.signing = nc.signing_key.empty() ? "not signed ([notice] signing_key not set)"
                                               : "signed at send time";
            n.encryption = "not encrypted: no key from a trusted source";
            MailHeaders h =
                headers_for(rt.config, inc.reporter, d.to.organization, d.to.email, d.cc);
            n.folder =
                folder_for(report.out / (tracking + "." + std::to_string(hop)), inc, d, tracking,
                           hop, "followup", last->incident, n.composed, disclosure, h);
            n.leaks = scan_for_leaks(parts_of(n.folder), rules_of(n.folder.meta, {}, &rt.config));
            note_scan(n.folder.meta, n.leaks);
            try {
                write_draft(n.folder, preview(n.folder, h));
                MessageRecord m;
                m.tracking = tracking;
                m.hop = hop;
                m.kind = MessageKind::followup;
                m.recipient = d.to.email;
                for (const auto& c : d.cc)
                    m.cc.push_back(c.email);
                m.indicators = d.indicators;
                m.incident = last->incident;
                m.folder = fs::absolute(n.folder.dir).string();
                m.written = now;
                ledger->record_draft(m);
                report.drafted.push_back({std::move(n), step});
            } catch (const AddressRefused& e) {
                report.nothing.push_back({tracking, std::string("refused: ") + e.what()});
            }
        } else {
            report.nothing.push_back({tracking,
                                      "no further party: every contact of the network and "
                                      "the national CSIRT were tried"});
        }

        // A registry's mailbox that bounced for good (5.x.x, not repeated temporary failures):
        // the registry is told, through its own desk.
        bool permanent = state.last_feedback && state.last_feedback->kind == FeedbackKind::bounced;
        if (state.state == CaseState::bounced && permanent && bounced_contact != nullptr) {
            auto desk =
                registry_of(*bounced_contact, results, shipped / "registries" / "inaccuracy.json");
            if (desk) {
                fs::path folder = report.out / (tracking + ".inaccuracy");
                fs::create_directories(folder);
                auto bounce = ledger->bounce_of(tracking, bounced);
                const auto& ev = desk->evidence->finding.evidence;
                std::ostringstream text;
                text << "Inaccuracy report for " << desk->registry << "\n"
                     << "Submit at: "
                     << (desk->url.empty() ? "(no form known: write to the registry)" : desk->url)
                     << "\n\nThe mailbox " << bounced << " that the " << desk->registry
                     << " record " << ev.object << " (" << desk->evidence->finding.scope.value
                     << ") names in " << ev.field << " does not accept mail.\n"
                     << "Our notice " << tracking << " to it was sent on "
                     << utc_day(last->sent.value_or(last->written)) << " and came back"
                     << (bounce ? " on " + utc_day(bounce->at) + ": " + bounce->detail
                                : std::string())
                     << (bounce && !bounce->detail.empty() && bounce->detail.back() == '.' ? "\n"
                                                                                           : ".\n")
                     << (bounce && !bounce->raw.empty()
                             ? "The delivery report is attached (bounce.eml).\n"
                             : "")
                     << "\nReported by:\n  " << inc.reporter.organization << "\n"
                     << (inc.reporter.name.empty() ? "" : "  " + inc.reporter.name + "\n") << "  "
                     << inc.reporter.email << "\n"
                     << (inc.reporter.phone.empty() ? "" : "  " + inc.reporter.phone + "\n");
                json form{{"kind", "inaccuracy"},
                          {"tracking", tracking},
                          {"registry", desk->registry},
                          {"source", desk->source},
                          {"url", desk->url},
                          {"mailbox", bounced},
                          {"object", ev.object},
                          {"server", ev.server},
                          {"field", ev.field},
                          {"scope", desk->evidence->finding.scope.value},
                          {"sent", utc_day(last->sent.value_or(last->written))}};
                if (bounce)
                    form["bounce"] = {{"at", utc_day(bounce->at)}, {"detail", bounce->detail}};
                write_file_atomically(folder / "form.txt", text.str());
                write_file_atomically(folder / "form.json", form.dump(2) + "\n");
                if (bounce && !bounce->raw.empty())
                    write_file_atomically(folder / "bounce.eml", bounce->raw);
                MessageRecord m;
                m.tracking = tracking;
                m.hop = 1000 + last->hop;
                m.kind = MessageKind::inaccuracy;
                m.recipient = desk->url.empty() ? desk->registry : desk->url;
                m.incident = last->incident;
                m.folder = fs::absolute(folder).string();
                m.written = now;
                ledger->record_draft(m);
                report.inaccuracy.push_back({tracking, folder, desk->registry, desk->url, bounced});
            }
        }
    }
    report.exit_code = report.drafted.empty() ? 1 : 0;
    return report;
}

} // namespace renraku::core::workflow
