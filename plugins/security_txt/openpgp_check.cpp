#include "openpgp_check.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace renraku::security_txt {

namespace {

// A temporary file holding the signed text, removed when done.
class TempFile {
  public:
    explicit TempFile(const std::string& content) {
        const char* dir = std::getenv("TMPDIR");
        path_ = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") +
                "/renraku-securitytxt-XXXXXX";
        int fd = mkstemp(path_.data());
        if (fd < 0) {
            path_.clear();
            return;
        }
        std::size_t done = 0;
        while (done < content.size()) {
            auto n = write(fd, content.data() + done, content.size() - done);
            if (n <= 0) break;
            done += static_cast<std::size_t>(n);
        }
        close(fd);
        ok_ = done == content.size();
    }
    ~TempFile() {
        if (!path_.empty()) unlink(path_.c_str());
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    bool ok() const { return ok_; }
    const std::string& path() const { return path_; }

  private:
    std::string path_;
    bool ok_ = false;
};

class Fd {
  public:
    explicit Fd(int fd = -1) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }
    void reset(int fd = -1) {
        if (fd_ >= 0) close(fd_);
        fd_ = fd;
    }

  private:
    int fd_;
};

SignatureCheck error(std::string message) {
    SignatureCheck c;
    c.message = std::move(message);
    return c;
}

} // namespace

SignatureCheck check_signature(const std::string& signed_text, const std::string& keyring,
                               std::chrono::milliseconds timeout) {
    TempFile file(signed_text);
    if (!file.ok()) return error("cannot write a temporary file for gpgv");
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) return error("cannot make a pipe for gpgv");
    Fd read_end(pipe_fds[0]);
    Fd write_end(pipe_fds[1]);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, write_end.get(), 1);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    std::vector<std::string> args = {"gpgv",  "--status-fd", "1",        "--keyring",
                                     keyring, "--",          file.path()};
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    int rc = posix_spawnp(&pid, "gpgv", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    write_end.reset();
    if (rc != 0) return error("cannot run gpgv (is it installed?)");

    std::string status;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    bool timed_out = false;
    while (status.size() < 65536) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            timed_out = true;
            break;
        }
        pollfd p{read_end.get(), POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
        char buf[4096];
        auto n = read(read_end.get(), buf, sizeof buf);
        if (n <= 0) break;
        status.append(buf, static_cast<std::size_t>(n));
    }
    if (timed_out) kill(pid, SIGKILL);
    int wstatus = 0;
    while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
    }
    if (timed_out) return error("gpgv took longer than " + std::to_string(timeout.count()) + " ms");

    SignatureCheck c;
    auto field_after = [&](const std::string& tag) {
        auto pos = status.find("[GNUPG:] " + tag + " ");
        if (pos == std::string::npos) return std::string();
        auto start = pos + 10 + tag.size();
        return status.substr(start, status.find_first_of(" \n", start) - start);
    };
    if (status.find("[GNUPG:] GOODSIG ") != std::string::npos &&
        status.find("[GNUPG:] VALIDSIG ") != std::string::npos) {
        c.result = SignatureCheck::Result::good;
        c.fingerprint = field_after("VALIDSIG");
    } else if (status.find("[GNUPG:] BADSIG ") != std::string::npos) {
        c.result = SignatureCheck::Result::bad;
    } else if (status.find("[GNUPG:] NO_PUBKEY ") != std::string::npos) {
        c.result = SignatureCheck::Result::no_key;
    } else {
        c.message = "gpgv could not check the signature";
    }
    return c;
}

} // namespace renraku::security_txt
