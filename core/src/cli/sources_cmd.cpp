// `renraku sources`: the plugins found, their state, and with -v every key they read.

#include "../output/output.hpp"
#include "../plugin/source_config.hpp"
#include "../runtime/runtime.hpp"
#include "commands.hpp"
#include "data_report.hpp"
#include "renraku/sdk/text.hpp"

#include <iostream>

namespace renraku::core {

namespace {

const char* type_short(sdk::ValueType t) {
    switch (t) {
    case sdk::ValueType::boolean:
        return "bool";
    case sdk::ValueType::integer:
        return "integer";
    case sdk::ValueType::string:
        return "string";
    case sdk::ValueType::string_list:
        return "string list";
    }
    return "value";
}

nlohmann::ordered_json keys_json(const SourceStatus& st) {
    nlohmann::ordered_json keys = nlohmann::ordered_json::array();
    for (const auto& k : st.keys) {
        nlohmann::ordered_json j{{"name", sdk::sanitize(k.name)},
                                 {"type", type_short(k.type)},
                                 {"default", sdk::sanitize(toml_text(k.default_value))},
                                 {"help", sdk::sanitize(k.help)}};
        if (auto it = st.effective.find(k.name); it != st.effective.end())
            j["value"] = sdk::sanitize(toml_text(it->second));
        keys.push_back(std::move(j));
    }
    return keys;
}

void print_keys(const SourceStatus& st) {
    std::cout << "    enabled (bool, default true): " << (st.enabled_in_config ? "true" : "false")
              << "\n";
    for (const auto& k : st.keys) {
        std::cout << "    " << sdk::sanitize(k.name) << " (" << type_short(k.type) << ", default "
                  << sdk::sanitize(toml_text(k.default_value)) << ")";
        if (auto it = st.effective.find(k.name);
            it != st.effective.end() && it->second != k.default_value)
            std::cout << " = " << sdk::sanitize(toml_text(it->second));
        std::cout << "\n      " << sdk::sanitize(k.help) << "\n";
    }
}

} // namespace

int run_sources(const SourcesArgs& args) {
    if (args.format != "table" && args.format != "json")
        return usage_error("--format: \"" + args.format + "\" is not table or json");
    Runtime rt;
    try {
        rt = prepare_runtime(args.config, {});
    } catch (const ConfigError& e) {
        return usage_error(e.what());
    }
    if (args.names_only) {
        for (const auto& st : rt.statuses)
            if (st.state != SourceState::refused) std::cout << sdk::sanitize(st.name) << "\n";
        return 0;
    }
    if (args.format == "json") {
        nlohmann::ordered_json arr = nlohmann::ordered_json::array();
        for (const auto& st : rt.statuses) {
            nlohmann::ordered_json j{{"name", sdk::sanitize(st.name)},
                                     {"state", source_state_name(st.state)},
                                     {"enabled", st.enabled},
                                     {"path", sdk::sanitize(st.path)}};
            if (st.state != SourceState::refused) {
                j["version"] = sdk::sanitize(st.version);
                j["description"] = sdk::sanitize(st.description);
                nlohmann::ordered_json types = nlohmann::ordered_json::array();
                for (const auto& t : split_list(types_text(st.types)))
                    types.push_back(t);
                j["types"] = types;
                j["needs_network"] = st.needs_network;
                if (args.verbose) j["keys"] = keys_json(st);
            }
            if (!st.reason.empty()) j["reason"] = sdk::sanitize(st.reason);
            arr.push_back(std::move(j));
        }
        std::cout << dump_json(arr, 2) << "\n";
        return 0;
    }
    std::cout << "config: "
              << (rt.config.file.empty() ? "(built-in defaults)" : rt.config.file.string())
              << "\nplugin folders:";
    for (const auto& d : rt.config.plugin_dirs)
        std::cout << " " << d.string();
    std::cout << "\n";
    print_data_files(rt.config, std::cout, args.verbose);
    std::cout << "\n";
    if (rt.statuses.empty()) std::cout << "no plugins found\n";
    for (const auto& st : rt.statuses) {
        std::cout << sdk::sanitize(st.name);
        if (st.state == SourceState::refused) {
            std::cout << "  REFUSED: " << sdk::sanitize(st.reason) << "\n";
            continue;
        }
        std::cout << " " << sdk::sanitize(st.version) << "  [" << types_text(st.types) << "]  "
                  << (st.needs_network ? "network" : "offline") << "  "
                  << source_state_name(st.state);
        if (!st.reason.empty()) std::cout << " (" << sdk::sanitize(st.reason) << ")";
        std::cout << "\n    " << sdk::sanitize(st.description) << "\n";
        if (args.verbose) {
            std::cout << "    from " << sdk::sanitize(st.path) << "\n";
            print_keys(st);
        }
    }
    return 0;
}

} // namespace renraku::core
