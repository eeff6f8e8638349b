#pragma once
// Running the built renraku binary as a user would, capturing what it prints.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace renraku::test {

struct CliRun {
    int exit_code = -1;
    std::string out;
    std::string err;
};

/// Run bin/renraku with these arguments (and optional standard input); never through a shell.
/// `env` is set in the child over the test's own environment.
CliRun run_cli(const std::vector<std::string>& args, const std::string& stdin_text = "",
               const std::vector<std::pair<std::string, std::string>>& env = {});

/// Start bin/renraku in the background with this standard input, its output and errors going
/// to `log`; returns its pid (wait for it with wait_cli).
int spawn_cli(const std::vector<std::string>& args, const std::string& stdin_text,
              const std::string& log);
/// The exit status of a spawned renraku (128 + signal when killed).
int wait_cli(int pid);

/// `renraku lookup --format json --sources SOURCES INDICATOR...` with `config`, parsed; the run
/// must end with exit status 0 or 1.
nlohmann::json lookup_json(const std::vector<std::string>& indicators, const std::string& sources,
                           const std::string& config);

/// The text of the test world's config, as CMake generated it.
std::string world_config_text();

/// The test world config, plus `extra` TOML appended.
std::string world_config_with(const std::string& extra);
/// The config text with [network] timeout_ms set: for a test that fetches many files from the
/// world and is not about timeouts (the world's 1 s is short for a loaded machine).
std::string with_network_timeout(std::string config_text, int timeout_ms);

} // namespace renraku::test
