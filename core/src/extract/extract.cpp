#include "extract.hpp"

#include "../indicator/hostname.hpp"
#include "../indicator/input.hpp"
#include "../indicator/ours.hpp"
#include "../indicator/parse.hpp"
#include "../indicator/special.hpp"
#include "../util/percent.hpp"
#include "renraku/sdk/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace renraku::core {

namespace {

// Characters that end a candidate: white space, quotes and the brackets text wraps things in.
// A table, since every byte of the text is asked.
constexpr std::array<bool, 256> kSeparators = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c <= 0x20; ++c)
        t[static_cast<std::size_t>(c)] = true;
    for (unsigned char c : std::string_view("\"'`<>(){},;|\\\x7f"))
        t[c] = true;
    return t;
}();

bool separates(unsigned char c) {
    return kSeparators[c];
}

// Punctuation a sentence or a log format puts after a token.
bool trailing_junk(char c) {
    return c == '.' || c == ':' || c == '!' || c == '?' || c == '=' || c == '*';
}

bool has_alpha(std::string_view s) {
    return std::any_of(s.begin(), s.end(),
                       [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; });
}

bool looks_like_ipv6(std::string_view s) {
    if (std::count(s.begin(), s.end(), ':') < 2) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.' ||
               c == '[' || c == ']' || c == '%' || c == '/';
    });
}

} // namespace

void Extractor::read(std::istream& in, const std::string& file) {
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.size() > kMaxLineBytes) line.resize(kMaxLineBytes);
        read_line(line, file, n);
    }
}

void Extractor::read_line(std::string_view raw, const std::string& file, std::size_t line_no) {
    if (files_.empty() || files_.back() != file) {
        files_.push_back(file);
        line_text_.reset(); // a line number of another file
    }
    // Defanged forms first, so that "example[.]com" and "hxxp://" read as what they hide.
    std::string line = refang(raw);
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && separates(static_cast<unsigned char>(line[i])))
            ++i;
        std::size_t start = i;
        while (i < line.size() && !separates(static_cast<unsigned char>(line[i])))
            ++i;
        consider(std::string_view(line.data() + start, i - start), line_no, raw, 0);
    }
}

