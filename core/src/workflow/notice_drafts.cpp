#include "notice_drafts.hpp"

#include "form_packet.hpp"

#include "../config/data_layers.hpp"
#include "../util/clock_text.hpp"

#include "../engine/engine.hpp"
#include "../indicator/parse.hpp"
#include "../notice/incident.hpp"
#include "../notice/mime.hpp"
#include "../notice/openpgp.hpp"
#include "../notice/template.hpp"
#include "../util/random.hpp"
#include "notice_parts.hpp"
#include "renraku/sdk/text.hpp"

#include <algorithm>
#include <set>

namespace fs = std::filesystem;

namespace renraku::core::workflow {

using namespace notice;

namespace {

// The indicators of every other recipient, which this one sees only as "[another party]".
std::set<std::string> others_of(const std::vector<Draft>& drafts, const Draft& d) {
    std::set<std::string> others;
    for (const auto& other : drafts)
        if (&other != &d)
            for (const auto& ind : other.indicators)
                if (std::find(d.indicators.begin(), d.indicators.end(), ind) == d.indicators.end())
                    others.insert(sdk::ascii_lower(ind));
    return others;
}

} // namespace

Ours ours_of(const Config& config, const std::vector<std::string>& redact) {
    std::vector<std::string> entries = config.site.ours();
    entries.insert(entries.end(), redact.begin(), redact.end());
    return Ours(entries, config.site.hosts);
}

std::vector<std::string> signing_problems(const Config& config,
                                          const std::string& reporter_fingerprint) {
    std::vector<std::string> out;
    const auto& nc = config.notice;
    if (nc.signing_key.empty()) return out;
    std::string key = normalize_fingerprint(nc.signing_key);
    if (key.empty()) {
        out.push_back("[notice] signing_key \"" + nc.signing_key +
                      "\" is not an OpenPGP fingerprint");
        return out;
    }
    std::string why;
    if (!OpenPgp(nc.gpg_home.string()).has_secret_key(key, why))
        out.push_back("[notice] signing_key: " + why +
                      (nc.gpg_home.empty() ? "" : " (gpg_home " + nc.gpg_home.string() + ")"));
    if (!reporter_fingerprint.empty()) {
        std::string named = normalize_fingerprint(reporter_fingerprint);
        if (named != key)
            out.push_back("reporter.pgp_fingerprint " + reporter_fingerprint +
                          " is not the signing key " + key +
                          ": the notice would name one key and be signed with another");
    }
    return out;
}

DraftReport draft_notices(Runtime& rt, const DraftOptions& o, std::int64_t now) {
    if (!o.lang.empty() && o.lang != "en" && o.lang != "ja")
        throw DraftError("--lang: \"" + o.lang + "\" is not en or ja");
    Incident inc;
    try {
        inc = read_incident(o.incident, IncidentOptions{o.allow_outside});
    } catch (const IncidentError& e) {
        throw DraftError(e.what());
    }
    if (auto problems = signing_problems(rt.config, inc.reporter.pgp_fingerprint);
        !problems.empty())
        throw DraftError(problems.front());
    const NoticeConfig& nc = rt.config.notice;
    std::unique_ptr<Ledger> ledger;
    try {
        ledger = std::make_unique<Ledger>(ledger_file(rt.config));
    } catch (const LedgerError& e) {
        throw DraftError(e.what());
    }
    std::error_code ec;
    const std::string incident_key = fs::weakly_canonical(o.incident, ec).string();
    const Ours ours = ours_of(rt.config, inc.policy.redact);

    DraftReport report;
    // Look up every indicator whose owner is to be told, once.
    auto by_event = notified_indicators(inc, ours);
    std::vector<sdk::Indicator> indicators;
    std::set<std::string> seen;
    for (const auto& [event, list] : by_event)
        for (const auto& text : list)
            if (seen.insert(text).second) {
                auto parsed = parse_indicator(text);
                if (auto* ind = std::get_if<sdk::Indicator>(&parsed))
                    indicators.push_back(std::move(*ind));
            }
    std::map<std::string, Result> results;
    {
        LookupStack stack(rt);
        Engine& engine = stack.engine();
        for (const auto& w : engine.hub().warnings)
            report.warnings.push_back({w, {}});
        engine.run(indicators, [&](const Result& r) {
            for (const auto& e : r.errors)
                report.source_failed |= source_failed(e.kind);
            results[r.indicator.value] = r;
        });
    }
    auto drafts = plan(inc, by_event, results, report.unaddressed);

    fs::path shipped = DataLayers(rt.config).shipped(); // the bottom layer: shipped or [data] dir
    const std::string prefix =
        inc.reporter.tracking_prefix.empty() ? "RENRAKU" : inc.reporter.tracking_prefix;
    const bool user_names = inc.policy.redact_user_names && rt.config.site.user_names != "keep";
    const std::string signing = nc.signing_key.empty() ? "not signed ([notice] signing_key not set)"
                                                       : "signed at send time with " +
                                                             normalize_fingerprint(nc.signing_key);

    // Who is told, and in which words; nothing reserved or written yet.
    struct Planned {
        const Draft* draft;
        std::string lang;
        Template tmpl;
        Disclosure disclosure;
    };
    std::vector<Planned> planned;
    for (const auto& d : drafts) {
        // Not told again about the same thing within the policy's interval.
        if (!o.again && inc.policy.interval_days > 0) {
            bool all_told = !d.indicators.empty();
            std::pair<std::int64_t, std::string> earliest{0, ""};
            for (const auto& ind : d.indicators) {
                auto last = ledger->last_sent_to(d.to.recipient(), ind);
                all_told &= last && now - last->first < inc.policy.interval_days * 86400LL;
                if (last) earliest = *last;
            }
            if (all_told) {
                report.skipped.push_back({d.to.recipient(),
                                          "already told within " +
                                              std::to_string(inc.policy.interval_days) +
                                              " days: " + earliest.second + " on " +
                                              utc_day(earliest.first) + " (--again to tell again)",
                                          earliest.second, earliest.first});
                continue;
            }
        }
        Planned p{&d, language_for(inc, d, o.lang), {}, {}};
        try {
            p.tmpl = load_template(d.relay ? "relay" : "notice", p.lang, nc.templates_dir,
                                   shipped / "templates");
        } catch (const std::exception& e) {
            throw DraftError(e.what());
        }
        p.disclosure = Disclosure{ours, others_of(drafts, d), user_names};
        planned.push_back(std::move(p));
    }

    // --strict: every gap of the memo's checklist refuses the whole campaign, before any
    // tracking number is reserved.
    if (o.strict) {
        for (const auto& p : planned) {
            auto gaps = checklist(inc, *p.draft, !inc.reporter.tracking_prefix.empty());
            auto trial =
                compose(inc, *p.draft, prefix + "#00000000", p.disclosure, p.lang, p.tmpl, now);
            for (const auto& w : trial.warnings)
                if (std::find(gaps.begin(), gaps.end(), w) == gaps.end()) gaps.push_back(w);
            for (const auto& g : gaps) {
                auto it = std::find_if(report.warnings.begin(), report.warnings.end(),
                                       [&](const auto& w) { return w.first == g; });
                if (it == report.warnings.end())
                    report.warnings.push_back({g, {p.draft->to.recipient()}});
                else
                    it->second.push_back(p.draft->to.recipient());
            }
        }
        if (std::any_of(report.warnings.begin(), report.warnings.end(),
                        [](const auto& w) { return !w.second.empty(); })) {
            report.refused = true;
            report.exit_code = 2;
            return report;
        }
    }

    report.out = o.out.empty() ? fs::path(local_now_text("notices-%Y%m%d-%H%M%S")) : o.out;
    fs::create_directories(report.out, ec);
    if (ec) throw DraftError("--out: cannot make " + report.out.string() + ": " + ec.message());

    for (auto& p : planned) {
        const Draft& d = *p.draft;
        std::string tracking = ledger->reserve(incident_key, d.to.recipient(), prefix);
        DraftedNotice n;
        n.draft = d;
        n.composed = compose(inc, d, tracking, p.disclosure, p.lang, p.tmpl, now);
        if (inc.reporter.tracking_prefix.empty())
            n.composed.warnings.push_back(
                "no tracking prefix of ours (reporter.tracking_prefix): numbered " + prefix +
                "#...");
        n.signing = signing;
        n.encryption =
            nc.encrypt && !d.to.pgp_fingerprint.empty()
                ? "encrypted at send time to " + normalize_fingerprint(d.to.pgp_fingerprint)
            : d.to.pgp_fingerprint.empty() ? "not encrypted: no key from a trusted source"
                                           : "not encrypted ([notice] encrypt = false)";

        MailHeaders h = headers_for(rt.config, inc.reporter, d.to.organization, d.to.email, d.cc);
        n.folder = folder_for(report.out / tracking, inc, d, tracking, 0, "notice", incident_key,
                              n.composed, p.disclosure, h);
        n.leaks = scan_for_leaks(parts_of(n.folder), rules_of(n.folder.meta, {}, &rt.config));
        note_scan(n.folder.meta, n.leaks);
        MessageRecord m;
        if (!d.to.form.empty()) {
            // A desk that takes only its web form: a packet to submit by hand, never mailed.
            if (!is_web_form(d.to.form)) {
                report.skipped.push_back({d.to.form, "refused: not an https:// form", "", 0});
                continue;
            }
            write_form_packet(n.folder, d, inc, h);
            m.kind = MessageKind::form;
        } else {
            std::string eml;
            try {
                eml = preview(n.folder, h);
            } catch (const AddressRefused& e) {
                // Never rewritten into another address: this notice is not written at all.
                report.skipped.push_back({d.to.email, std::string("refused: ") + e.what(), "", 0});
                continue;
            }
            write_draft(n.folder, eml);
        }
        m.tracking = tracking;
        m.recipient = d.to.recipient();
        for (const auto& c : d.cc)
            m.cc.push_back(c.email);
        m.indicators = d.indicators;
        m.incident = incident_key;
        m.folder = fs::absolute(n.folder.dir).string();
        m.written = now;
        ledger->record_draft(m);
        for (const auto& w : n.composed.warnings) {
            auto it = std::find_if(report.warnings.begin(), report.warnings.end(),
                                   [&](const auto& x) { return x.first == w; });
            if (it == report.warnings.end())
                report.warnings.push_back({w, {tracking}});
            else
                it->second.push_back(tracking);
        }
        report.written.push_back(std::move(n));
    }

    bool refused = std::any_of(report.skipped.begin(), report.skipped.end(),
                               [](const auto& s) { return s.reason.rfind("refused: ", 0) == 0; });
    report.exit_code = report.unaddressed.empty() && !refused ? 0 : report.source_failed ? 3 : 1;
    return report;
}

} // namespace renraku::core::workflow
