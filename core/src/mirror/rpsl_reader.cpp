#include "rpsl_reader.hpp"

#include <zlib.h>

#include <algorithm>
#include <stdexcept>

namespace renraku::core::mirror {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string trimmed(const std::string& s) {
    auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return {};
    auto e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

// Adds one non-blank line to the object being read: an attribute, or a continuation of the
// last one. False when the object would pass the size bound (the line is then not added).
bool add_line(RpslObject& obj, const std::string& line) {
    if (line[0] == '%' || line[0] == '#') return true;
    if (obj.text.size() + line.size() > RpslReader::kMaxObject) return false;
    if (line[0] == ' ' || line[0] == '\t' || line[0] == '+') {
        // A continuation of the last attribute's value.
        if (obj.attributes.empty()) return true;
        std::string more = trimmed(line[0] == '+' ? line.substr(1) : line);
        auto& v = obj.attributes.back().second;
        if (!more.empty()) v += (v.empty() ? "" : " ") + more;
        obj.text += line + "\n";
        return true;
    }
    auto colon = line.find(':');
    if (colon == std::string::npos || colon == 0) return true; // not an attribute
    std::string name = lower(trimmed(line.substr(0, colon)));
    std::string value = trimmed(line.substr(colon + 1));
    // A trailing "# comment" is not part of the value.
    if (auto hash = value.find('#'); hash != std::string::npos) value = trimmed(value.substr(0, hash));
    if (obj.attributes.empty()) {
        obj.cls = name;
        obj.key = value;
    }
    obj.attributes.emplace_back(std::move(name), std::move(value));
    obj.text += line + "\n";
    return true;
}

} // namespace

std::optional<RpslObject> rpsl_object_from_text(const std::string& text) {
    RpslObject obj;
    std::size_t at = 0;
    while (at < text.size()) {
        auto end = text.find('\n', at);
        std::string line = text.substr(at, end == std::string::npos ? std::string::npos : end - at);
        at = end == std::string::npos ? text.size() : end + 1;
        if (line.size() > RpslReader::kMaxLine) return std::nullopt;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (trimmed(line).empty()) {
            if (obj.attributes.empty()) continue;
            return std::nullopt; // one object is one paragraph
        }
        if (!add_line(obj, line)) return std::nullopt;
    }
    if (obj.attributes.empty()) return std::nullopt;
    return obj;
}

std::string RpslObject::first(const std::string& name) const {
    for (const auto& [n, v] : attributes)
        if (n == name) return v;
    return {};
}

std::vector<std::string> RpslObject::all(const std::string& name) const {
    std::vector<std::string> out;
    for (const auto& [n, v] : attributes)
        if (n == name) out.push_back(v);
    return out;
}

RpslReader::RpslReader(const std::filesystem::path& file) : file_(file) {
    gz_ = gzopen(file.c_str(), "rb");
    if (gz_ == nullptr) throw std::runtime_error(file.string() + ": cannot be opened");
    gzbuffer(static_cast<gzFile>(gz_), 256 * 1024);
}

RpslReader::~RpslReader() {
    if (gz_ != nullptr) gzclose(static_cast<gzFile>(gz_));
}

// One line without its newline; a line over the bound is cut there (the rest is dropped).
// False at the end of the file, or on an error (error_ says which).
bool RpslReader::read_line(std::string& line) {
    line.clear();
    char buf[8192];
    auto* gz = static_cast<gzFile>(gz_);
    while (true) {
        if (gzgets(gz, buf, sizeof buf) == nullptr) {
            int err = 0;
            const char* msg = gzerror(gz, &err);
            if (err != Z_OK && err != Z_STREAM_END)
                error_ = file_.string() + ": damaged (" + (msg != nullptr ? msg : "read error") + ")";
            return error_.empty() && !line.empty(); // the last line, without a newline
        }
        std::string part(buf);
        read_ += part.size();
        if (read_ > kMaxFileBytes) {
            error_ = file_.string() + ": more than " + std::to_string(kMaxFileBytes >> 30) +
                     " GiB of text: not a registry's file";
            return false;
        }
        bool complete = !part.empty() && part.back() == '\n';
        if (complete) part.pop_back();
        if (line.size() < kMaxLine) line += part.substr(0, kMaxLine - line.size());
        if (complete) return true;
    }
}

std::optional<RpslObject> RpslReader::next() {
    RpslObject obj;
    bool too_large = false;
    std::string line;
    while (error_.empty() && read_line(line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (trimmed(line).empty()) {
            if (obj.attributes.empty()) continue;
            if (!too_large) return obj;
            ++skipped_;
            obj = RpslObject{};
            too_large = false;
            continue;
        }
        if (line[0] == '%' || line[0] == '#' || too_large) continue;
        too_large = !add_line(obj, line);
    }
    if (!error_.empty() || obj.attributes.empty()) return std::nullopt;
    if (too_large) {
        ++skipped_;
        return std::nullopt;
    }
    return obj;
}

} // namespace renraku::core::mirror