void Extractor::consider(std::string_view token, std::size_t line_no, std::string_view raw,
                         int depth) {
    if (token.size() < 3 || token.size() > 2048) return;
    if (depth < 2) {
        // What a token holds inside: a URL in a query parameter ("/?u=http://evil.example/x"),
        // %-escaped text ("u=http%3A%2F%2F...", "user%40example.jp"), and an address in
        // brackets after a name (postfix's "unknown[198.51.100.7]").
        if (token.find('%') != std::string_view::npos) {
            auto escaped = percent_decode(token);
            if (escaped.escapes > 0) {
                const std::string& decoded = escaped.text;
                // Decoded text may hold separators (a decoded space): each piece on its own.
                std::size_t a = 0;
                while (a < decoded.size()) {
                    while (a < decoded.size() && separates(static_cast<unsigned char>(decoded[a])))
                        ++a;
                    std::size_t b = a;
                    while (b < decoded.size() && !separates(static_cast<unsigned char>(decoded[b])))
                        ++b;
                    consider(std::string_view(decoded).substr(a, b - a), line_no, raw, depth + 1);
                    a = b;
                }
                return; // the escaped form itself is no indicator
            }
        }
        // Query parameters one by one: "?to=a@b.example&u=http://x.example/".
        if (token.find('=') != std::string_view::npos &&
            token.find_first_of("?&") != std::string_view::npos) {
            std::size_t a = 0;
            while (a < token.size()) {
                std::size_t b = token.find_first_of("?&", a);
                if (b == std::string_view::npos) b = token.size();
                std::string_view piece = token.substr(a, b - a);
                if (piece.size() < token.size() && piece.find('=') != std::string_view::npos)
                    consider(piece, line_no, raw, depth + 1);
                a = b + 1;
            }
        }
        if (auto scheme = token.find("://"); scheme != std::string_view::npos) {
            std::size_t from = scheme;
            while (from > 0 && std::isalpha(static_cast<unsigned char>(token[from - 1])) != 0)
                --from;
            if (from > 0) consider(token.substr(from), line_no, raw, depth + 1);
            // Further URLs inside this one's query.
            if (auto inner = token.find("://", scheme + 3); inner != std::string_view::npos) {
                std::size_t f = inner;
                while (f > scheme + 3 &&
                       std::isalpha(static_cast<unsigned char>(token[f - 1])) != 0)
                    --f;
                consider(token.substr(f), line_no, raw, depth + 1);
            }
            if (from > 0) return;
        }
        if (token.size() > 3 && token.front() != '[') {
            auto open = token.find('[');
            auto close = token.rfind(']');
            if (open != std::string_view::npos && close != std::string_view::npos &&
                close > open + 1 && token.find("://") == std::string_view::npos) {
                consider(token.substr(open + 1, close - open - 1), line_no, raw, depth + 1);
                consider(token.substr(0, open), line_no, raw, depth + 1);
                return;
            }
        }
    }
    // "[2001:db8::1]:443" keeps its brackets; a bracket that only wraps is dropped.
    while (!token.empty() && trailing_junk(token.back()))
        token.remove_suffix(1);
    if (!token.empty() && token.back() == ']' && token.front() != '[' &&
        token.find('[') == std::string_view::npos)
        token.remove_suffix(1);
    if (!token.empty() && token.front() == '[' && token.find(']') == std::string_view::npos)
        token.remove_prefix(1);
    if (token.size() < 3) return;

    bool url = token.find("://") != std::string_view::npos;
    if (!url) {
        // key=value, as firewalls and mail logs write: "SRC=192.0.2.1", "from=<a@b>".
        // The last '=' (most tokens have none: the forward search, which is fast, first).
        if (token.find('=') != std::string_view::npos) token.remove_prefix(token.rfind('=') + 1);
        if (token.size() < 3) return;
    }
    bool mail = !url && token.find('@') != std::string_view::npos;
    auto ctx = strip_context(token);
    std::string_view text = ctx.text;
    if (!url && !mail) {
        bool digits_dots = std::all_of(text.begin(), text.end(), [](char c) {
            return (c >= '0' && c <= '9') || c == '.' || c == '/';
        });
        if (digits_dots) {
            if (std::count(text.begin(), text.end(), '.') != 3) return; // versions, dates
        } else if (looks_like_ipv6(text)) {
            // an address
        } else if (!has_alpha(text) || text.find('.') == std::string_view::npos ||
                   text.find('/') != std::string_view::npos ||
                   text.find(':') != std::string_view::npos) {
            return;
        }
    }
    bool suffix_checked = false;
    if (!url && !mail && has_alpha(text) && text.find(':') == std::string_view::npos) {
        // A name: its last label must be a top-level domain the Public Suffix List names.
        // Checked before the costly parse (IDN, the whole list), since most tokens of a
        // log that look like names are file names and versions.
        lower_.assign(text);
        for (auto& c : lower_)
            c = sdk::ascii_lower_char(c);
        bool ascii = std::all_of(lower_.begin(), lower_.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
        if (ascii && !has_listed_suffix(lower_)) return;
        suffix_checked = ascii;
    }
    if (mail) {
        // "From:a@b" gives "a@b".
        auto cut = text.find_last_of(':', text.find('@'));
        if (cut != std::string_view::npos && text.substr(0, 7) != "mailto:")
            text.remove_prefix(cut + 1);
    }
    auto parsed = parse_indicator(text, ParseDepth::value);
    auto* ind = std::get_if<sdk::Indicator>(&parsed);
    if (ind == nullptr) return;
    // A name must end in a suffix the Public Suffix List names: "access.log" is a file.
    const std::string& host = ind->host;
    if (!host.empty() && !suffix_checked && !has_listed_suffix(host)) return;
    if (ind->type == sdk::IndicatorType::asn) return; // "as1" in prose is not evidence
    add(*ind, ctx.port, line_no, raw);
}

std::vector<std::size_t> Extracted::lines() const {
    std::vector<std::size_t> out;
    out.reserve(1 + later_lines.size());
    out.push_back(first_line_no);
    for (const auto& s : later_lines)
        if (s.file == file) out.push_back(s.line);
    return out;
}

std::vector<std::pair<std::string, std::vector<std::size_t>>> Extracted::by_file() const {
    std::vector<std::pair<std::string, std::vector<std::size_t>>> out;
    out.push_back({*file, {first_line_no}});
    for (const auto& s : later_lines) {
        auto it =
            std::find_if(out.begin(), out.end(), [&](const auto& f) { return f.first == *s.file; });
        if (it == out.end()) {
            out.push_back({*s.file, {}});
            it = out.end() - 1;
        }
        it->second.push_back(s.line);
    }
    return out;
}

namespace {

// The time a log line starts with, as written: syslog's "Nov 25 03:14:07", ISO 8601 up to the
// first blank after the time, a web server's "[25/Nov/2026:03:14:07 +0900]". Not parsed here:
// the reader of the result parses it, in the zone it knows.
std::string_view time_text(std::string_view line) {
    auto digit = [&](std::size_t i) {
        return i < line.size() && std::isdigit(static_cast<unsigned char>(line[i])) != 0;
    };
    if (line.size() >= 15 && std::isalpha(static_cast<unsigned char>(line[0])) != 0 &&
        line[3] == ' ' && line[9] == ':' && line[12] == ':' && digit(7) && digit(14))
        return line.substr(0, 15);
    if (line.size() >= 19 && digit(0) && digit(3) && line[4] == '-' && line[7] == '-' &&
        (line[10] == 'T' || line[10] == ' ') && line[13] == ':') {
        auto space = line.find(' ', 19);
        return line.substr(0, space == std::string_view::npos ? line.size() : space);
    }
    auto open = line.find('[');
    if (open != std::string_view::npos && open < 64 && open + 28 <= line.size() &&
        line[open + 27] == ']' && line[open + 3] == '/' && digit(open + 1))
        return line.substr(open + 1, 26);
    return {};
}

// What a known log format says of the line an indicator is on: sshd's are TCP to port 22,
// with the other side's port after "port".
void read_format(Extracted& e, std::string_view text) {
    if (!e.protocol.empty()) return;
    auto at = text.find("sshd");
    if (at == std::string_view::npos || at + 4 >= text.size() ||
        (text[at + 4] != '[' && text[at + 4] != ':'))
        return;
    e.protocol = "tcp";
    e.our_port = 22;
    if (auto v = text.find(e.value);
        v != std::string_view::npos && text.compare(v + e.value.size(), 6, " port ") == 0) {
        int p = 0;
        std::size_t i = v + e.value.size() + 6;
        std::size_t digits = 0;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && digits < 6) {
            p = p * 10 + (text[i++] - '0');
            ++digits;
        }
        if (digits > 0 && digits <= 5 && p <= 65535) e.their_port = p;
    }
}

// One more sighting of a value already kept.
void seen_again(Extracted& e, int port, const std::string* file, std::size_t line,
                std::string_view text) {
    ++e.count;
    const Extracted::Sighting last =
        e.later_lines.empty() ? Extracted::Sighting{e.file, e.first_line_no} : e.later_lines.back();
    if (e.later_lines.size() + 1 < Extractor::kMaxLines && (last.line != line || last.file != file))
        e.later_lines.push_back({file, line});
    if (e.port < 0) e.port = port;
    if (auto t = time_text(text); !t.empty()) e.last_time.assign(t);
    read_format(e, text);
}

} // namespace

