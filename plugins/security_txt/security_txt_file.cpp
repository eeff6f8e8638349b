#include "security_txt_file.hpp"

#include "renraku/registry/whois_text.hpp"
#include "renraku/sdk/mailbox.hpp"
#include "renraku/sdk/text.hpp"

#include <algorithm>

namespace renraku::security_txt {

namespace {

constexpr std::size_t kMaxFields = 200;

bool has_controls(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && c != '\t') || u == 0x7f;
    });
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && sdk::ascii_lower(s.substr(0, prefix.size())) == prefix;
}

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto nl = text.find('\n', start);
        auto end = nl == std::string_view::npos ? text.size() : nl;
        auto line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        out.push_back(line);
        start = end + 1;
    }
    return out;
}

// The signed text of an OpenPGP cleartext message (RFC 4880 section 7), dash-escaping undone.
std::vector<std::string_view> unwrap_signed(const std::vector<std::string_view>& lines,
                                            bool& malformed) {
    std::vector<std::string_view> out;
    std::size_t i = 1;
    while (i < lines.size() &&
           !sdk::trim_blanks(lines[i]).empty()) // armor headers ("Hash: SHA256")
        ++i;
    bool ended = false;
    for (++i; i < lines.size(); ++i) {
        if (lines[i].rfind("-----BEGIN PGP SIGNATURE-----", 0) == 0) {
            ended = true;
            break;
        }
        auto line = lines[i];
        if (line.rfind("- ", 0) == 0) line.remove_prefix(2);
        out.push_back(line);
    }
    malformed = !ended;
    return out;
}

} // namespace

std::string openpgp4fpr(std::string_view uri) {
    if (!starts_with_ci(uri, "openpgp4fpr:")) return {};
    std::string fpr;
    for (char c : uri.substr(12)) {
        if (std::isxdigit(static_cast<unsigned char>(c)) == 0) return {};
        fpr.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    return fpr.size() == 40 ? fpr : std::string();
}

SecurityTxt parse_security_txt(std::string_view body) {
    SecurityTxt out;
    if (body.rfind("\xEF\xBB\xBF", 0) == 0) body.remove_prefix(3); // a byte order mark
    auto lines = lines_of(body);
    if (!lines.empty() && sdk::trim_blanks(lines.front()) == "-----BEGIN PGP SIGNED MESSAGE-----") {
        out.signed_cleartext = true;
        lines = unwrap_signed(lines, out.signature_malformed);
    }
    std::size_t fields = 0;
    for (auto raw : lines) {
        auto line = sdk::trim_blanks(raw);
        if (line.empty() || line.front() == '#') continue;
        auto colon = line.find(':');
        if (colon == std::string_view::npos || ++fields > kMaxFields) continue;
        std::string name = sdk::ascii_lower(sdk::trim_blanks(line.substr(0, colon)));
        auto value = sdk::trim_blanks(line.substr(colon + 1));
        if (value.empty()) continue;
        if (has_controls(value)) {
            if (name == "contact") out.ignored.push_back("a Contact with control characters");
            continue;
        }
        std::string v(value.substr(0, 1024));
        if (name == "contact") {
            if (starts_with_ci(v, "mailto:")) {
                // Exactly one address, the query (?cc=, ?subject=) dropped, or none.
                auto m = sdk::mailbox_from_uri(v);
                if (m.ok())
                    out.emails.push_back(m.address);
                else
                    out.ignored.push_back("Contact \"" + sdk::sanitize(v, 80) +
                                          "\" (not a mailbox: " + m.refused + ")");
            } else if (starts_with_ci(v, "https://")) {
                out.urls.push_back(v);
            } else if (starts_with_ci(v, "tel:")) {
                out.phones.push_back(v.substr(4));
            } else {
                out.ignored.push_back("Contact \"" + sdk::sanitize(v, 80) +
                                      "\" (only mailto:, https: and tel: are used)");
            }
        } else if (name == "expires") {
            ++out.expires_count;
            if (out.expires.empty()) {
                out.expires = v;
                out.expires_days = registry::registry_date_days(v);
            }
        } else if (name == "encryption") {
            out.encryption.push_back(v);
        } else if (name == "canonical") {
            out.canonical.push_back(v);
        } else if (name == "policy") {
            out.policy.push_back(v);
        } else if (name == "preferred-languages" && out.preferred_languages.empty()) {
            out.preferred_languages = v;
        }
    }
    return out;
}

} // namespace renraku::security_txt
