#include "notice_send.hpp"

#include "form_packet.hpp"

#include "../util/clock_text.hpp"

#include "../ledger/ledger.hpp"
#include "../notice/draft_folder.hpp"
#include "../notice/mime.hpp"
#include "../notice/openpgp.hpp"
#include "../notice/smtp.hpp"
#include "../services/service_hub.hpp"
#include "../util/random.hpp"
#include "notice_parts.hpp"
#include "renraku/sdk/mailbox.hpp"
#include "renraku/sdk/text.hpp"

#include <algorithm>
#include <cstdlib>

namespace fs = std::filesystem;

namespace renraku::core::workflow {

using namespace notice;
using json = nlohmann::ordered_json;

namespace {

struct Ready {
    DraftFolder folder;
    std::string tracking;
    int hop = 0;
};

// A Message-ID as we write them ("ID@domain"): nothing that could end or fold a header.
bool plain_message_id(const std::string& id) {
    if (id.empty() || id.size() > 200 || id.find('@') == std::string::npos) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return c > 0x20 && c < 0x7f && c != '<' && c != '>' && c != '"' && c != '\\';
    });
}

// A follow-up answers the case's earlier messages: In-Reply-To the latest sent before it,
// References all of them, so that the CSIRT in Cc and we see one thread. The Message-IDs add
// nothing a recipient could use: the tracking number, in every subject, already names the case.
void thread_headers(Ledger& ledger, const std::string& tracking, int hop, MailHeaders& h) {
    if (hop <= 0) return;
    std::string references;
    std::string last;
    for (const auto& m : ledger.messages_of(tracking)) {
        if (m.hop >= hop || !m.sent || !plain_message_id(m.message_id) ||
            (m.kind != MessageKind::notice && m.kind != MessageKind::followup))
            continue;
        references += (references.empty() ? "<" : " <") + m.message_id + ">";
        last = m.message_id;
    }
    if (last.empty()) return;
    h.extra.push_back({"In-Reply-To", "<" + last + ">"});
    h.extra.push_back({"References", references});
}

} // namespace

