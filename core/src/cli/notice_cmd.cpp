// renraku notice: from an incident file to one cautious, minimal, signed notice per recipient.

#include "../engine/engine.hpp"
#include "../indicator/parse.hpp"
#include "../ledger/ledger.hpp"
#include "../net/bootstrap_data.hpp"
#include "../notice/compose.hpp"
#include "../notice/feedback.hpp"
#include "../notice/mime.hpp"
#include "../notice/openpgp.hpp"
#include "../notice/smtp.hpp"
#include "../output/output.hpp"
#include "commands.hpp"
#include "renraku/sdk/text.hpp"
#include "runtime.hpp"
#include "../util/random.hpp"

#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace renraku::core {

using namespace notice;

namespace {

std::int64_t now_unix() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Written whole or not at all: a temporary file beside it, then a rename.
void write_file(const fs::path& file, const std::string& data) {
    fs::path tmp = file;
    tmp += ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << data;
        out.flush();
        if (!out) throw std::runtime_error("cannot write " + tmp.string());
    }
    fs::rename(tmp, file);
}

fs::path default_out_dir() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "notices-%Y%m%d-%H%M%S", &tm);
    return buf;
}

struct Prepared {
    Draft draft;
    std::string tracking;
    Composed composed;
    std::string message; // the .eml
    std::string signing;  // "signed with KEY", or why not
    std::string encryption;
    fs::path folder;
    bool skipped = false;
    bool refused = false; // an address failed the last gate: nothing written
    std::string skip_reason;
};

} // namespace

