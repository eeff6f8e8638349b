#include "notice_parts.hpp"

#include "../indicator/parse.hpp"
#include "../util/random.hpp"
#include "renraku/sdk/mailbox.hpp"
#include "renraku/sdk/text.hpp"

#include <ctime>

namespace fs = std::filesystem;

namespace renraku::core::workflow {

using namespace notice;
using json = nlohmann::ordered_json;

namespace {

std::vector<std::string> strings_of(const json& j, const char* key) {
    std::vector<std::string> out;
    if (j.contains(key) && j[key].is_array())
        for (const auto& v : j[key])
            if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

std::string string_of(const json& j, const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

} // namespace

MailHeaders headers_for(const Config& config, const Reporter& reporter, const std::string& to_name,
                        const std::string& to_email, const std::vector<Party>& cc) {
    MailHeaders h;
    h.from = config.notice.from.empty() ? Mailbox{reporter.organization, reporter.email}
                                        : parse_mailbox(config.notice.from);
    h.to.push_back({to_name, to_email});
    for (const auto& c : cc)
        h.cc.push_back({c.organization, c.email});
    return h;
}

DraftFolder folder_for(const fs::path& dir, const Incident& inc, const Draft& d,
                       const std::string& tracking, int hop, const std::string& kind,
                       const std::string& incident_key, const Composed& composed,
                       const Disclosure& disclosure, const MailHeaders& headers) {
    DraftFolder f;
    f.dir = dir;
    f.subject = composed.subject;
    f.body = composed.body;
    json attachments = json::array();
    if (!composed.logs.empty()) {
        f.attachments.push_back({"logs.txt", "text/plain; charset=UTF-8", composed.logs});
        attachments.push_back("logs.txt");
    }
    f.attachments.push_back({"events.csv", "text/csv; charset=UTF-8", composed.events_csv});
    attachments.push_back("events.csv");
    for (const auto& [name, text] : composed.xarf) {
        f.attachments.push_back({name, "application/json; charset=UTF-8", text});
        attachments.push_back(name);
    }
    json meta = composed.json;
    meta["tracking"] = tracking;
    meta["hop"] = hop;
    meta["kind"] = kind;
    meta["incident"] = incident_key;
    meta["state"] = "drafted";
    meta["from"] = {{"name", headers.from.name}, {"address", headers.from.address}};
    json cc_names = json::array();
    for (const auto& c : d.cc)
        cc_names.push_back(c.organization);
    meta["cc_names"] = cc_names;
    if (!d.to.pgp_fingerprint.empty()) meta["recipient_pgp_fingerprint"] = d.to.pgp_fingerprint;
    meta["attachments"] = attachments;
    // What each label hides: our own record, never in what is sent.
    json redactions = json::object();
    for (const auto& [original, label] : composed.redacted)
        if (!redactions.contains(label)) redactions[label] = original;
    meta["redactions"] = redactions;
    // What the leak scan holds every part of this notice to, now and when it is sent.
    json mailboxes = json::array({d.to.email, inc.reporter.email, headers.from.address});
    for (const auto& c : d.cc)
        mailboxes.push_back(c.email);
    json names = json::array();
    for (const auto& a : d.to.alternatives) {
        auto parsed = parse_value(a);
        if (auto* ind = std::get_if<sdk::Indicator>(&parsed); ind && !ind->host.empty())
            names.push_back(ind->host);
    }
    json ours = json::array();
    for (const auto& r : inc.policy.redact)
        ours.push_back(r);
    // Everything a label replaced stays replaced: a hand edit that brings one back is found.
    json replaced = json::array();
    for (const auto& [original, label] : composed.redacted)
        replaced.push_back(original);
    // What we sign with: our own names, given on purpose (a user "taro" in the logs is no
    // reason to hide "Taro Yamada" at the foot of the notice).
    json given = json::array();
    for (const auto* field : {&inc.reporter.name, &inc.reporter.organization})
        if (!field->empty()) given.push_back(*field);
    meta["scan"] = {{"ours", ours},
                    {"replaced", replaced},
                    {"given", given},
                    {"others", json(std::vector<std::string>(disclosure.others.begin(),
                                                             disclosure.others.end()))},
                    {"mailboxes", mailboxes},
                    {"names", names}};
    if (!d.previous_recipient.empty())
        meta["follows"] = {{"recipient", d.previous_recipient},
                           {"date", d.previous_date},
                           {"reason", d.previous_reason}};
    f.meta = std::move(meta);
    return f;
}

std::vector<LeakPart> parts_of(const DraftFolder& d) {
    std::vector<LeakPart> parts;
    parts.push_back({"message.txt", message_text(d.subject, d.body)});
    for (const auto& a : d.attachments)
        parts.push_back({a.name, a.data});
    return parts;
}

LeakRules rules_of(const json& meta, const std::set<std::string>& allowed, const Config* config) {
    LeakRules r;
    const json scan =
        meta.contains("scan") && meta["scan"].is_object() ? meta["scan"] : json::object();
    std::vector<std::string> ours = strings_of(scan, "ours");
    std::vector<std::string> hosts;
    if (config != nullptr) {
        auto site = config->site.ours();
        ours.insert(ours.end(), site.begin(), site.end());
        hosts = config->site.hosts;
    } else {
        hosts = strings_of(scan, "our_hosts");
    }
    r.ours = Ours(ours, hosts);
    for (const auto& i : strings_of(meta, "indicators"))
        r.recipient.insert(sdk::ascii_lower(i));
    for (const auto& o : strings_of(scan, "others"))
        r.others.insert(sdk::ascii_lower(o));
    for (const auto& m : strings_of(scan, "mailboxes"))
        r.mailboxes.insert(sdk::ascii_lower(m));
    // The To and Cc as they stand (the responder may have edited them) may appear too.
    r.mailboxes.insert(sdk::ascii_lower(string_of(meta, "recipient")));
    for (const auto& c : strings_of(meta, "cc"))
        r.mailboxes.insert(sdk::ascii_lower(c));
    for (const auto& o : strings_of(scan, "replaced"))
        if (!o.empty()) r.replaced.insert(sdk::ascii_lower(o));
    for (const auto& g : strings_of(scan, "given"))
        if (!g.empty()) r.given.insert(sdk::ascii_lower(g));
    for (const auto& n : strings_of(scan, "names"))
        r.names.insert(sdk::ascii_lower(n));
    // The domain of a mailbox this notice names may appear too (X-ARF's ReporterOrgDomain).
    for (const auto& m : r.mailboxes)
        if (auto at = m.rfind('@'); at != std::string::npos)
            r.mailbox_domains.insert(m.substr(at + 1));
    r.allowed = allowed;
    return r;
}

void note_scan(json& meta, const LeakScan& scan) {
    json disclosed = json::array();
    for (const auto& d : scan.disclosed)
        disclosed.push_back({{"item", d.item}, {"what", d.what}});
    json findings = json::array();
    for (const auto& f : scan.findings)
        findings.push_back({{"part", f.part}, {"line", f.line}, {"item", f.item}, {"why", f.why}});
    meta["disclosed"] = disclosed;
    meta["leak_findings"] = findings;
}

std::string entity_of(const DraftFolder& d, const std::string& boundary_seed) {
    std::vector<Attachment> attachments;
    for (const auto& a : d.attachments)
        attachments.push_back({a.name, a.content_type, a.data});
    return mime_entity(d.body, attachments, boundary_seed);
}

MailHeaders headers_of(const json& meta) {
    MailHeaders h;
    if (meta.contains("from") && meta["from"].is_object())
        h.from = {string_of(meta["from"], "name"), string_of(meta["from"], "address")};
    h.to.push_back({string_of(meta, "organization"), string_of(meta, "recipient")});
    auto cc = strings_of(meta, "cc");
    auto names = strings_of(meta, "cc_names");
    for (std::size_t i = 0; i < cc.size(); ++i)
        h.cc.push_back({i < names.size() ? names[i] : std::string(), cc[i]});
    return h;
}

std::string preview(const DraftFolder& d, MailHeaders h) {
    std::string tracking = string_of(d.meta, "tracking");
    h.subject = d.subject;
    h.date = rfc5322_date(static_cast<long long>(std::time(nullptr)));
    h.message_id = "draft." + tracking.substr(0, tracking.find('#')) + "@renraku.invalid";
    h.extra.push_back({"X-Tracking-Number", tracking});
    return message(h, entity_of(d, tracking));
}

} // namespace renraku::core::workflow
