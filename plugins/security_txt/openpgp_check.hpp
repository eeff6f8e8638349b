#pragma once
// Checking an OpenPGP cleartext signature with gpgv against a keyring the user names.

#include <chrono>
#include <string>

namespace renraku::security_txt {

struct SignatureCheck {
    enum class Result { good, bad, no_key, error };
    Result result = Result::error;
    std::string fingerprint; // of the signing key, when gpgv names it
    std::string message;     // for errors: one line
};

/// Run `gpgv --keyring KEYRING` on `signed_text`, at most `timeout`; the process is killed when
/// it takes longer.
SignatureCheck check_signature(const std::string& signed_text, const std::string& keyring,
                               std::chrono::milliseconds timeout);

} // namespace renraku::security_txt
