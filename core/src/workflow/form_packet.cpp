#include "form_packet.hpp"

#include <nlohmann/json.hpp>

namespace renraku::core::workflow {

using json = nlohmann::ordered_json;

namespace {

std::string string_at(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string attachment(const notice::DraftFolder& d, const std::string& name) {
    for (const auto& a : d.attachments)
        if (a.name == name) return a.data;
    return {};
}

} // namespace

bool is_web_form(const std::string& url) {
    if (url.size() > 2000 || url.rfind("https://", 0) != 0 || url.size() <= 8) return false;
    for (unsigned char c : url)
        if (c <= 0x20 || c == 0x7f) return false;
    return true;
}

bool is_form_packet(const notice::DraftFolder& d) {
    return string_at(d.meta, "channel") == "form";
}

FormPacket render_form_packet(const notice::DraftFolder& d) {
    const json& m = d.meta;
    const std::string tracking = string_at(m, "tracking");
    const std::string form = string_at(m, "form");
    json reporter =
        m.contains("reporter") && m["reporter"].is_object() ? m["reporter"] : json::object();
    json indicators =
        m.contains("indicators") && m["indicators"].is_array() ? m["indicators"] : json::array();
    json uploads = json::array();
    for (const auto& a : d.attachments)
        uploads.push_back(a.name);

    std::string text;
    text += "Form packet " + tracking + ": to submit by hand (nothing was sent)\n";
    text += "Submit at: " + form + "\n";
    if (!string_at(m, "recipient_name").empty())
        text += "Desk: " + string_at(m, "recipient_name") + "\n";
    text += "\nThe fields such forms ask for:\n";
    auto field = [&](const char* label, const std::string& value) {
        if (!value.empty()) text += "  " + std::string(label) + ": " + value + "\n";
    };
    field("Your name", string_at(reporter, "name"));
    field("Your organization", string_at(reporter, "organization"));
    field("Your e-mail", string_at(reporter, "email"));
    field("Your phone", string_at(reporter, "phone"));
    field("Your key fingerprint", string_at(reporter, "pgp_fingerprint"));
    field("Tracking number", tracking);
    std::string hosts;
    for (const auto& i : indicators)
        if (i.is_string()) hosts += (hosts.empty() ? "" : ", ") + i.get<std::string>();
    field("Reported URL, host or address", hosts);
    field("Summary", d.subject);
    std::string files;
    for (const auto& u : uploads)
        files += (files.empty() ? "" : ", ") + u.get<std::string>();
    field("Files to upload where the form takes them", files);
    text += "\nThe text to paste (what was seen, when with the time zone and clock error, the "
            "log lines):\n\n";
    text += d.body;
    if (!text.empty() && text.back() != '\n') text += "\n";
    text += "\nWhen it is submitted: renraku ledger --submitted " + tracking + "\n";

    json packet = {{"kind", "form"},
                   {"tracking", tracking},
                   {"submit_at", form},
                   {"desk", string_at(m, "recipient_name")},
                   {"reporter", reporter},
                   {"indicators", indicators},
                   {"summary", d.subject},
                   {"text", d.body},
                   {"events_csv", attachment(d, "events.csv")},
                   {"uploads", uploads}};
    return {text, packet.dump(2, ' ', false, json::error_handler_t::replace) + "\n"};
}

void write_form_packet(notice::DraftFolder& folder, const notice::Draft& d,
                       const notice::Incident& inc, const notice::MailHeaders& headers) {
    auto& m = folder.meta;
    m["channel"] = "form";
    m["form"] = d.to.form;
    m["recipient_name"] = d.to.organization;
    // Ours, given on purpose: the contact the form asks for.
    m["reporter"] = {{"organization", inc.reporter.organization},
                     {"name", inc.reporter.name},
                     {"email", headers.from.address},
                     {"phone", inc.reporter.phone},
                     {"pgp_fingerprint", inc.reporter.pgp_fingerprint}};
    notice::write_draft(folder, "");
    refresh_form_packet(folder);
}

void refresh_form_packet(const notice::DraftFolder& d) {
    auto packet = render_form_packet(d);
    notice::write_file_atomically(d.dir / "form.txt", packet.text);
    notice::write_file_atomically(d.dir / "form.json", packet.json);
}

} // namespace renraku::core::workflow