int run_notice(const NoticeArgs& args) {
    if (!args.lang.empty() && args.lang != "en" && args.lang != "ja")
        return usage_error("--lang: \"" + args.lang + "\" is not en or ja");
    if (!args.test_to.empty() && !args.send)
        return usage_error("--test-to needs --send");
    Incident inc;
    try {
        inc = read_incident(args.incident, IncidentOptions{args.allow_outside});
    } catch (const IncidentError& e) {
        return usage_error(e.what());
    }
    Runtime rt;
    try {
        rt = prepare_runtime(args.config, Selection{});
    } catch (const ConfigError& e) {
        return usage_error(e.what());
    }
    const NoticeConfig& nc = rt.config.notice;
    if (args.send && nc.smtp_url.empty())
        return usage_error("--send: no SMTP relay configured ([notice] smtp_url)");

    std::unique_ptr<Ledger> ledger;
    try {
        ledger = std::make_unique<Ledger>(ledger_file(rt.config));
    } catch (const LedgerError& e) {
        return usage_error(e.what());
    }

    // Look up every indicator whose owner is to be told, once.
    auto by_event = notified_indicators(inc);
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
    bool source_failed = false;
    {
        Engine engine(rt.config, rt.sources, ScoringModel::from_config(rt.config.scoring));
        if (!args.quiet)
            for (const auto& w : engine.hub().warnings)
                std::cerr << "renraku: warning: " << sdk::sanitize(w, 400) << "\n";
        engine.run(indicators, [&](const Result& r) {
            for (const auto& e : r.errors)
                source_failed |= e.status == "transient" || e.status == "bad_answer";
            results[r.indicator.value] = r;
        });
    }

    std::vector<Unaddressed> unaddressed;
    auto drafts = plan(inc, by_event, results, unaddressed);

    fs::path out_dir = args.out.empty() ? default_out_dir() : fs::path(args.out);
    std::error_code ec;
    fs::create_directories(out_dir, ec);
    if (ec) return usage_error("--out: cannot make " + out_dir.string() + ": " + ec.message());
    fs::path shipped = rt.config.data_dir.empty() ? net::default_data_dir() : rt.config.data_dir;
    OpenPgp pgp(nc.gpg_home.string());
    auto now = now_unix();

    std::vector<Prepared> prepared;
    bool any_warning = false;
    for (const auto& d : drafts) {
        Prepared p;
        p.draft = d;
        // Not told again about the same thing within the policy's interval.
        if (!args.again && inc.policy.interval_days > 0) {
            bool all_told = true;
            for (const auto& ind : d.indicators) {
                auto last = ledger->last_sent(d.to.email, ind);
                all_told &= last && now - *last < inc.policy.interval_days * 86400LL;
            }
            if (all_told) {
                p.skipped = true;
                p.skip_reason = "already told within " + std::to_string(inc.policy.interval_days) +
                                " days (--again to tell again)";
                prepared.push_back(std::move(p));
                continue;
            }
        }
        std::set<std::string> others;
        for (const auto& other : drafts)
            if (&other != &d)
                for (const auto& ind : other.indicators)
                    if (std::find(d.indicators.begin(), d.indicators.end(), ind) ==
                        d.indicators.end())
                        others.insert(sdk::ascii_lower(ind));
        std::string prefix =
            inc.reporter.tracking_prefix.empty() ? "RENRAKU" : inc.reporter.tracking_prefix;
        p.tracking = ledger->next_tracking(prefix);
        std::string lang = language_for(inc, d, args.lang);
        Template tmpl;
        try {
            tmpl = load_template(d.relay ? "relay" : "notice", lang, nc.templates_dir,
                                 shipped / "templates");
        } catch (const std::exception& e) {
            return usage_error(e.what());
        }
        p.composed = compose(inc, d, p.tracking, others, lang, tmpl, now);
        if (inc.reporter.tracking_prefix.empty())
            p.composed.warnings.push_back("no tracking prefix of ours (reporter.tracking_prefix): "
                                          "numbered " + prefix + "#...");
        any_warning |= !p.composed.warnings.empty();

        std::vector<Attachment> attachments;
        if (!p.composed.logs.empty())
            attachments.push_back({"logs.txt", "text/plain; charset=UTF-8", p.composed.logs});
        attachments.push_back({"events.csv", "text/csv; charset=UTF-8", p.composed.events_csv});
        std::string entity = mime_entity(p.composed.body, attachments, p.tracking);
        if (!nc.signing_key.empty()) {
            std::string why;
            if (auto sig = pgp.sign(entity, nc.signing_key, why)) {
                entity = signed_entity(entity, sig->armored, sig->micalg, p.tracking);
                p.signing = "signed with " + normalize_fingerprint(nc.signing_key);
            } else {
                p.signing = "not signed: " + why;
                p.composed.warnings.push_back("not signed: " + why);
                any_warning = true;
            }
        } else {
            p.signing = "not signed ([notice] signing_key not set)";
        }
        if (nc.encrypt && !d.to.pgp_fingerprint.empty()) {
            std::string why;
            if (auto enc = pgp.encrypt(entity, d.to.pgp_fingerprint, why)) {
                entity = encrypted_entity(*enc, p.tracking);
                p.encryption = "encrypted to " + normalize_fingerprint(d.to.pgp_fingerprint);
            } else {
                p.encryption = "not encrypted: " + why;
            }
        } else {
            p.encryption = d.to.pgp_fingerprint.empty()
                               ? "not encrypted: no key from a trusted source"
                               : "not encrypted ([notice] encrypt = false)";
        }
        MailHeaders h;
        h.from = nc.from.empty() ? Mailbox{inc.reporter.organization, inc.reporter.email}
                                 : parse_mailbox(nc.from);
        h.to.push_back({d.to.organization, d.to.email});
        for (const auto& c : d.cc)
            h.cc.push_back({c.organization, c.email});
        h.subject = p.composed.subject;
        h.date = rfc5322_date(now);
        // Unguessable, so that only a message that really quotes ours refers to it.
        h.message_id = random_base32(20) + "." + p.tracking.substr(0, p.tracking.find('#')) +
                       "@" + inc.reporter.email.substr(inc.reporter.email.find('@') + 1);
        h.extra.push_back({"X-Tracking-Number", p.tracking});
        try {
            p.message = message(h, entity);
        } catch (const AddressRefused& e) {
            // Never rewritten into another address: this notice is not written at all.
            p.skipped = true;
            p.refused = true;
            p.skip_reason = std::string("refused: ") + e.what();
            prepared.push_back(std::move(p));
            continue;
        }
        p.composed.json["signing"] = p.signing;
        p.composed.json["encryption"] = p.encryption;
        p.composed.json["warnings"] = p.composed.warnings;

        p.folder = out_dir / p.tracking;
        fs::create_directories(p.folder, ec);
        write_file(p.folder / "message.eml", p.message);
        write_file(p.folder / "notice.json", dump_json(p.composed.json, 2) + "\n");
        write_file(p.folder / "events.csv", p.composed.events_csv);
        if (!p.composed.logs.empty()) write_file(p.folder / "logs.txt", p.composed.logs);
        if (!p.composed.xarf.empty()) write_file(p.folder / "xarf.json", p.composed.xarf + "\n");
        std::vector<std::string> cc;
        for (const auto& c : d.cc)
            cc.push_back(c.email);
        ledger->record_notice(p.tracking, d.to.email, cc, d.indicators, now, h.message_id);
        prepared.push_back(std::move(p));
    }

    // What would be disclosed to whom: the dry run is this, and it is shown before sending too.
    for (const auto& p : prepared) {
        if (p.refused) {
            std::cerr << "renraku: no notice to " << sdk::sanitize(p.draft.to.email, 120) << ": "
                      << sdk::sanitize(p.skip_reason, 400) << "\n";
            continue;
        }
        if (p.skipped) {
            std::cout << "skipped " << sdk::sanitize(p.draft.to.email) << ": " << p.skip_reason
                      << "\n\n";
            continue;
        }
        std::cout << p.tracking << "  " << p.folder.string() << "\n";
        std::cout << "  To: " << sdk::sanitize(p.draft.to.email)
                  << (p.draft.relay ? "  (a CSIRT, asked to relay)" : "") << "\n";
        if (!p.draft.cc.empty()) {
            std::cout << "  Cc:";
            for (const auto& c : p.draft.cc)
                std::cout << " " << sdk::sanitize(c.email);
            std::cout << "\n";
        }
        std::cout << "  language " << p.composed.language << "; " << p.draft.events.size()
                  << " event(s) about";
        for (const auto& ind : p.draft.indicators)
            std::cout << " " << sdk::sanitize(ind);
        std::cout << "\n  " << p.signing << "; " << p.encryption << "\n";
        // Every file that goes out, and where its lines come from.
        if (!p.composed.logs.empty()) {
            std::cout << "  attached: logs.txt (" << p.composed.log_lines << " line(s), "
                      << p.composed.logs.size() << " bytes) from";
            for (const auto& [file, lines] : p.composed.log_files)
                std::cout << " " << sdk::sanitize(file) << " (" << lines << " line(s))";
            std::cout << "\n";
        }
        std::cout << "  attached: events.csv (" << p.composed.events_csv.size() << " bytes)\n";
        if (!p.composed.xarf.empty())
            std::cout << "  written: xarf.json (" << p.composed.xarf.size() + 1 << " bytes)\n";
        for (const auto& [from, to] : p.composed.redacted)
            std::cout << "  disclosed as " << to << ": " << sdk::sanitize(from) << "\n";
        for (const auto& w : p.composed.warnings)
            std::cout << "  " << (args.strict ? "error: " : "warning: ") << sdk::sanitize(w)
                      << "\n";
        std::cout << "\n";
    }
    for (const auto& u : unaddressed)
        std::cout << "no notice for " << sdk::sanitize(u.indicator) << ": "
                  << sdk::sanitize(u.reason, 300) << "\n";

    if (args.strict && any_warning) {
        std::cerr << "renraku: notices fail the checklist (--strict); nothing sent\n";
        return kExitUsage;
    }
    bool any_refused = std::any_of(prepared.begin(), prepared.end(),
                                   [](const Prepared& p) { return p.refused; });
    int code = unaddressed.empty() && !any_refused ? kExitAllFound
               : source_failed                     ? kExitSourcesFailed
                                                   : kExitSomeMissing;
    if (!args.send) return code;

    SmtpOptions smtp;
    smtp.url = nc.smtp_url;
    smtp.starttls = nc.smtp_starttls;
    smtp.user = nc.smtp_user;
    if (const char* pw = std::getenv("RENRAKU_SMTP_PASSWORD")) smtp.password = pw;
    smtp.ca_file = rt.config.network.tls_ca_file;
    std::string envelope_from = inc.reporter.email;
    int failed = 0;
    for (const auto& p : prepared) {
        if (p.skipped) continue;
        std::vector<std::string> rcpt;
        if (!args.test_to.empty()) {
            rcpt.push_back(args.test_to); // the test mode: every message to one address of ours
        } else {
            rcpt.push_back(p.draft.to.email);
            for (const auto& c : p.draft.cc)
                rcpt.push_back(c.email);
        }
        std::string error = smtp_send(smtp, envelope_from, rcpt, p.message);
        if (!error.empty()) {
            std::cerr << "renraku: " << p.tracking << " not sent: " << sdk::sanitize(error) << "\n";
            ++failed;
            continue;
        }
        if (args.test_to.empty()) ledger->record_sent(p.tracking, now_unix());
        if (!args.quiet)
            std::cerr << "renraku: sent " << p.tracking << " to "
                      << sdk::sanitize(args.test_to.empty() ? p.draft.to.email : args.test_to)
                      << (args.test_to.empty() ? "" : " (test)") << "\n";
    }
    return failed > 0 ? kExitSourcesFailed : code;
}

