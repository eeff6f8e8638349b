#include "draft_folder.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace renraku::core::notice {

namespace {

constexpr std::uintmax_t kMaxDraftFile = 4u << 20; // an edited part is read back bounded

std::string read_all(const fs::path& file, bool& ok) {
    std::error_code ec;
    ok = fs::is_regular_file(file, ec) && fs::file_size(file, ec) <= kMaxDraftFile;
    if (!ok) return {};
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    ok = static_cast<bool>(in) || in.eof();
    return s.str();
}

std::string type_of(const std::string& name) {
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".csv") == 0)
        return "text/csv; charset=UTF-8";
    if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0)
        return "application/json; charset=UTF-8";
    return "text/plain; charset=UTF-8";
}

} // namespace

std::string message_text(const std::string& subject, const std::string& body) {
    return "Subject: " + subject + "\n\n" + body;
}

bool split_message_text(const std::string& text, std::string& subject, std::string& body) {
    if (text.rfind("Subject:", 0) != 0) return false;
    auto nl = text.find('\n');
    std::string first = text.substr(8, nl == std::string::npos ? std::string::npos : nl - 8);
    if (!first.empty() && first.back() == '\r') first.pop_back();
    first.erase(0, first.find_first_not_of(' '));
    subject = first;
    if (nl == std::string::npos) {
        body.clear();
        return true;
    }
    std::size_t start = nl + 1;
    // The blank line after the subject is the separator, not part of the text.
    if (text.compare(start, 2, "\r\n") == 0)
        start += 2;
    else if (start < text.size() && text[start] == '\n')
        start += 1;
    body = text.substr(start);
    return true;
}

void write_file_atomically(const fs::path& file, const std::string& data) {
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

void write_draft(const DraftFolder& d, const std::string& eml) {
    fs::create_directories(d.dir);
    // A part dropped since the last draft (no logs now) does not linger to be sent.
    for (const char* name : {"logs.txt"})
        if (std::none_of(d.attachments.begin(), d.attachments.end(),
                         [&](const DraftFile& f) { return f.name == name; }))
            fs::remove(d.dir / name);
    for (const auto& e : fs::directory_iterator(d.dir)) {
        std::string name = e.path().filename().string();
        if (name.rfind("xarf", 0) == 0 && name.size() > 5 &&
            name.compare(name.size() - 5, 5, ".json") == 0 &&
            std::none_of(d.attachments.begin(), d.attachments.end(),
                         [&](const DraftFile& f) { return f.name == name; }))
            fs::remove(e.path());
    }
    write_file_atomically(d.dir / "message.txt", message_text(d.subject, d.body));
    for (const auto& a : d.attachments)
        write_file_atomically(d.dir / a.name, a.data);
    write_file_atomically(d.dir / "notice.json", d.meta.dump(2) + "\n");
    // A form packet has no message: none is left from an earlier draft either.
    if (eml.empty())
        fs::remove(d.dir / "message.eml");
    else
        write_file_atomically(d.dir / "message.eml", eml);
}

std::optional<DraftFolder> read_draft(const fs::path& dir, std::string& why) {
    DraftFolder d;
    d.dir = dir;
    bool ok = false;
    std::string meta = read_all(dir / "notice.json", ok);
    if (!ok) {
        why = (dir / "notice.json").string() + ": not a readable draft record";
        return std::nullopt;
    }
    d.meta = nlohmann::ordered_json::parse(meta, nullptr, false);
    if (!d.meta.is_object() || !d.meta.contains("tracking") || !d.meta["tracking"].is_string()) {
        why = (dir / "notice.json").string() + ": not a notice record renraku wrote";
        return std::nullopt;
    }
    std::string text = read_all(dir / "message.txt", ok);
    if (!ok) {
        why = (dir / "message.txt").string() + ": missing or larger than 4 MiB";
        return std::nullopt;
    }
    if (!split_message_text(text, d.subject, d.body)) {
        why = (dir / "message.txt").string() + ":1: the first line must be \"Subject: ...\"";
        return std::nullopt;
    }
    if (d.meta.contains("attachments") && d.meta["attachments"].is_array())
        for (const auto& a : d.meta["attachments"]) {
            if (!a.is_string()) continue;
            std::string name = a.get<std::string>();
            // Only files of this folder by their plain names: nothing else is ever attached.
            if (name.empty() || name.find('/') != std::string::npos || name[0] == '.') continue;
            std::string data = read_all(dir / name, ok);
            if (!ok) {
                why = (dir / name).string() + ": missing or larger than 4 MiB";
                return std::nullopt;
            }
            d.attachments.push_back({name, type_of(name), std::move(data)});
        }
    return d;
}

std::vector<fs::path> draft_folders(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    if (fs::exists(dir / "notice.json", ec)) {
        out.push_back(dir); // one draft named directly
        return out;
    }
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_directory() && fs::exists(e.path() / "notice.json")) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace renraku::core::notice
