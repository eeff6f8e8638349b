#pragma once
// A notice to a desk that takes reports through its web form only: a form packet, written in
// the draft folder instead of message.eml, to be submitted by hand. form.txt holds the fields
// such forms ask for (our contact, the tracking number, what, when, which hosts) and the text
// to paste; form.json the same for a script or the workbench. Both are made from the folder as
// it stands, so an edit of message.txt is carried into them when the packet is made again
// (`notice --send DIR` does so, and sends nothing).

#include "../notice/compose.hpp"
#include "../notice/draft_folder.hpp"
#include "../notice/incident.hpp"
#include "../notice/mime.hpp"

#include <string>

namespace renraku::core::workflow {

/// An address a form may be submitted at: https://, printable, bounded.
bool is_web_form(const std::string& url);

/// Whether a draft folder is a form packet (its notice.json says channel "form").
bool is_form_packet(const notice::DraftFolder& d);

struct FormPacket {
    std::string text; // form.txt
    std::string json; // form.json
};

/// The packet of a folder as it stands (its message.txt and notice.json).
FormPacket render_form_packet(const notice::DraftFolder& d);

/// Mark a composed folder as a form packet to `d.to.form`, and write it: message.txt,
/// notice.json, the files to upload (logs.txt, events.csv), form.txt and form.json; never
/// message.eml.
void write_form_packet(notice::DraftFolder& folder, const notice::Draft& d,
                       const notice::Incident& inc, const notice::MailHeaders& headers);

/// Write form.txt and form.json again from the folder as it stands.
void refresh_form_packet(const notice::DraftFolder& d);

} // namespace renraku::core::workflow