void Extractor::add(sdk::Indicator& ind, int port, std::size_t line, std::string_view text) {
    std::size_t hash = ValueIndex::hash_of(ind.value);
    // A value seen before is in the list it was put in then: whether an address is
    // special-purpose is asked once for each value, not at every sighting.
    auto value_in = [](const std::deque<Extracted>& list) {
        return [&list](std::size_t i) -> std::string_view { return list[i].value; };
    };
    if (auto at = index_.find(ind.value, hash, value_in(found_))) {
        seen_again(found_[*at], port, &files_.back(), line, text);
        return;
    }
    bool may_be_special = !options_.keep_special && !ind.address.empty() && ind.host.empty();
    if (!may_be_special) {
        keep_new(ind, port, line, text, hash, std::nullopt);
        return;
    }
    if (auto at = left_index_.find(ind.value, hash, value_in(left_out_))) {
        seen_again(left_out_[*at], port, &files_.back(), line, text);
        return;
    }
    keep_new(ind, port, line, text, hash, special_purpose_kind(ind.address, ind.prefix_len));
}

void Extractor::keep_new(sdk::Indicator& ind, int port, std::size_t line, std::string_view text,
                         std::size_t hash, std::optional<SpecialKind> special) {
    auto& index = special ? left_index_ : index_;
    auto& list = special ? left_out_ : found_;
    if (!line_text_ || line_text_no_ != line) {
        line_text_ = std::make_shared<const std::string>(text.substr(0, 1024));
        line_text_no_ = line;
    }
    Extracted& e = list.emplace_back();
    e.value = std::move(ind.value);
    e.type = ind.type;
    e.file = &files_.back();
    e.count = 1;
    e.port = port;
    if (special) e.special = special->label;
    e.first_line = line_text_;
    e.first_line_no = line;
    e.first_time.assign(time_text(text));
    e.last_time = e.first_time;
    e.ours = options_.ours != nullptr && options_.ours->contains(e.value);
    read_format(e, text);
    index.insert(hash, list.size() - 1);
}

} // namespace renraku::core
