#pragma once
// The one command table: each command's name, summary, options and handler. `main`, `renraku
// help COMMAND`, `--help` and the shell completions (`renraku completion bash|zsh`) are all made
// from it, so a command added here is everywhere at once.
//
// How an option tells the completions what it takes (its CLI11 type name): FILE, DIR, SOURCES
// (the names `renraku sources --names` prints, comma-separated), or words joined by | ("table|
// json"); anything else takes a value that cannot be guessed.

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace renraku::core {

using Handler = std::function<int()>;

struct Command {
    const char* name;
    const char* summary;
    /// Declares the options on the command's own CLI11 app; returns the handler that runs the
    /// command with what was parsed.
    std::function<Handler(CLI::App&)> declare;
};

/// Every command, in the order help lists them.
const std::vector<Command>& command_table();

/// The whole command line: the top-level app with one subcommand per entry of the table, and
/// the handler of each, by name.
struct CommandLine {
    std::unique_ptr<CLI::App> app;
    std::vector<std::pair<CLI::App*, Handler>> handlers;
};
CommandLine make_command_line();

/// A completion script for `shell` ("bash" or "zsh") made from the command line; empty for
/// another shell.
std::string completion_script(const CLI::App& app, const std::string& shell);

} // namespace renraku::core
