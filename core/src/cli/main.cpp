// renraku: who to tell about an address, host or domain, and how sure we are. main() is a
// dispatcher: the commands are in the command table (cli/command_table.cpp).

#include "../util/did_you_mean.hpp"
#include "command_table.hpp"
#include "commands.hpp"
#include "renraku/sdk/text.hpp"

#include <algorithm>
#include <iostream>
#include <string>

using namespace renraku;
using namespace renraku::core;

int main(int argc, char** argv) {
    CommandLine cl = make_command_line();
    CLI::App& app = *cl.app;

    // CLI11 would call a mistyped command an unexpected argument; name it for what it is.
    if (argc > 1 && argv[1][0] != '-') {
        std::string word = argv[1];
        std::vector<std::string> names;
        for (const auto& cmd : command_table())
            names.emplace_back(cmd.name);
        if (std::find(names.begin(), names.end(), word) == names.end())
            return usage_error("unknown command \"" + word + "\"" + did_you_mean(word, names) +
                               " (commands: " + comma_list(names) + ")");
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        return usage_error(e.what());
    }

    try {
        for (auto& [sub, handler] : cl.handlers)
            if (sub->parsed()) return handler();
    } catch (const std::exception& e) {
        std::cerr << "renraku: error: " << sdk::sanitize(e.what()) << "\n";
        return kExitUsage;
    }
    return kExitUsage;
}
