#pragma once
// Signing and encrypting through GPGME with the user's own GnuPG keyring: our key signs every
// notice when configured; a notice is encrypted only to a key whose fingerprint a trusted
// source gave (security.txt Encryption checked by its own signature, the CSIRT data), and only
// when that very key is in the keyring — never to a key found by name.

#include <optional>
#include <string>

namespace renraku::core::notice {

struct Signature {
    std::string armored;
    std::string micalg; // "pgp-sha256"
};

class OpenPgp {
  public:
    /// `home`: the GnuPG home folder (empty: gpg's default).
    explicit OpenPgp(std::string home) : home_(std::move(home)) {}

    /// A detached, armored signature of `data` by the secret key `fingerprint`; nullopt and
    /// `why` when it cannot be made (no such key, a passphrase gpg-agent does not hold).
    std::optional<Signature> sign(const std::string& data, const std::string& fingerprint,
                                  std::string& why) const;
    /// `data` encrypted (armored) to the public key whose fingerprint is exactly `fingerprint`.
    std::optional<std::string> encrypt(const std::string& data, const std::string& fingerprint,
                                       std::string& why) const;
    /// True when the keyring holds the public key with exactly this fingerprint.
    bool has_key(const std::string& fingerprint) const;
    /// True when the keyring holds the secret key with exactly this fingerprint (ours, to sign
    /// with); else `why`.
    bool has_secret_key(const std::string& fingerprint, std::string& why) const;

  private:
    std::string home_;
};

/// A fingerprint without spaces, upper case; empty when it is not 40 (or 64) hex digits.
std::string normalize_fingerprint(const std::string& text);

} // namespace renraku::core::notice
