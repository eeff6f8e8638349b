#include "cli_runner.hpp"

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace renraku::test {

int spawn_cli(const std::vector<std::string>& args, const std::string& stdin_text,
              const std::string& log) {
    int in[2];
    if (pipe(in) != 0) throw std::runtime_error("pipe");
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        close(in[0]);
        close(in[1]);
        int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(fd, 1);
        dup2(fd, 2);
        std::vector<std::string> copy = args;
        std::string bin = RENRAKU_TEST_BINARY;
        std::vector<char*> argv{bin.data()};
        for (auto& a : copy)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(bin.c_str(), argv.data());
        _exit(127);
    }
    close(in[0]);
    [[maybe_unused]] auto w = write(in[1], stdin_text.data(), stdin_text.size());
    close(in[1]);
    return pid;
}

int wait_cli(int pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

CliRun run_cli(const std::vector<std::string>& args, const std::string& stdin_text,
               const std::vector<std::pair<std::string, std::string>>& env) {
    int in[2];
    int out[2];
    int err[2];
    if (pipe(in) != 0 || pipe(out) != 0 || pipe(err) != 0) throw std::runtime_error("pipe");
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(err[1], 2);
        for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]})
            close(fd);
        std::vector<char*> argv;
        std::string bin = RENRAKU_TEST_BINARY;
        argv.push_back(bin.data());
        std::vector<std::string> copy = args;
        for (auto& a : copy)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        setenv("RENRAKU_CONFIG", "", 1);
        setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
        for (const auto& [name, value] : env)
            setenv(name.c_str(), value.c_str(), 1);
        execv(bin.c_str(), argv.data());
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    close(err[1]);
    [[maybe_unused]] auto w = write(in[1], stdin_text.data(), stdin_text.size());
    close(in[1]);
    CliRun run;
    pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    int open_fds = 2;
    while (open_fds > 0) {
        poll(fds, 2, 1000);
        for (auto& p : fds) {
            if (p.fd < 0 || p.revents == 0) continue;
            char buf[4096];
            ssize_t n = read(p.fd, buf, sizeof buf);
            if (n <= 0) {
                close(p.fd);
                p.fd = -1;
                --open_fds;
                continue;
            }
            (p.fd == out[0] ? run.out : run.err).append(buf, static_cast<std::size_t>(n));
        }
    }
    int status = 0;
    waitpid(pid, &status, 0);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return run;
}

std::string world_config_text() {
    std::ifstream in(RENRAKU_TEST_WORLD_CONFIG);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string world_config_with(const std::string& extra) {
    return world_config_text() + "\n" + extra + "\n";
}

std::string with_network_timeout(std::string config_text, int timeout_ms) {
    auto at = config_text.find("\ntimeout_ms = ");
    if (at == std::string::npos) return config_text;
    auto end = config_text.find('\n', at + 1);
    config_text.replace(at + 1, end - at - 1, "timeout_ms = " + std::to_string(timeout_ms));
    return config_text;
}

nlohmann::json lookup_json(const std::vector<std::string>& indicators, const std::string& sources,
                           const std::string& config) {
    std::vector<std::string> args{"lookup", "--config",  config, "--format",
                                  "json",   "--sources", sources};
    args.insert(args.end(), indicators.begin(), indicators.end());
    auto run = run_cli(args);
    INFO(run.err);
    // 0: every indicator got a `to`; 1: some did not; 3: some did not and a source failed.
    REQUIRE((run.exit_code <= 1 || run.exit_code == 3));
    return nlohmann::json::parse(run.out);
}

} // namespace renraku::test
