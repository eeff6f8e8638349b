#include "renraku/sdk/text.hpp"

#include <cstdint>

namespace renraku::sdk {

std::optional<std::vector<std::string>> split_dns_name(std::string_view name) {
    std::vector<std::string> labels;
    if (name.empty() || name == ".") return labels;
    std::string label;
    for (std::size_t i = 0; i < name.size(); ++i) {
        char c = name[i];
        if (c == '\\') {
            if (i + 1 >= name.size()) return std::nullopt;
            char n = name[i + 1];
            if (n >= '0' && n <= '9') {
                if (i + 3 >= name.size()) return std::nullopt;
                int v = 0;
                for (std::size_t k = 1; k <= 3; ++k) {
                    char d = name[i + k];
                    if (d < '0' || d > '9') return std::nullopt;
                    v = v * 10 + (d - '0');
                }
                if (v > 255) return std::nullopt;
                label.push_back(static_cast<char>(v));
                i += 3;
            } else {
                label.push_back(n);
                i += 1;
            }
        } else if (c == '.') {
            if (label.empty()) {
                // A trailing dot ends the name; an empty label anywhere else is malformed.
                if (i + 1 == name.size() && !labels.empty()) break;
                return std::nullopt;
            }
            labels.push_back(std::move(label));
            label.clear();
        } else {
            label.push_back(c);
        }
        if (label.size() > 63) return std::nullopt;
    }
    if (!label.empty()) labels.push_back(std::move(label));
    return labels;
}

namespace {
bool printable_mailbox_part(std::string_view s) {
    if (s.empty()) return false;
    for (unsigned char c : s)
        if (c <= 0x20 || c >= 0x7f || c == '@' || c == '"' || c == '\\') return false;
    return true;
}
} // namespace

std::optional<std::string> rname_to_email(std::string_view rname) {
    auto labels = split_dns_name(rname);
    if (!labels || labels->size() < 3) return std::nullopt;
    std::string local = (*labels)[0];
    if (!printable_mailbox_part(local) || local.size() > 64) return std::nullopt;
    std::string domain;
    for (std::size_t i = 1; i < labels->size(); ++i) {
        const std::string& l = (*labels)[i];
        if (!printable_mailbox_part(l) || l.find('.') != std::string::npos) return std::nullopt;
        if (!domain.empty()) domain.push_back('.');
        domain += ascii_lower(l);
    }
    return local + "@" + domain;
}

std::string ascii_upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

std::string_view trim_blanks(std::string_view s) {
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (!s.empty() && blank(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && blank(s.back()))
        s.remove_suffix(1);
    return s;
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool is_at_or_below(std::string_view name, std::string_view zone) {
    if (zone.empty()) return true;
    if (name.size() < zone.size()) return false;
    if (name.substr(name.size() - zone.size()) != zone) return false;
    return name.size() == zone.size() || name[name.size() - zone.size() - 1] == '.';
}

namespace {
void append_hex_escape(std::string& out, unsigned value, bool unicode) {
    static const char* digits = "0123456789abcdef";
    if (unicode) {
        out += "\\u{";
        bool started = false;
        for (int shift = 20; shift >= 0; shift -= 4) {
            unsigned d = (value >> shift) & 0xF;
            if (d != 0 || started || shift == 0) {
                out.push_back(digits[d]);
                started = true;
            }
        }
        out += "}";
    } else {
        out += "\\x";
        out.push_back(digits[(value >> 4) & 0xF]);
        out.push_back(digits[value & 0xF]);
    }
}

// Length of a valid UTF-8 sequence starting at s[i] and its code point; 0 when invalid.
std::size_t decode_utf8(std::string_view s, std::size_t i, std::uint32_t& cp) {
    auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    if (b < 0x80) {
        cp = b;
        return 1;
    } else if ((b & 0xE0) == 0xC0) {
        len = 2;
        cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
        len = 3;
        cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
        len = 4;
        cp = b & 0x07;
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (c & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        return 0;
    return len;
}

bool is_bidi_control(std::uint32_t cp) {
    // Bidirectional overrides and isolates can reorder what a terminal shows.
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
           cp == 0x200F || cp == 0x061C;
}
} // namespace

std::string sanitize(std::string_view text, std::size_t max_bytes) {
    std::string out;
    out.reserve(text.size() < max_bytes ? text.size() : max_bytes);
    for (std::size_t i = 0; i < text.size();) {
        if (out.size() >= max_bytes) {
            out += "…";
            break;
        }
        std::uint32_t cp = 0;
        std::size_t len = decode_utf8(text, i, cp);
        if (len == 0) {
            append_hex_escape(out, static_cast<unsigned char>(text[i]), false);
            i += 1;
            continue;
        }
        if (cp < 0x20 || cp == 0x7F) {
            append_hex_escape(out, cp, false);
        } else if ((cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp)) {
            append_hex_escape(out, cp, true);
        } else {
            out.append(text.substr(i, len));
        }
        i += len;
    }
    return out;
}

std::string registry_address(std::string_view text) {
    std::string a(trim_blanks(text.substr(0, text.find('/'))));
    if (a.find(':') != std::string::npos) return ascii_lower(a);
    std::string out;
    std::size_t start = 0;
    while (start <= a.size()) {
        auto dot = a.find('.', start);
        std::string part =
            a.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        while (part.size() > 1 && part.front() == '0')
            part.erase(0, 1);
        out += (out.empty() ? "" : ".") + part;
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return out;
}

bool is_https_address(std::string_view url) {
    constexpr std::string_view kScheme = "https://";
    if (url.size() > 2000 || url.substr(0, kScheme.size()) != kScheme) return false;
    std::string_view rest = url.substr(kScheme.size());
    if (rest.empty() || rest.front() == '/' || rest.front() == '?' || rest.front() == '#')
        return false;
    for (char c : url) {
        auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\') return false;
    }
    return true;
}

} // namespace renraku::sdk