int run_feedback(const std::string& config_arg, const std::vector<std::string>& files) {
    Config cfg;
    try {
        cfg = load_config(find_config_file(config_arg));
    } catch (const ConfigError& e) {
        return usage_error(e.what());
    }
    std::unique_ptr<Ledger> ledger;
    try {
        ledger = std::make_unique<Ledger>(ledger_file(cfg));
    } catch (const LedgerError& e) {
        return usage_error(e.what());
    }
    int unread = 0;
    auto handle = [&](const std::string& name, const std::string& text) {
        auto r = read_returned(text, *ledger, now_unix());
        for (const auto& f : r.feedback)
            ledger->record_feedback(f);
        for (const auto& f : r.unverified)
            ledger->record_feedback(f);
        std::string file = sdk::sanitize(name);
        for (const auto& f : r.feedback)
            std::cout << file << ": accepted: " << f.kind << " " << sdk::sanitize(f.address)
                      << " (" << f.tracking << "; " << sdk::sanitize(f.detail, 300) << ")\n";
        for (const auto& why : r.ignored)
            std::cout << file << ": ignored: " << sdk::sanitize(why, 300) << "\n";
        if (r.feedback.empty() && r.ignored.empty())
            std::cout << file << ": " << sdk::sanitize(r.summary, 300) << "\n";
        if (r.feedback.empty()) ++unread;
    };
    for (const auto& f : files) {
        std::ostringstream s;
        if (f == "-") {
            s << std::cin.rdbuf();
        } else {
            std::ifstream in(f, std::ios::binary);
            if (!in) return usage_error("feedback: cannot read \"" + f + "\"");
            s << in.rdbuf();
        }
        handle(f, s.str());
    }
    return unread == 0 ? kExitAllFound : kExitSomeMissing;
}

} // namespace renraku::core
