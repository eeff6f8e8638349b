#pragma once
// What the notice tests share: a fresh folder, a shell command's output, a real SMTP server on
// loopback (aiosmtpd) that keeps every message it accepts, a throw-away OpenPGP key, and the
// parts of a signed message.

#include <filesystem>
#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace renraku::test {

/// A new folder under the temporary directory, "renraku-WHAT-NNN".
std::filesystem::path temp_dir(const std::string& what);

/// A shell command's exit status and output (stdout and stderr together).
std::pair<int, std::string> run(const std::string& cmd);

/// Today's date in UTC, "2026-12-04": when feedback read now is recorded.
std::string today_utc();

/// A real SMTP server on loopback that keeps every message in a maildir; each kept message
/// carries X-MailFrom and X-RcptTo (the envelope it was given), one file per transaction.
class SmtpServer {
  public:
    SmtpServer();
    ~SmtpServer();
    SmtpServer(const SmtpServer&) = delete;
    SmtpServer& operator=(const SmtpServer&) = delete;
    int port() const { return port_; }
    std::vector<std::string> messages() const;
    bool listening() const;
    /// `smtp_url = ...` and `smtp_starttls = "none"` for a [notice] table.
    std::string notice_config() const;

  private:
    std::filesystem::path maildir_;
    int port_ = 0;
    pid_t pid_ = -1;
};

/// A throw-away OpenPGP key in its own GnuPG home.
struct TestKey {
    std::filesystem::path home;
    std::string fingerprint;
    std::filesystem::path public_keyring;
    explicit TestKey(const std::string& uid);
    ~TestKey();
    TestKey(const TestKey&) = delete;
    TestKey& operator=(const TestKey&) = delete;
};

/// Base64 decoded; what is not of the alphabet (line ends, padding) is passed over.
std::string base64_decoded(const std::string& b64);

/// A MIME message as a reader sees it: every header as it is, and every base64 body decoded
/// (text, attachments), in order. What a leak check reads of a message that went out.
std::string readable_message(const std::string& message);

/// X-ARF reports checked against the published schemas (tests/data/xarf/schemas/3) by
/// tests/tools/validate_xarf.py: its exit status (0 all valid) and one line per file.
std::pair<int, std::string> validate_xarf(const std::vector<std::filesystem::path>& files);

/// Every xarf*.json under `dir`.
std::vector<std::filesystem::path> xarf_files_under(const std::filesystem::path& dir);

/// The signed part and the signature of a multipart/signed message, byte for byte.
std::pair<std::string, std::string> signed_parts(const std::string& message);

} // namespace renraku::test