SendReport send_drafts(Runtime& rt, const SendOptions& o,
                       const std::function<bool(const SendPlan&)>& confirm, std::int64_t now) {
    const NoticeConfig& nc = rt.config.notice;
    if (!o.test_to.empty()) {
        auto m = sdk::check_mailbox(o.test_to);
        if (!m.ok())
            throw SendError("--test-to: \"" + o.test_to + "\" is not a mailbox: " + m.refused);
    }
    std::error_code ec;
    if (!fs::is_directory(o.dir, ec))
        throw SendError("--send: " + o.dir.string() + " is not a folder");
    auto folders = draft_folders(o.dir);
    if (folders.empty()) throw SendError("--send: no drafts in " + o.dir.string());
    std::unique_ptr<Ledger> ledger;
    try {
        ledger = std::make_unique<Ledger>(ledger_file(rt.config));
    } catch (const LedgerError& e) {
        throw SendError(e.what());
    }

    SendReport report;
    report.test = !o.test_to.empty();
    std::vector<Ready> ready;
    for (const auto& dir : folders) {
        std::string why;
        auto d = read_draft(dir, why);
        if (!d) {
            report.refused.push_back({dir.string(), why});
            continue;
        }
        Ready r{std::move(*d), "", 0};
        r.tracking = r.folder.meta["tracking"].get<std::string>();
        r.hop = r.folder.meta.contains("hop") && r.folder.meta["hop"].is_number_integer()
                    ? r.folder.meta["hop"].get<int>()
                    : 0;
        auto record = ledger->message(r.tracking, r.hop);
        if (!record) {
            // Only what this ledger drafted: what comes back is judged against it.
            report.refused.push_back(
                {r.tracking, "not a draft of this ledger (" + ledger->file().string() + ")"});
            continue;
        }
        if (!report.test && record->sent) {
            report.skipped.push_back({r.tracking, "already sent on " + utc_day(*record->sent)});
            continue;
        }
        // The leak scan over every part as it stands now, edits included.
        auto scan =
            scan_for_leaks(parts_of(r.folder), rules_of(r.folder.meta, o.allowed, &rt.config));
        if (!scan.findings.empty()) ++report.drafts_with_findings;
        for (const auto& f : scan.findings)
            report.findings.push_back((dir / f.part).string() + ":" + std::to_string(f.line) +
                                      ": " + sdk::sanitize(f.item, 200) + ": " + f.why);
        for (const auto& a : scan.allowed_used)
            if (std::find(report.allowed_used.begin(), report.allowed_used.end(), a) ==
                report.allowed_used.end())
                report.allowed_used.push_back(a);
        if (is_form_packet(r.folder)) {
            // Nothing to mail: the packet is made again from the reviewed text, if it is clean.
            if (scan.findings.empty()) {
                refresh_form_packet(r.folder);
                report.by_hand.push_back({r.tracking, r.folder.meta.value("form", std::string())});
            }
            continue;
        }
        // The last gate for every address, as the responder left them.
        try {
            MailHeaders h = headers_of(r.folder.meta);
            gate_address(h.from.address, "From");
            for (const auto& t : h.to)
                gate_address(t.address, "To");
            for (const auto& c : h.cc)
                gate_address(c.address, "Cc");
        } catch (const AddressRefused& e) {
            report.refused.push_back({r.tracking, e.what()});
            continue;
        }
        ready.push_back(std::move(r));
    }
    if (!report.findings.empty() || !report.refused.empty()) {
        report.exit_code = 2;
        return report;
    }
    if (ready.empty()) return report; // everything sent before, or form packets only
    // A relay is needed only for what is mailed (form packets are submitted by hand).
    if (nc.smtp_url.empty())
        throw SendError("--send: no SMTP relay configured ([notice] smtp_url)");

    SendPlan plan;
    plan.messages = ready.size();
    plan.test_to = o.test_to;
    for (const auto& r : ready) {
        MailHeaders h = headers_of(r.folder.meta);
        for (const auto& t : h.to)
            if (std::find(plan.recipients.begin(), plan.recipients.end(), t.address) ==
                plan.recipients.end())
                plan.recipients.push_back(t.address);
        for (const auto& c : h.cc)
            if (std::find(plan.csirt_copies.begin(), plan.csirt_copies.end(), c.address) ==
                plan.csirt_copies.end())
                plan.csirt_copies.push_back(c.address);
    }
    if (!confirm(plan)) {
        report.not_confirmed = true;
        report.exit_code = 2;
        return report;
    }

    SmtpOptions smtp;
    smtp.url = nc.smtp_url;
    smtp.starttls = nc.smtp_starttls;
    smtp.user = nc.smtp_user;
    if (const char* pw = std::getenv("RENRAKU_SMTP_PASSWORD")) smtp.password = pw;
    smtp.ca_file = rt.config.network.tls_ca_file;
    OpenPgp pgp(nc.gpg_home.string());

    for (auto& r : ready) {
        MailHeaders h = headers_of(r.folder.meta);
        SentNotice s;
        s.tracking = r.tracking;
        s.hop = r.hop;
        s.folder = r.folder.dir;
        std::vector<std::string> rcpt;
        if (report.test) {
            // A drill: the real recipients appear nowhere, so a reply-all reaches only us.
            h.to = {{"", o.test_to}};
            h.cc.clear();
            h.subject = "[TEST] " + r.folder.subject;
            h.extra.push_back({"X-Renraku-Test", "yes"});
            rcpt.push_back(o.test_to);
        } else {
            h.subject = r.folder.subject;
            for (const auto& t : h.to)
                rcpt.push_back(t.address);
            for (const auto& c : h.cc)
                rcpt.push_back(c.address);
        }
        s.to = h.to.front().address;
        for (const auto& c : h.cc)
            s.cc.push_back(c.address);
        // Signed now, over the text and attachments as they were reviewed.
        std::string entity = entity_of(r.folder, r.tracking + "." + std::to_string(r.hop));
        if (!nc.signing_key.empty()) {
            std::string why;
            if (auto sig = pgp.sign(entity, nc.signing_key, why)) {
                entity = signed_entity(entity, sig->armored, sig->micalg, r.tracking);
                s.signing = "signed with " + normalize_fingerprint(nc.signing_key);
            } else {
                s.signing = "not signed: " + why;
            }
        } else {
            s.signing = "not signed ([notice] signing_key not set)";
        }
        std::string recipient_key =
            r.folder.meta.contains("recipient_pgp_fingerprint")
                ? r.folder.meta["recipient_pgp_fingerprint"].get<std::string>()
                : std::string();
        if (nc.encrypt && !recipient_key.empty() && !report.test) {
            std::string why;
            if (auto enc = pgp.encrypt(entity, recipient_key, why)) {
                entity = encrypted_entity(*enc, r.tracking);
                s.encryption = "encrypted to " + normalize_fingerprint(recipient_key);
            } else {
                s.encryption = "not encrypted: " + why;
            }
        } else {
            s.encryption = recipient_key.empty() ? "not encrypted: no key from a trusted source"
                           : report.test         ? "not encrypted (a test send)"
                                                 : "not encrypted ([notice] encrypt = false)";
        }
        h.date = rfc5322_date(now);
        // Unguessable, so that only a message that really quotes ours refers to it.
        const std::string& from = h.from.address;
        h.message_id = random_base32(20) + "." + r.tracking.substr(0, r.tracking.find('#')) + "@" +
                       from.substr(from.find('@') + 1);
        h.extra.push_back({"X-Tracking-Number", r.tracking});
        if (!report.test) thread_headers(*ledger, r.tracking, r.hop, h);
        std::string msg;
        try {
            msg = message(h, entity);
        } catch (const AddressRefused& e) {
            report.failed.push_back({r.tracking, e.what()});
            continue;
        }
        std::string error = smtp_send(smtp, from, rcpt, msg);
        if (!error.empty()) {
            report.failed.push_back({r.tracking, error});
            continue;
        }
        if (report.test) {
            ledger->record_test(r.tracking, r.hop, o.test_to, now);
            write_file_atomically(r.folder.dir / "test.eml", msg);
        } else {
            ledger->record_sent(r.tracking, r.hop, now, h.message_id);
            r.folder.meta["state"] = "sent";
            r.folder.meta["sent_at"] = now;
            r.folder.meta["message_id"] = h.message_id;
            write_file_atomically(r.folder.dir / "notice.json", r.folder.meta.dump(2) + "\n");
            write_file_atomically(r.folder.dir / "message.eml", msg); // as it went
        }
        report.sent.push_back(std::move(s));
    }
    report.exit_code = report.failed.empty() ? 0 : 3;
    return report;
}

} // namespace renraku::core::workflow
