#pragma once
// Sending a written message through the site's SMTP relay (libcurl: STARTTLS, authentication,
// a timeout on every step). Sending is always a separate, explicit step.

#include <chrono>
#include <string>
#include <vector>

namespace renraku::core::notice {

struct SmtpOptions {
    std::string url;              // "smtp://relay.example.jp:587", "smtps://..."
    std::string starttls = "try"; // "none", "try", "required"
    std::string user;             // empty: no authentication
    std::string password;         // from the environment, never from a file we write
    std::string ca_file;          // empty: the system store
    std::chrono::milliseconds timeout{30000};
};

/// Send `message` (RFC 5322, CRLF) from `from` to `recipients`; empty on success, else one line
/// saying what failed.
std::string smtp_send(const SmtpOptions& options, const std::string& from,
                      const std::vector<std::string>& recipients, const std::string& message);

/// Connect to the relay and greet it (EHLO, and STARTTLS and authentication as configured),
/// sending no message; empty when it answered, else what failed.
std::string smtp_check(const SmtpOptions& options);

} // namespace renraku::core::notice
