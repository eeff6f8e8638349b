#pragma once
// Reading a security.txt file (RFC 9116).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace renraku::security_txt {

struct SecurityTxt {
    std::vector<std::string> emails;  // from "Contact: mailto:"
    std::vector<std::string> urls;    // from "Contact: https://"
    std::vector<std::string> phones;  // from "Contact: tel:"
    std::vector<std::string> ignored; // Contact values not used, and why, for notes
    std::optional<long> expires_days; // days since 1970-01-01
    std::string expires;              // as written
    int expires_count = 0;
    std::vector<std::string> encryption;
    std::vector<std::string> canonical;
    std::vector<std::string> policy;
    std::string preferred_languages;
    bool signed_cleartext = false; // an OpenPGP cleartext signature wraps the fields
    bool signature_malformed = false;
};

/// Read the fields of a security.txt body. Field names are case-insensitive; a line with control
/// characters is skipped; Contact schemes other than mailto:, https: and tel: are ignored (and
/// listed in `ignored`). An OpenPGP cleartext-signed file is unwrapped (RFC 4880 dash-escaping
/// undone) and marked.
SecurityTxt parse_security_txt(std::string_view body);

/// "openpgp4fpr:ABCD..." -> the 40-hex-digit fingerprint in upper case; empty otherwise.
std::string openpgp4fpr(std::string_view uri);

} // namespace renraku::security_txt
