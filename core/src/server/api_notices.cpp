// The API's second half: drafts from a pasted incident, their review and edit, sending, what
// came back, and the ledger.

#include "api_handlers.hpp"

#include "../extract/extract.hpp"
#include "../indicator/ours.hpp"
#include "../notice/draft_folder.hpp"
#include "../output/output.hpp"
#include "../workflow/feedback_intake.hpp"
#include "../workflow/followup.hpp"
#include "../workflow/incident_events.hpp"
#include "../workflow/ledger_view.hpp"
#include "../workflow/notice_drafts.hpp"
#include "../workflow/notice_send.hpp"
#include "renraku/sdk/text.hpp"

#include <ctime>
#include <sstream>

namespace fs = std::filesystem;

namespace renraku::core::server {

using json = nlohmann::ordered_json;

namespace {

constexpr std::size_t kMaxIncidentBytes = 1u << 20;
constexpr std::size_t kMaxMessageBytes = 1u << 20;

std::int64_t now_unix() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

// A draft as the page shows it: what goes (subject, text, attachments, To, Cc) and what the
// leak scan found and lets through, from the folder as it stands.
json draft_json(const notice::DraftFolder& d) {
    const auto& m = d.meta;
    json j{{"tracking", m.value("tracking", "")},
           {"to", m.value("recipient", "")},
           {"cc", m.contains("cc") ? m["cc"] : json::array()},
           {"state", m.value("state", "drafted")},
           {"language", m.value("language", "")},
           {"subject", d.subject},
           {"body", d.body},
           {"attachments", json::array()},
           {"leak_findings", m.contains("leak_findings") ? m["leak_findings"] : json::array()},
           {"disclosed", m.contains("disclosed") ? m["disclosed"] : json::array()},
           {"warnings", m.contains("warnings") ? m["warnings"] : json::array()}};
    for (const auto& a : d.attachments)
        j["attachments"].push_back({{"name", a.name}, {"bytes", a.data.size()}});
    return j;
}

std::optional<notice::DraftFolder> read_folder(const fs::path& dir) {
    std::string why;
    return notice::read_draft(dir, why);
}

} // namespace

ApiReply Handlers::draft(const std::string& body) {
    auto b = body_object(body);
    std::string incident = string_field(b, "incident", kMaxIncidentBytes);
    std::string log = b.contains("log") ? string_field(b, "log", kMaxBodyBytes) : std::string();
    std::string lang = b.contains("lang") ? string_field(b, "lang", 8) : std::string();
    if (!lang.empty() && lang != "en" && lang != "ja")
        throw BadField("lang", "\"lang\" is \"en\", \"ja\" or left out");
    auto busy = bench_.try_busy();
    if (!busy.owns_lock())
        return error_reply(429, "another lookup or notice is running; try again when it ends");

    // The pasted incident and log as files, as the command line reads them: the log beside
    // the incident file, the events found in it added when the incident names none.
    fs::path folder = bench_.new_incident_folder();
    if (!log.empty()) notice::write_file_atomically(folder / "log.txt", log);
    if (incident.find("[[event]]") == std::string::npos && !log.empty()) {
        const Config& cfg = bench_.config();
        Ours ours(cfg.site.ours(), cfg.site.hosts);
        Extractor ex(ExtractOptions{false, &ours});
        std::istringstream in(log);
        ex.read(in, "log.txt");
        incident += "\n" + workflow::incident_events_toml(ex, "log.txt");
    }
    notice::write_file_atomically(folder / "incident.toml", incident);

    workflow::DraftOptions options;
    options.incident = folder / "incident.toml";
    options.out = bench_.drafts_of(folder);
    options.lang = lang;
    workflow::DraftReport report;
    try {
        report = workflow::draft_notices(bench_.runtime(), options, now_unix());
    } catch (const workflow::DraftError& e) {
        throw BadField("incident", e.what());
    }
    json out{{"incident", folder.filename().string()},
             {"drafts", json::array()},
             {"skipped", json::array()},
             {"unaddressed", json::array()},
             {"warnings", json::array()},
             {"refused", report.refused}};
    for (const auto& w : report.written)
        if (auto d = read_folder(w.folder.dir)) out["drafts"].push_back(draft_json(*d));
    for (const auto& s : report.skipped)
        out["skipped"].push_back({{"recipient", sdk::sanitize(s.recipient, 300)},
                                  {"reason", sdk::sanitize(s.reason, 300)},
                                  {"earlier_tracking", s.earlier_tracking}});
    for (const auto& u : report.unaddressed)
        out["unaddressed"].push_back({{"indicator", sdk::sanitize(u.indicator, 300)},
                                      {"reason", sdk::sanitize(u.reason, 300)}});
    for (const auto& [warning, trackings] : report.warnings)
        out["warnings"].push_back(
            {{"warning", sdk::sanitize(warning, 500)}, {"tracking", trackings}});
    return json_reply(out);
}

ApiReply Handlers::read_notice(const std::string& tracking) {
    auto folder = bench_.draft_folder(tracking);
    if (!folder) return error_reply(404, "no draft with that tracking number");
    auto d = read_folder(*folder);
    if (!d) return error_reply(404, "the draft folder cannot be read");
    return json_reply(draft_json(*d));
}

ApiReply Handlers::edit_notice(const std::string& tracking, const std::string& body) {
    auto b = body_object(body);
    std::string text = string_field(b, "body", kMaxMessageBytes);
    auto folder = bench_.draft_folder(tracking);
    if (!folder) return error_reply(404, "no draft with that tracking number");
    auto d = read_folder(*folder);
    if (!d) return error_reply(404, "the draft folder cannot be read");
    if (d->meta.value("state", "drafted") != "drafted")
        return error_reply(409, "the notice was sent already; it cannot be edited");
    std::string subject = b.contains("subject") ? string_field(b, "subject", 998) : d->subject;
    if (subject.find_first_of("\r\n") != std::string::npos)
        throw BadField("subject", "a subject is one line");
    // message.txt is what is sent; the scan at send time reads it again as it stands.
    notice::write_file_atomically(*folder / "message.txt", notice::message_text(subject, text));
    auto again = read_folder(*folder);
    return json_reply(draft_json(*again));
}

ApiReply Handlers::send(const std::string& body) {
    auto b = body_object(body);
    if (!b.contains("tracking") || !b["tracking"].is_array() || b["tracking"].empty())
        throw BadField("tracking", "\"tracking\" must be a list of tracking numbers");
    std::string test_to = b.contains("test_to") ? string_field(b, "test_to", 320) : std::string();
    bool confirm = b.contains("confirm") && b["confirm"].is_boolean() && b["confirm"].get<bool>();
    if (!confirm)
        throw BadField("confirm", "sending needs \"confirm\": true (a test send too), after "
                                  "the drafts were reviewed");
    std::set<std::string> allowed;
    if (b.contains("allow") && b["allow"].is_array())
        for (const auto& a : b["allow"])
            if (a.is_string()) allowed.insert(a.get<std::string>());
    std::vector<fs::path> folders;
    for (const auto& t : b["tracking"]) {
        if (!t.is_string()) throw BadField("tracking", "a tracking number is a string");
        auto f = bench_.draft_folder(t.get<std::string>());
        if (!f)
            return error_reply(
                404, "no draft with tracking number " + sdk::sanitize(t.get<std::string>(), 80),
                "tracking");
        folders.push_back(*f);
    }
    auto busy = bench_.try_busy();
    if (!busy.owns_lock())
        return error_reply(429, "another lookup or notice is running; try again when it ends");
    json out{{"test", !test_to.empty()}, {"sent", json::array()},   {"skipped", json::array()},
             {"refused", json::array()}, {"failed", json::array()}, {"findings", json::array()},
             {"by_hand", json::array()}};
    bool findings = false, already = false, failed = false;
    for (const auto& folder : folders) {
        workflow::SendOptions options;
        options.dir = folder;
        options.test_to = test_to;
        options.allowed = allowed;
        workflow::SendReport r;
        try {
            r = workflow::send_drafts(
                bench_.runtime(), options, [&](const workflow::SendPlan&) { return confirm; },
                now_unix());
        } catch (const workflow::SendError& e) {
            throw BadField("tracking", e.what());
        }
        for (const auto& s : r.sent)
            out["sent"].push_back({{"tracking", s.tracking},
                                   {"to", s.to},
                                   {"cc", s.cc},
                                   {"signing", s.signing},
                                   {"encryption", s.encryption}});
        for (const auto& s : r.skipped)
            out["skipped"].push_back(
                {{"tracking", s.tracking}, {"why", sdk::sanitize(s.what, 300)}});
        for (const auto& s : r.refused)
            out["refused"].push_back(
                {{"tracking", s.tracking}, {"why", sdk::sanitize(s.what, 300)}});
        for (const auto& s : r.failed)
            out["failed"].push_back(
                {{"tracking", s.tracking}, {"why", sdk::sanitize(s.what, 300)}});
        for (const auto& f : r.findings)
            out["findings"].push_back(sdk::sanitize(f, 500));
        // Form packets: never mailed; made again from the reviewed text, to submit by hand.
        for (const auto& b : r.by_hand)
            out["by_hand"].push_back(
                {{"tracking", b.tracking}, {"form", sdk::sanitize(b.what, 2000)}});
        findings = findings || !r.findings.empty() || !r.refused.empty();
        already = already || (!r.skipped.empty() && r.sent.empty());
        failed = failed || !r.failed.empty();
    }
    if (findings) {
        json e = out;
        e["error"] = "not sent: the leak scan or the address rule refused a draft (allow an item "
                     "with \"allow\", or edit the draft)";
        e["field"] = "allow";
        return json_reply(e, 400);
    }
    if (already && out["sent"].empty()) {
        json e = out;
        e["error"] = "already sent: that recipient was told";
        e["field"] = "tracking";
        return json_reply(e, 409);
    }
    return json_reply(out, failed ? 502 : 200);
}

ApiReply Handlers::followup(const std::string& body) {
    auto b = body_object(body);
    std::string tracking = string_field(b, "tracking", 200);
    auto folder = bench_.draft_folder(tracking);
    if (!folder) return error_reply(404, "no notice with that tracking number", "tracking");
    auto busy = bench_.try_busy();
    if (!busy.owns_lock())
        return error_reply(429, "another lookup or notice is running; try again when it ends");
    workflow::FollowupOptions options;
    options.tracking = tracking;
    options.out = bench_.followups_of(*folder);
    auto report = workflow::follow_up(bench_.runtime(), options, now_unix());
    json out{{"drafts", json::array()}, {"inaccuracy", json::array()}, {"nothing", json::array()}};
    for (const auto& f : report.drafted)
        if (auto d = read_folder(f.notice.folder.dir)) {
            json j = draft_json(*d);
            j["step"] = f.step;
            out["drafts"].push_back(std::move(j));
        }
    for (const auto& i : report.inaccuracy)
        out["inaccuracy"].push_back({{"tracking", i.tracking},
                                     {"registry", sdk::sanitize(i.registry, 200)},
                                     {"url", sdk::sanitize(i.url, 500)},
                                     {"mailbox", sdk::sanitize(i.mailbox, 320)}});
    for (const auto& [t, why] : report.nothing)
        out["nothing"].push_back({{"tracking", t}, {"why", sdk::sanitize(why, 300)}});
    return json_reply(out);
}

ApiReply Handlers::feedback(const std::string& body) {
    auto b = body_object(body);
    std::string message = string_field(b, "message", kMaxMessageBytes);
    auto lock = bench_.lock_ledger();
    auto r = workflow::take_feedback(message, bench_.ledger(), now_unix());
    json out{{"taken", json::array()}, {"ignored", json::array()}, {"summary", r.summary}};
    for (const auto& t : r.taken)
        out["taken"].push_back({{"kind", feedback_kind_name(t.feedback.kind)},
                                {"address", sdk::sanitize(t.feedback.address, 320)},
                                {"tracking", t.feedback.tracking},
                                {"detail", sdk::sanitize(t.feedback.detail, 300)},
                                {"new", t.new_record}});
    for (const auto& why : r.ignored)
        out["ignored"].push_back(sdk::sanitize(why, 300));
    return json_reply(out);
}

ApiReply Handlers::ledger() {
    auto lock = bench_.lock_ledger();
    json out{{"messages", json::array()}};
    for (const auto& s : workflow::ledger_view(bench_.ledger(), std::nullopt, now_unix()))
        out["messages"].push_back(workflow::state_json(s));
    return json_reply(out);
}

} // namespace renraku::core::server
