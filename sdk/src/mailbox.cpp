#include "renraku/sdk/mailbox.hpp"

#include "renraku/sdk/text.hpp"

#include <cstdlib>
#include <idn2.h>
#include <vector>

namespace renraku::sdk {

namespace {

constexpr std::size_t kMaxLocal = 64;    // RFC 5321 §4.5.3.1.1
constexpr std::size_t kMaxDomain = 253;  // RFC 1035, as written without the root's dot
constexpr std::size_t kMaxAddress = 254; // RFC 5321 path limit less the angle brackets

MailboxCheck refuse(std::string why) {
    MailboxCheck m;
    m.refused = std::move(why);
    return m;
}

// RFC 5322 atext: what a dot-atom's atoms are made of.
bool atext(unsigned char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
    case '/': case '=': case '?': case '^': case '_': case '`': case '{': case '|': case '}':
    case '~':
        return true;
    default:
        return false;
    }
}

std::string check_local(std::string_view local) {
    if (local.empty()) return "no local part before the @";
    if (local.size() > kMaxLocal) return "local part longer than 64 octets";
    if (local.front() == '"') return "quoted local part (not accepted)";
    if (local.front() == '.' || local.back() == '.') return "local part begins or ends with a dot";
    char previous = 0;
    for (char ch : local) {
        auto c = static_cast<unsigned char>(ch);
        if (c == '.') {
            if (previous == '.') return "two dots in a row in the local part";
        } else if (c >= 0x80) {
            return "non-ASCII local part (not accepted)";
        } else if (!atext(c)) {
            return c < 0x20 || c == 0x7f ? "control character in the local part"
                                         : std::string("character '") + ch +
                                               "' in the local part";
        }
        previous = ch;
    }
    return {};
}

bool ldh(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

// The domain in lower-case ASCII, or why it is no host name.
std::string ascii_domain(std::string_view domain, std::string& out) {
    if (domain.empty()) return "no domain after the @";
    if (domain.front() == '[') return "IP address literal (not accepted)";
    bool ascii = true;
    for (unsigned char c : domain) {
        if (c < 0x21 || c == 0x7f) return "control character or blank in the domain";
        ascii &= c < 0x80;
    }
    if (ascii) {
        out = ascii_lower(domain);
    } else {
        char* converted = nullptr;
        std::string input(domain);
        int rc = idn2_to_ascii_8z(input.c_str(), &converted,
                                  IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
        if (rc != IDN2_OK || converted == nullptr) {
            if (converted != nullptr) idn2_free(converted);
            return std::string("domain is not a valid internationalised name (") +
                   idn2_strerror(rc) + ")";
        }
        out = ascii_lower(converted);
        idn2_free(converted);
    }
    if (out.size() > kMaxDomain) return "domain longer than 253 octets";
    if (out.back() == '.') return "domain ends with a dot";
    std::size_t labels = 0;
    std::size_t start = 0;
    std::string_view top;
    while (start <= out.size()) {
        std::size_t dot = out.find('.', start);
        std::string_view label =
            std::string_view(out).substr(start, dot == std::string::npos ? out.npos : dot - start);
        if (label.empty()) return "empty label in the domain";
        if (label.size() > 63) return "domain label longer than 63 octets";
        if (label.front() == '-' || label.back() == '-')
            return "domain label begins or ends with a hyphen";
        for (char c : label)
            if (!ldh(c))
                return std::string("character '") + c + "' in the domain (not a host name)";
        ++labels;
        top = label;
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    if (labels < 2) return "domain has no dot (not a host name)";
    bool numeric = true;
    for (char c : top)
        numeric &= c >= '0' && c <= '9';
    if (numeric) return "domain ends in a numeric label (an IP address, not a host name)";
    return {};
}

// --- lookalikes ------------------------------------------------------------------------------

enum class Script { common, latin, greek, cyrillic, armenian, hebrew, arabic, thai, han, hiragana,
                    katakana, hangul, bopomofo, other };

Script script_of(char32_t c) {
    if (c < 0x80) {
        bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        return letter ? Script::latin : Script::common;
    }
    if ((c >= 0x00C0 && c <= 0x024F) || (c >= 0x1E00 && c <= 0x1EFF)) return Script::latin;
    if ((c >= 0x0370 && c <= 0x03FF) || (c >= 0x1F00 && c <= 0x1FFF)) return Script::greek;
    if (c >= 0x0400 && c <= 0x052F) return Script::cyrillic;
    if (c >= 0x0530 && c <= 0x058F) return Script::armenian;
    if (c >= 0x0590 && c <= 0x05FF) return Script::hebrew;
    if ((c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F)) return Script::arabic;
    if (c >= 0x0E00 && c <= 0x0E7F) return Script::thai;
    if (c == 0x30FC || c == 0x3005) return Script::common; // prolonged sound mark, iteration mark
    if (c >= 0x3040 && c <= 0x309F) return Script::hiragana;
    if (c >= 0x30A0 && c <= 0x30FF) return Script::katakana;
    if ((c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
        (c >= 0x20000 && c <= 0x2FFFF))
        return Script::han;
    if ((c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF)) return Script::hangul;
    if (c >= 0x3100 && c <= 0x312F) return Script::bopomofo;
    return Script::other;
}

const char* script_name(Script s) {
    switch (s) {
    case Script::latin: return "Latin";
    case Script::greek: return "Greek";
    case Script::cyrillic: return "Cyrillic";
    case Script::armenian: return "Armenian";
    case Script::hebrew: return "Hebrew";
    case Script::arabic: return "Arabic";
    case Script::thai: return "Thai";
    case Script::han: return "Han";
    case Script::hiragana: return "Hiragana";
    case Script::katakana: return "Katakana";
    case Script::hangul: return "Hangul";
    case Script::bopomofo: return "Bopomofo";
    default: return "another script";
    }
}

// Cyrillic and Greek letters that read as Latin ones (UTS #39's confusables, the common few).
bool latin_lookalike(char32_t c) {
    switch (c) {
    case 0x0430: case 0x0441: case 0x0435: case 0x043E: case 0x0440: case 0x0445: case 0x0443:
    case 0x0456: case 0x0458: case 0x0455: case 0x0501: case 0x04BB: case 0x04CF: case 0x051B:
    case 0x051D: case 0x043A: case 0x0475: case 0x0461:
    case 0x03BF: case 0x03B1: case 0x03BD: case 0x03B9: case 0x03BA: case 0x03C1: case 0x03C5:
    case 0x03C7: case 0x03B5:
        return true;
    default:
        return false;
    }
}

std::vector<char32_t> code_points(std::string_view s) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        auto b = static_cast<unsigned char>(s[i]);
        int n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || i + static_cast<std::size_t>(n) > s.size()) return {};
        char32_t c = n == 1 ? b : n == 2 ? b & 0x1F : n == 3 ? b & 0x0F : b & 0x07;
        for (int k = 1; k < n; ++k)
            c = (c << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3F);
        out.push_back(c);
        i += static_cast<std::size_t>(n);
    }
    return out;
}

// Scripts that are written together (UTS #39 "highly restrictive"): Japanese, Chinese, Korean
// with Latin.
bool allowed_mix(unsigned mask) {
    auto bit = [](Script s) { return 1u << static_cast<unsigned>(s); };
    const unsigned japanese = bit(Script::latin) | bit(Script::han) | bit(Script::hiragana) |
                              bit(Script::katakana);
    const unsigned chinese = bit(Script::latin) | bit(Script::han) | bit(Script::bopomofo);
    const unsigned korean = bit(Script::latin) | bit(Script::han) | bit(Script::hangul);
    return (mask & ~japanese) == 0 || (mask & ~chinese) == 0 || (mask & ~korean) == 0;
}

// Why a domain (Unicode form) could be taken for another, or empty.
std::string lookalike(const std::string& unicode) {
    std::vector<std::string> labels;
    for (std::size_t start = 0;;) {
        auto dot = unicode.find('.', start);
        labels.push_back(unicode.substr(start, dot == std::string::npos ? dot : dot - start));
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    bool ascii_top = true;
    for (unsigned char c : labels.back())
        ascii_top &= c < 0x80;
    for (const auto& label : labels) {
        auto cps = code_points(label);
        unsigned mask = 0;
        bool all_lookalike = true;
        bool any_letter = false;
        for (char32_t c : cps) {
            Script s = script_of(c);
            if (s == Script::common) continue;
            any_letter = true;
            mask |= 1u << static_cast<unsigned>(s);
            all_lookalike &= latin_lookalike(c);
        }
        if (mask == 0) continue;
        if ((mask & (mask - 1)) != 0 && !allowed_mix(mask)) {
            std::string names;
            for (unsigned s = 1; s <= static_cast<unsigned>(Script::other); ++s)
                if ((mask & (1u << s)) != 0)
                    names += (names.empty() ? "" : " and ") +
                             std::string(script_name(static_cast<Script>(s)));
            return "the domain " + unicode + " mixes " + names + " letters in \"" + label +
                   "\": it may imitate another name";
        }
        if (any_letter && all_lookalike && ascii_top &&
            (mask == (1u << static_cast<unsigned>(Script::cyrillic)) ||
             mask == (1u << static_cast<unsigned>(Script::greek))))
            return "the domain " + unicode + " is written in " +
                   script_name(static_cast<Script>(__builtin_ctz(mask))) +
                   " letters that look like Latin ones: it may imitate another name";
    }
    return {};
}

} // namespace

MailboxCheck check_mailbox(std::string_view text) {
    text = trim_blanks(text);
    if (text.empty()) return refuse("empty address");
    if (text.size() > kMaxAddress) return refuse("longer than 254 octets");
    for (unsigned char c : text)
        if (c == '\r' || c == '\n') return refuse("line break in the address");
    auto at = text.rfind('@');
    if (at == std::string_view::npos) return refuse("no @");
    std::string_view local = text.substr(0, at);
    if (local.find('@') != std::string_view::npos)
        return refuse(local.front() == '"' ? "quoted local part (not accepted)"
                                           : "more than one @");
    if (auto why = check_local(local); !why.empty()) return refuse(why);
    std::string domain;
    if (auto why = ascii_domain(text.substr(at + 1), domain); !why.empty()) return refuse(why);
    if (local.size() + 1 + domain.size() > kMaxAddress) return refuse("longer than 254 octets");
    MailboxCheck m;
    if (domain.find("xn--") != std::string::npos) {
        char* unicode = nullptr;
        int rc = idn2_to_unicode_8z8z(domain.c_str(), &unicode, 0);
        if (rc != IDN2_OK || unicode == nullptr) {
            if (unicode != nullptr) idn2_free(unicode);
            return refuse("domain holds a label that is not a valid A-label");
        }
        std::string u = unicode;
        idn2_free(unicode);
        // The A-label must be what IDNA makes of its own Unicode form, or it hides something.
        char* back = nullptr;
        rc = idn2_to_ascii_8z(u.c_str(), &back, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
        bool same = rc == IDN2_OK && back != nullptr && ascii_lower(back) == domain;
        if (back != nullptr) idn2_free(back);
        if (!same) return refuse("domain holds a label that is not a valid A-label");
        m.confusable = lookalike(u);
    }
    m.address = std::string(local) + "@" + domain;
    return m;
}

MailboxCheck mailbox_from_uri(std::string_view uri) {
    uri = trim_blanks(uri);
    if (uri.size() >= 7 && ascii_lower(uri.substr(0, 7)) == "mailto:") uri.remove_prefix(7);
    if (auto q = uri.find('?'); q != std::string_view::npos) uri = uri.substr(0, q);
    std::string decoded;
    for (std::size_t i = 0; i < uri.size(); ++i) {
        if (uri[i] != '%') {
            decoded.push_back(uri[i]);
            continue;
        }
        auto hex = [](char c) {
            return c >= '0' && c <= '9'   ? c - '0'
                   : c >= 'a' && c <= 'f' ? c - 'a' + 10
                   : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                          : -1;
        };
        int hi = i + 1 < uri.size() ? hex(uri[i + 1]) : -1;
        int lo = i + 2 < uri.size() ? hex(uri[i + 2]) : -1;
        if (hi < 0 || lo < 0) return refuse("bad percent-escape");
        decoded.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    if (decoded.find(',') != std::string::npos) return refuse("more than one address");
    return check_mailbox(decoded);
}

NamedAddress split_named_address(std::string_view text) {
    std::string_view t = trim_blanks(text);
    NamedAddress out;
    if (!t.empty() && t.back() == '>') {
        auto lt = t.rfind('<');
        if (lt != std::string_view::npos) {
            out.address = std::string(t.substr(lt + 1, t.size() - lt - 2));
            std::string_view name = trim_blanks(t.substr(0, lt));
            if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
                name = name.substr(1, name.size() - 2);
            out.name = std::string(name);
            return out;
        }
    }
    out.address = std::string(t);
    return out;
}

} // namespace renraku::sdk
