#pragma once
// The signature on a registry's NRTMv4 update notification file: a JWS in compact form
// (RFC 7515), signed with ES256 (P-256) or EdDSA (Ed25519), checked against the public key the
// user configured for that registry. Also the SHA-256 by which the notification names the
// snapshot and delta files.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace renraku::core::mirror {

/// The payload of `compact` when `public_key_pem` signed it; nullopt otherwise, with `why`
/// saying what failed (a header other than ES256/EdDSA, a "crit" header, a bad signature, ...).
std::optional<std::string> verify_jws(std::string_view compact, const std::string& public_key_pem,
                                      std::string& why);

/// Strict base64url (RFC 4648 §5) without padding; nullopt on any other character.
std::optional<std::string> base64url_decode(std::string_view text);

/// SHA-256 in lower-case hex.
std::string sha256_hex(std::string_view bytes);
/// SHA-256 of a file's bytes in lower-case hex; empty when it cannot be read.
std::string sha256_file_hex(const std::filesystem::path& file);

} // namespace renraku::core::mirror
