#include "charset.hpp"

#include "renraku/sdk/text.hpp"

#include <cerrno>
#include <iconv.h>
#include <utility>
#include <vector>

namespace renraku::core::net {

namespace {

void append_latin1(std::string& out, unsigned char c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

std::size_t utf8_sequence(std::string_view s, std::size_t i) {
    auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = b < 0x80             ? 1
                      : (b & 0xE0) == 0xC0 ? 2
                      : (b & 0xF0) == 0xE0 ? 3
                      : (b & 0xF8) == 0xF0 ? 4
                                           : 0;
    if (len == 0 || i + len > s.size()) return 0;
    for (std::size_t k = 1; k < len; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
    if (len == 2 && b < 0xC2) return 0; // overlong
    return len;
}

Decoded utf8_or_latin1(std::string_view raw) {
    Decoded d;
    d.text.reserve(raw.size());
    std::size_t run = 0; // start of the valid UTF-8 not yet copied
    for (std::size_t i = 0; i < raw.size();) {
        std::size_t len = utf8_sequence(raw, i);
        if (len != 0) {
            i += len;
            continue;
        }
        d.text.append(raw.substr(run, i - run));
        append_latin1(d.text, static_cast<unsigned char>(raw[i]));
        run = ++i;
    }
    d.text.append(raw.substr(run));
    return d;
}

// Opening a converter loads glibc's gconv module for the charset (a dlopen and a dlclose each
// time), which costs more than converting a whole answer; each thread keeps the few converters it
// has used, reset to the initial state before each use.
class Converters {
public:
    Converters() = default;
    Converters(const Converters&) = delete;
    Converters& operator=(const Converters&) = delete;
    ~Converters() {
        for (auto& [name, cd] : open_)
            if (cd != failed()) iconv_close(cd);
    }
    /// The converter from `charset` to UTF-8 in its initial state, or failed() when the charset
    /// is unknown.
    iconv_t get(const std::string& charset) {
        for (auto& [name, cd] : open_)
            if (name == charset) {
                if (cd != failed()) iconv(cd, nullptr, nullptr, nullptr, nullptr);
                return cd;
            }
        // Charsets come from the config and a few built-in names; the bound keeps a thread's
        // converters few even so.
        if (open_.size() >= kKept) {
            if (open_.front().second != failed()) iconv_close(open_.front().second);
            open_.erase(open_.begin());
        }
        open_.emplace_back(charset, iconv_open("UTF-8", charset.c_str()));
        return open_.back().second;
    }
    static iconv_t failed() { return reinterpret_cast<iconv_t>(-1); }

private:
    static constexpr std::size_t kKept = 8;
    std::vector<std::pair<std::string, iconv_t>> open_;
};

iconv_t converter(const std::string& charset) {
    thread_local Converters converters;
    return converters.get(charset);
}

} // namespace

Decoded decode_to_utf8(std::string_view raw, const std::string& charset) {
    std::string cs = sdk::ascii_lower(charset);
    // ISO-2022-JP announces itself with escape sequences that never occur in UTF-8 text, so an
    // answer in it decodes right even when the server's charset was not configured (JPRS
    // answered in ISO-2022-JP until 2015 and in UTF-8 since).
    bool iso2022jp = raw.find("\x1b$B") != std::string_view::npos ||
                     raw.find("\x1b$@") != std::string_view::npos;
    if ((cs.empty() || cs == "utf-8" || cs == "utf8") && iso2022jp) cs = "iso-2022-jp";
    if (cs.empty() || cs == "utf-8" || cs == "utf8") return utf8_or_latin1(raw);
    iconv_t cd = converter(cs == "shift_jis" ? "SHIFT_JIS" : cs);
    if (cd == Converters::failed()) return utf8_or_latin1(raw);
    Decoded d;
    std::string in(raw);
    char* inp = in.data();
    std::size_t inleft = in.size();
    char buf[4096];
    while (inleft > 0) {
        char* outp = buf;
        std::size_t outleft = sizeof buf;
        std::size_t rc = iconv(cd, &inp, &inleft, &outp, &outleft);
        d.text.append(buf, sizeof buf - outleft);
        if (rc != static_cast<std::size_t>(-1) || errno == E2BIG) continue;
        // EILSEQ or EINVAL: a byte that cannot be decoded; say so with U+FFFD and go on.
        d.text += "\xEF\xBF\xBD";
        ++d.replaced;
        ++inp;
        --inleft;
        iconv(cd, nullptr, nullptr, nullptr, nullptr);
    }
    char* outp = buf; // flush the shift state (ISO-2022-JP returns to ASCII)
    std::size_t outleft = sizeof buf;
    iconv(cd, nullptr, nullptr, &outp, &outleft);
    d.text.append(buf, sizeof buf - outleft);
    return d;
}

} // namespace renraku::core::net
