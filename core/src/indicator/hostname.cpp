#include "hostname.hpp"

#include "renraku/sdk/text.hpp"

#include <idn2.h>
#include <libpsl.h>

#include <cstdlib>
#include <functional>
#include <memory>
#include <unordered_map>

namespace renraku::core {

namespace {

struct FreeDeleter {
    void operator()(char* p) const { std::free(p); } // NOLINT: memory owned by C libraries
};
using CString = std::unique_ptr<char, FreeDeleter>;

bool is_ascii(std::string_view s) {
    for (unsigned char c : s)
        if (c >= 0x80) return false;
    return true;
}

bool check_ascii_labels(std::string_view host, std::string& why) {
    if (host.find('.') == std::string_view::npos) {
        why = "a single label is not a domain or host name";
        return false;
    }
    // Label by label in place: a list of them cost an allocation a name.
    for (std::size_t start = 0;;) {
        auto dot = host.find('.', start);
        std::string_view label =
            host.substr(start, dot == std::string_view::npos ? host.npos : dot - start);
        if (label.empty()) {
            why = "empty label (two dots in a row, or a leading dot)";
            return false;
        }
        if (label.size() > 63) {
            why = "label of " + std::to_string(label.size()) + " characters (at most 63)";
            return false;
        }
        for (unsigned char c : label) {
            bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                why = std::string("character '") + static_cast<char>(c) +
                      "' is not allowed in a host name";
                return false;
            }
        }
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    if (host.size() > 253) {
        why = "name of " + std::to_string(host.size()) + " characters (at most 253)";
        return false;
    }
    std::string_view last = host.substr(host.rfind('.') + 1);
    bool numeric = true;
    for (char c : last)
        if (c < '0' || c > '9') numeric = false;
    if (numeric) {
        why = "top-level label is all digits (an incomplete IPv4 address?)";
        return false;
    }
    return true;
}

const psl_ctx_t* psl_context() {
    // The distribution's list is fresher than the copy built into the library.
    static const psl_ctx_t* ctx = [] {
        const psl_ctx_t* latest = psl_latest(nullptr);
        return latest != nullptr ? latest : psl_builtin();
    }();
    return ctx;
}

} // namespace

std::optional<HostName> normalize_host(std::string_view text, std::string& why, bool full) {
    if (!text.empty() && text.back() == '.') text.remove_suffix(1);
    if (text.empty()) {
        why = "empty host name";
        return std::nullopt;
    }
    HostName out;
    if (is_ascii(text)) {
        out.ascii = sdk::ascii_lower(text);
    } else {
        char* raw = nullptr;
        int rc = idn2_lookup_u8(reinterpret_cast<const uint8_t*>(std::string(text).c_str()),
                                reinterpret_cast<uint8_t**>(&raw),
                                IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
        CString ascii(raw);
        if (rc != IDN2_OK) {
            why = std::string("not a valid internationalised name: ") + idn2_strerror(rc);
            return std::nullopt;
        }
        out.ascii = sdk::ascii_lower(ascii.get());
    }
    if (!check_ascii_labels(out.ascii, why)) return std::nullopt;

    // Only an "xn--" label differs between the two forms: most names need no IDN work at all
    // (which matters when a log holds a million of them).
    if (out.ascii.find("xn--") == std::string::npos) {
        if (full) out.unicode = out.ascii;
    } else {
        char* raw = nullptr;
        int rc = idn2_to_unicode_8z8z(out.ascii.c_str(), &raw, 0);
        CString unicode(raw);
        if (rc != IDN2_OK) {
            why = std::string("not a valid punycode name: ") + idn2_strerror(rc);
            return std::nullopt;
        }
        out.unicode = unicode.get();
        // A label written as "xn--" must round-trip, or it is not a real A-label.
        char* back = nullptr;
        rc = idn2_lookup_u8(reinterpret_cast<const uint8_t*>(out.unicode.c_str()),
                            reinterpret_cast<uint8_t**>(&back), IDN2_NONTRANSITIONAL);
        CString again(back);
        if (rc != IDN2_OK || sdk::ascii_lower(again.get()) != out.ascii) {
            why = "punycode label does not decode to a valid name";
            return std::nullopt;
        }
    }
    if (!full) return out;
    out.registrable = registrable_domain(out.ascii);
    // The ICANN section's longest suffix lies within the longest suffix of the whole list (every
    // ICANN suffix is on the list), so the search for it starts there rather than at the host.
    std::size_t from = 0;
    if (!out.registrable.empty()) from = out.ascii.size() - out.registrable.size();
    out.registered = registered_domain_from(out.ascii, from);
    return out;
}

std::string registrable_domain(const std::string& ascii_host) {
    const char* reg = psl_registrable_domain(psl_context(), ascii_host.c_str());
    return reg != nullptr ? std::string(reg) : std::string();
}

std::string registered_domain(const std::string& ascii_host) {
    return registered_domain_from(ascii_host, 0);
}

std::string registered_domain_from(const std::string& ascii_host, std::size_t start) {
    // The longest suffix the ICANN section calls public, and one label more. Each suffix is the
    // tail of the host's own C string: no copy to ask about it.
    std::size_t previous = std::string::npos;
    if (start > 0) {
        // `start` begins a candidate domain: it is the one label more, its suffix comes next.
        previous = start;
        auto dot = ascii_host.find('.', start);
        if (dot == std::string::npos) return {};
        start = dot + 1;
    }
    while (true) {
        if (psl_is_public_suffix2(psl_context(), ascii_host.c_str() + start, PSL_TYPE_ICANN) != 0)
            return previous == std::string::npos ? std::string() : ascii_host.substr(previous);
        auto dot = ascii_host.find('.', start);
        if (dot == std::string::npos) return {};
        previous = start;
        start = dot + 1;
    }
}

} // namespace renraku::core

namespace renraku::core {

namespace {

struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

} // namespace

bool has_listed_suffix(const std::string& ascii_host) {
    auto dot = ascii_host.rfind('.');
    if (dot == std::string::npos || dot + 1 >= ascii_host.size()) return false;
    std::string_view tld = std::string_view(ascii_host).substr(dot + 1);
    // Each answer is kept: a log names a few top-level domains over and over, and the list's
    // search costs more than the rest of a name's extraction. Bounded, for a log of made-up ones.
    static constexpr std::size_t kMaxKept = 4096;
    thread_local std::unordered_map<std::string, bool, TextHash, std::equal_to<>> kept;
    if (auto it = kept.find(tld); it != kept.end()) return it->second;
    bool listed = psl_is_public_suffix2(psl_context(), ascii_host.c_str() + dot + 1,
                                        PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
    if (kept.size() < kMaxKept) kept.emplace(tld, listed);
    return listed;
}

} // namespace renraku::core
