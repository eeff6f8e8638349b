// Shell completion scripts made from the command line itself (cli/command_table): every
// command, every option, and what each takes, so the scripts cannot drift from the program.

#include "command_table.hpp"

#include <sstream>

namespace renraku::core {

namespace {

struct OptionFacts {
    std::vector<std::string> names; // "-c", "--config"
    std::string help;
    std::string takes; // "" for a flag; FILE, DIR, SOURCES, "a|b", or another type name
    bool repeatable = false;
};

struct CommandFacts {
    std::string name;
    std::string summary;
    std::vector<OptionFacts> options;
    std::string positional; // what the arguments are: "" none, else a type name
};

// An option's type name without what its checks add (CLI11 writes "stats|clear:{stats,clear}").
std::string type_of(const CLI::Option* o) {
    std::string t = o->get_type_name();
    return t.substr(0, t.find(':'));
}

std::vector<CommandFacts> facts_of(const CLI::App& app) {
    std::vector<CommandFacts> out;
    for (const CLI::App* sub : app.get_subcommands({})) {
        CommandFacts c{sub->get_name(), sub->get_description(), {}, {}};
        for (const CLI::Option* o : sub->get_options()) {
            if (o->get_lnames().empty() && o->get_snames().empty()) {
                if (o->get_positional()) c.positional = type_of(o);
                continue;
            }
            OptionFacts f;
            for (const auto& s : o->get_snames())
                f.names.push_back("-" + s);
            for (const auto& l : o->get_lnames())
                f.names.push_back("--" + l);
            f.help = o->get_description();
            if (o->get_expected_min() > 0) f.takes = type_of(o);
            f.repeatable = o->get_expected_max() > 1 && o->get_expected_min() > 0;
            c.options.push_back(std::move(f));
        }
        out.push_back(std::move(c));
    }
    return out;
}

bool is_words(const std::string& takes) {
    return takes.find('|') != std::string::npos ||
           (!takes.empty() && std::islower(static_cast<unsigned char>(takes[0])) != 0);
}

std::string words_of(const std::string& takes) {
    std::string w = takes;
    for (char& ch : w)
        if (ch == '|') ch = ' ';
    return w;
}

// The first sentence (up to 60 characters) of a help text, with no quote that would end a
// zsh spec.
std::string short_help(std::string text) {
    auto cut = text.find_first_of(";:(");
    if (cut != std::string::npos) text.resize(cut);
    if (text.size() > 60) text.resize(60);
    while (!text.empty() && text.back() == ' ')
        text.pop_back();
    std::string out;
    for (char ch : text) {
        if (ch == '\'')
            out += "'\\''";
        else if (ch == '[' || ch == ']')
            out += '\\', out += ch;
        else
            out += ch;
    }
    return out;
}

std::string bash_script(const std::vector<CommandFacts>& commands) {
    std::ostringstream s;
    s << "# bash completion for renraku(1), made by `renraku completion bash`\n\n"
         "_renraku_sources() {\n"
         "    local config=() i\n"
         "    for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do\n"
         "        case \"${COMP_WORDS[i]}\" in\n"
         "        -c | --config) config=(--config \"${COMP_WORDS[i + 1]}\") ;;\n"
         "        esac\n"
         "    done\n"
         "    renraku sources --names \"${config[@]}\" 2>/dev/null\n"
         "}\n\n"
         "_renraku() {\n"
         "    local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD - 1]}\"\n"
         "    local commands=\"";
    for (std::size_t i = 0; i < commands.size(); ++i)
        s << (i ? " " : "") << commands[i].name;
    s << "\"\n"
         "    if [[ $COMP_CWORD -eq 1 ]]; then\n"
         "        COMPREPLY=($(compgen -W \"$commands --help --version\" -- \"$cur\"))\n"
         "        return\n"
         "    fi\n"
         "    local command=\"${COMP_WORDS[1]}\" options=\"\" takes=\"\" positional=\"\"\n"
         "    case \"$command\" in\n";
    for (const auto& c : commands) {
        s << "    " << c.name << ")\n        options=\"";
        for (std::size_t i = 0; i < c.options.size(); ++i)
            for (std::size_t j = 0; j < c.options[i].names.size(); ++j)
                s << (i || j ? " " : "") << c.options[i].names[j];
        s << "\"\n        positional=\"" << c.positional << "\"\n        case \"$prev\" in\n";
        for (const auto& o : c.options) {
            if (o.takes.empty()) continue;
            s << "        ";
            for (std::size_t j = 0; j < o.names.size(); ++j)
                s << (j ? " | " : "") << o.names[j];
            s << ") takes=\"" << o.takes << "\" ;;\n";
        }
        s << "        esac\n        ;;\n";
    }
    s << "    esac\n"
         "    case \"$takes\" in\n"
         "    \"\") ;;\n"
         "    FILE) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
         "    DIR) COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n"
         "    SOURCES)\n"
         "        # A comma-separated list: complete the last name after the last comma.\n"
         "        local done_part=\"\" last=\"$cur\" name\n"
         "        if [[ \"$cur\" == *,* ]]; then done_part=\"${cur%,*},\"; last=\"${cur##*,}\"; "
         "fi\n"
         "        COMPREPLY=()\n"
         "        for name in $(_renraku_sources); do\n"
         "            [[ \"$name\" == \"$last\"* ]] && COMPREPLY+=(\"$done_part$name\")\n"
         "        done\n"
         "        return ;;\n"
         "    *[a-z]*) COMPREPLY=($(compgen -W \"${takes//|/ }\" -- \"$cur\")); return ;;\n"
         "    *) return ;;\n"
         "    esac\n"
         "    if [[ \"$cur\" == -* ]]; then\n"
         "        COMPREPLY=($(compgen -W \"$options\" -- \"$cur\"))\n"
         "    elif [[ \"$positional\" == FILE ]]; then\n"
         "        COMPREPLY=($(compgen -f -- \"$cur\"))\n"
         "    elif [[ \"$positional\" == *[a-z]* ]]; then\n"
         "        COMPREPLY=($(compgen -W \"${positional//|/ } \" -- \"$cur\"))\n"
         "    elif [[ \"$positional\" == COMMAND ]]; then\n"
         "        COMPREPLY=($(compgen -W \"$commands\" -- \"$cur\"))\n"
         "    fi\n"
         "}\n\n"
         "complete -o default -F _renraku renraku\n";
    return s.str();
}

std::string zsh_action(const std::string& takes, const std::string& commands) {
    if (takes == "FILE") return ":file:_files";
    if (takes == "DIR") return ":dir:_files -/";
    if (takes == "SOURCES") return ":sources:_renraku_sources";
    if (takes == "COMMAND") return ":command:(" + commands + ")";
    if (is_words(takes)) return ":value:(" + words_of(takes) + ")";
    std::string label = takes;
    for (char& ch : label)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return ":" + label + ":";
}

std::string zsh_script(const std::vector<CommandFacts>& commands) {
    std::string names;
    for (const auto& c : commands)
        names += (names.empty() ? "" : " ") + c.name;
    std::ostringstream s;
    s << "#compdef renraku\n# zsh completion for renraku(1), made by `renraku completion zsh`\n\n"
         "_renraku_sources() {\n"
         "    local -a names config\n"
         "    local i\n"
         "    for ((i = 2; i < CURRENT; i++)); do\n"
         "        [[ $words[i] == (-c|--config) ]] && config=(--config $words[i+1])\n"
         "    done\n"
         "    names=(${(f)\"$(renraku sources --names $config 2>/dev/null)\"})\n"
         "    _values -s , 'source' $names\n"
         "}\n\n"
         "_renraku() {\n"
         "    local -a commands\n"
         "    commands=(\n";
    for (const auto& c : commands)
        s << "        '" << c.name << ":" << short_help(c.summary) << "'\n";
    s << "    )\n"
         "    if (( CURRENT == 2 )); then\n"
         "        _describe 'command' commands\n"
         "        return\n"
         "    fi\n"
         "    # _arguments reads words[1] as the command: make it the subcommand.\n"
         "    local command=$words[2]\n"
         "    shift words\n"
         "    (( CURRENT-- ))\n"
         "    case $command in\n";
    for (const auto& c : commands) {
        s << "    " << c.name << ")\n        _arguments -s";
        for (const auto& o : c.options) {
            std::string spec = "[" + short_help(o.help) + "]" +
                               (o.takes.empty() ? "" : zsh_action(o.takes, names));
            s << " \\\n            ";
            if (o.names.size() > 1) {
                s << "'(";
                for (std::size_t j = 0; j < o.names.size(); ++j)
                    s << (j ? " " : "") << o.names[j];
                s << ")'{";
                for (std::size_t j = 0; j < o.names.size(); ++j)
                    s << (j ? "," : "") << o.names[j];
                s << "}'" << spec << "'";
            } else {
                s << "'" << (o.repeatable ? "*" : "") << o.names.front() << spec << "'";
            }
        }
        if (!c.positional.empty())
            s << " \\\n            '*" << zsh_action(c.positional, names) << "'";
        s << "\n        ;;\n";
    }
    s << "    esac\n}\n\n_renraku \"$@\"\n";
    return s.str();
}

} // namespace

std::string completion_script(const CLI::App& app, const std::string& shell) {
    auto commands = facts_of(app);
    if (shell == "bash") return bash_script(commands);
    if (shell == "zsh") return zsh_script(commands);
    return {};
}

} // namespace renraku::core
