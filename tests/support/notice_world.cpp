#include "notice_world.hpp"
#include "harness.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <random>
#include <sstream>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace renraku::test {

fs::path temp_dir(const std::string& what) {
    static std::mt19937_64 rng{std::random_device{}()};
    fs::path d =
        fs::temp_directory_path() / ("renraku-" + what + "-" + std::to_string(rng() % 1000000000));
    fs::create_directories(d);
    return d;
}

std::pair<int, std::string> run(const std::string& cmd) {
    std::string out;
    FILE* p = popen((cmd + " 2>&1").c_str(), "r");
    if (p == nullptr) return {-1, ""};
    char buf[4096];
    while (fgets(buf, sizeof buf, p) != nullptr)
        out += buf;
    int status = pclose(p);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::string today_utc() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char day[16];
    std::strftime(day, sizeof day, "%Y-%m-%d", &tm);
    return day;
}

SmtpServer::SmtpServer() {
    maildir_ = temp_dir("maildir") / "box"; // made by the server itself
    static std::mt19937 rng{std::random_device{}()};
    // A random port may be taken (the server then exits at once): another one is tried. Python
    // starting aiosmtpd on a loaded machine can take seconds: up to 20 s before giving up.
    for (int attempt = 0; attempt < 3; ++attempt) {
        port_ = 20000 + static_cast<int>(rng() % 20000);
        pid_ = fork();
        if (pid_ == 0) {
            std::string listen = "127.0.0.1:" + std::to_string(port_);
            execl("/usr/bin/python3", "python3", "-m", "aiosmtpd", "-n", "-l", listen.c_str(), "-c",
                  "aiosmtpd.handlers.Mailbox", maildir_.c_str(), nullptr);
            _exit(127);
        }
        bool exited = false;
        for (int i = 0; i < 400 && !listening(); ++i) {
            if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
                exited = true;
                break;
            }
            usleep(50 * 1000);
        }
        if (!exited) return;
    }
}

SmtpServer::~SmtpServer() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
}

std::vector<std::string> SmtpServer::messages() const {
    std::vector<std::string> out;
    if (!fs::exists(maildir_ / "new")) return out;
    for (const auto& e : fs::directory_iterator(maildir_ / "new"))
        out.push_back(read_file(e.path()));
    return out;
}

bool SmtpServer::listening() const {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port_));
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    close(fd);
    return ok;
}

std::string SmtpServer::notice_config() const {
    return "smtp_url = \"smtp://127.0.0.1:" + std::to_string(port_) +
           "\"\nsmtp_starttls = \"none\"\n";
}

TestKey::TestKey(const std::string& uid) {
    home = temp_dir("gnupg");
    fs::permissions(home, fs::perms::owner_all, fs::perm_options::replace);
    auto gen = run("gpg --batch --homedir " + home.string() +
                   " --pinentry-mode loopback --passphrase '' --quick-gen-key '" + uid +
                   "' default default never");
    INFO(gen.second);
    REQUIRE(gen.first == 0);
    auto list = run("gpg --batch --homedir " + home.string() + " --with-colons --list-keys");
    std::istringstream in(list.second);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("fpr:", 0) == 0 && fingerprint.empty()) fingerprint = line.substr(12, 40);
    REQUIRE(fingerprint.size() == 40);
    public_keyring = home / "public.gpg";
    run("gpg --batch --homedir " + home.string() + " --export > " + public_keyring.string());
}

TestKey::~TestKey() {
    run("gpgconf --homedir " + home.string() + " --kill gpg-agent");
}

std::pair<std::string, std::string> signed_parts(const std::string& message) {
    auto b = message.find("boundary=\"", message.find("multipart/signed"));
    if (b == std::string::npos) return {};
    b += 10;
    std::string boundary = "--" + message.substr(b, message.find('"', b) - b);
    auto first = message.find(boundary + "\r\n") + boundary.size() + 2;
    auto second = message.find("\r\n" + boundary + "\r\n", first);
    std::string part = message.substr(first, second - first);
    auto sig_start = message.find("-----BEGIN PGP SIGNATURE-----", second);
    auto sig_end = message.find("-----END PGP SIGNATURE-----", sig_start);
    std::string sig = message.substr(sig_start, sig_end + 27 - sig_start) + "\n";
    return {part, sig};
}

std::string base64_decoded(const std::string& b64) {
    static const std::string kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    unsigned v = 0;
    int bits = 0;
    for (char ch : b64) {
        auto at = kAlphabet.find(ch);
        if (at == std::string::npos) continue;
        v = (v << 6) | static_cast<unsigned>(at);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((v >> bits) & 0xFF));
        }
    }
    return out;
}

std::string readable_message(const std::string& message) {
    std::istringstream in(message);
    std::string line, out, body;
    bool base64 = false;  // the current part's body is base64
    bool in_body = false; // past the current part's blank line
    auto flush = [&] {
        if (!body.empty()) out += base64_decoded(body) + "\n";
        body.clear();
    };
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.rfind("--", 0) == 0) { // a boundary: a new part's headers follow
            flush();
            base64 = false;
            in_body = false;
            out += line + "\n";
            continue;
        }
        if (!in_body) {
            if (line.empty()) {
                in_body = true;
            } else if (line.find("Content-Transfer-Encoding: base64") != std::string::npos) {
                base64 = true;
            }
            out += line + "\n";
            continue;
        }
        if (base64)
            body += line;
        else
            out += line + "\n";
    }
    flush();
    return out;
}

std::pair<int, std::string> validate_xarf(const std::vector<std::filesystem::path>& files) {
    // The system's Python: python3-jsonschema is a Debian package (scripts/install-deps).
    std::string cmd = std::string("/usr/bin/python3 ") + RENRAKU_TEST_SOURCE_DIR +
                      "/tests/tools/validate_xarf.py " + RENRAKU_TEST_SOURCE_DIR +
                      "/tests/data/xarf/schemas/3";
    for (const auto& f : files)
        cmd += " '" + f.string() + "'";
    return run(cmd);
}

std::vector<std::filesystem::path> xarf_files_under(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
        auto name = e.path().filename().string();
        if (e.is_regular_file() && name.rfind("xarf", 0) == 0 && e.path().extension() == ".json")
            out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace renraku::test
