#pragma once
/// @file config.hpp
/// @brief A source's own configuration: the keys it declares and the values it receives.
///
/// A source declares each key of its `[sources.NAME]` table with a type, a default and a help
/// line. The core validates the user's table against those declarations (unknown keys and wrong
/// types are refused with file:line) and hands the source only its own, typed values.

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace renraku::sdk {

enum class ValueType { boolean, integer, string, string_list };

using ConfigValue = std::variant<bool, std::int64_t, std::string, std::vector<std::string>>;

/// @brief The declaration of one key.
struct ConfigKey {
    std::string name;
    ValueType type = ValueType::string;
    ConfigValue default_value;
    std::string help;
};

/// @brief The values of one source's table, defaults already filled in by the core.
class SourceConfig {
  public:
    SourceConfig() = default;
    explicit SourceConfig(std::map<std::string, ConfigValue> values) : values_(std::move(values)) {}

    bool get_bool(const std::string& key) const { return get<bool>(key); }
    std::int64_t get_int(const std::string& key) const { return get<std::int64_t>(key); }
    const std::string& get_string(const std::string& key) const { return get<std::string>(key); }
    const std::vector<std::string>& get_strings(const std::string& key) const {
        return get<std::vector<std::string>>(key);
    }
    bool has(const std::string& key) const { return values_.count(key) != 0; }
    const std::map<std::string, ConfigValue>& values() const { return values_; }

  private:
    template <class T> const T& get(const std::string& key) const {
        auto it = values_.find(key);
        if (it == values_.end()) throw std::out_of_range("undeclared config key: " + key);
        if (const T* v = std::get_if<T>(&it->second)) return *v;
        throw std::invalid_argument("config key of another type: " + key);
    }
    std::map<std::string, ConfigValue> values_;
};

} // namespace renraku::sdk
