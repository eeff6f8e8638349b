#include "source_config.hpp"

#include "../util/did_you_mean.hpp"

#include <algorithm>

namespace renraku::core {

const char* type_word(sdk::ValueType t) {
    switch (t) {
    case sdk::ValueType::boolean:
        return "true or false";
    case sdk::ValueType::integer:
        return "an integer";
    case sdk::ValueType::string:
        return "a string";
    case sdk::ValueType::string_list:
        return "an array of strings";
    }
    return "a value";
}

std::string toml_text(const sdk::ConfigValue& v) {
    auto quoted = [](const std::string& s) {
        std::string out = "\"";
        for (char c : s) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        return out + "\"";
    };
    if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
    if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    if (const auto* s = std::get_if<std::string>(&v)) return quoted(*s);
    std::string out = "[";
    for (const auto& item : std::get<std::vector<std::string>>(v))
        out += (out.size() > 1 ? ", " : "") + quoted(item);
    return out + "]";
}

namespace {

std::optional<sdk::ConfigValue> convert(const toml::node& n, sdk::ValueType t) {
    switch (t) {
    case sdk::ValueType::boolean:
        if (n.is_boolean()) return sdk::ConfigValue{*n.value<bool>()};
        break;
    case sdk::ValueType::integer:
        if (n.is_integer()) return sdk::ConfigValue{*n.value<std::int64_t>()};
        break;
    case sdk::ValueType::string:
        if (n.is_string()) return sdk::ConfigValue{*n.value<std::string>()};
        break;
    case sdk::ValueType::string_list:
        if (const auto* arr = n.as_array()) {
            std::vector<std::string> out;
            for (const auto& item : *arr) {
                if (!item.is_string()) return std::nullopt;
                out.push_back(*item.value<std::string>());
            }
            return sdk::ConfigValue{out};
        }
        break;
    }
    return std::nullopt;
}

} // namespace

CheckedSourceConfig check_source_config(const sdk::SourceInfo& info, const SourceTable* table,
                                        const std::filesystem::path& file) {
    CheckedSourceConfig out;
    std::map<std::string, sdk::ConfigValue> values;
    for (const auto& key : info.keys)
        values[key.name] = key.default_value;
    if (table == nullptr || table->table == nullptr) {
        out.effective = values;
        out.values = sdk::SourceConfig(std::move(values));
        return out;
    }
    const std::string section = "[sources." + info.name + "]";
    for (const auto& [k, node] : *table->table) {
        std::string key(k.str());
        int line = static_cast<int>(node.source().begin.line);
        if (key == "enabled") {
            if (!node.is_boolean())
                throw ConfigError(where(file, line) + section + " enabled must be true or false");
            out.enabled = *node.value<bool>();
            continue;
        }
        auto decl = std::find_if(info.keys.begin(), info.keys.end(),
                                 [&](const sdk::ConfigKey& d) { return d.name == key; });
        if (decl == info.keys.end()) {
            std::vector<std::string> known = {"enabled"};
            for (const auto& d : info.keys)
                known.push_back(d.name);
            throw ConfigError(where(file, line) + section + " unknown key \"" + key + "\"" +
                              did_you_mean(key, known) + " (known: " + comma_list(known) + ")");
        }
        auto v = convert(node, decl->type);
        if (!v)
            throw ConfigError(where(file, line) + section + " " + key + " must be " +
                              type_word(decl->type));
        values[key] = std::move(*v);
    }
    out.effective = values;
    out.values = sdk::SourceConfig(std::move(values));
    return out;
}

} // namespace renraku::core
