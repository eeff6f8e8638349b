#pragma once
// A notice as it waits for review: one folder per message, named by its tracking number, that
// the responder reads and may edit, and that `notice --send DIR` sends exactly as it stands.
//
//   message.txt   "Subject: ..." on the first line, a blank line, then the text
//   logs.txt      the log lines shown to this recipient (attached when not empty)
//   events.csv    the events, one a row (attached)
//   xarf*.json    X-ARF reports (attached), when the policy asks for them
//   notice.json   our own record: recipient, Cc, tracking number, events, what each label
//                 hides, what the leak scan found; never sent
//   message.eml   the message as it would go (before signing); after sending, as it went

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace renraku::core::notice {

struct DraftFile {
    std::string name;         // "logs.txt"
    std::string content_type; // "text/plain; charset=UTF-8"
    std::string data;
};

struct DraftFolder {
    std::filesystem::path dir;
    nlohmann::ordered_json meta; // notice.json
    std::string subject;
    std::string body;
    std::vector<DraftFile> attachments; // in the order they are attached
};

/// "Subject: SUBJECT\n\nBODY"
std::string message_text(const std::string& subject, const std::string& body);
/// The subject and body of message.txt; false when its first line is no "Subject:".
bool split_message_text(const std::string& text, std::string& subject, std::string& body);

/// Write every file of the folder (each whole or not at all); `eml` is message.eml (none for
/// an empty one: a form packet).
void write_draft(const DraftFolder& d, const std::string& eml);

/// Read a draft folder as it stands now (the responder may have edited it); nullopt and `why`
/// naming the file when it is not one.
std::optional<DraftFolder> read_draft(const std::filesystem::path& dir, std::string& why);

/// The draft folders in `dir` (each holding notice.json), in name order.
std::vector<std::filesystem::path> draft_folders(const std::filesystem::path& dir);

/// Write `data` to `file` whole or not at all: a temporary file beside it, then a rename.
void write_file_atomically(const std::filesystem::path& file, const std::string& data);

} // namespace renraku::core::notice
