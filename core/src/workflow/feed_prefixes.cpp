#include "feed_prefixes.hpp"

#include "../indicator/parse.hpp"
#include "renraku/sdk/text.hpp"

#include <nlohmann/json.hpp>

namespace renraku::core::workflow {

namespace {

bool is_prefix(std::string_view text) {
    if (text.empty() || text.size() > 50 || text.find('/') == std::string_view::npos) return false;
    auto parsed = parse_indicator(std::string(text));
    const auto* ind = std::get_if<sdk::Indicator>(&parsed);
    return ind != nullptr && ind->type == sdk::IndicatorType::cidr;
}

std::size_t count_json(const nlohmann::json& j, int depth) {
    if (depth > 12) return 0;
    if (j.is_string()) return is_prefix(j.get_ref<const std::string&>()) ? 1 : 0;
    std::size_t n = 0;
    if (j.is_array() || j.is_object())
        for (const auto& v : j)
            n += count_json(v, depth + 1);
    return n;
}

} // namespace

std::vector<std::string> feed_json_keys(const nlohmann::json& catalogue_entry) {
    std::vector<std::string> keys;
    auto it = catalogue_entry.find("json_keys");
    if (it != catalogue_entry.end() && it->is_array())
        for (const auto& k : *it)
            if (k.is_string() && keys.size() < 32) keys.push_back(k.get<std::string>());
    return keys;
}

std::size_t count_feed_prefixes(std::string_view body, const std::vector<std::string>& json_keys) {
    if (body.size() > (64u << 20)) return 0;
    std::string_view t = sdk::trim_blanks(body);
    if (!t.empty() && (t.front() == '{' || t.front() == '[')) {
        auto j = nlohmann::json::parse(t, nullptr, false);
        if (j.is_discarded()) return 0;
        if (!j.is_object() || json_keys.empty()) return count_json(j, 0);
        std::size_t n = 0;
        for (const auto& key : json_keys)
            if (auto it = j.find(key); it != j.end()) n += count_json(*it, 1);
        return n;
    }
    std::size_t n = 0;
    while (!t.empty()) {
        auto nl = t.find('\n');
        std::string_view line = t.substr(0, nl);
        line = line.substr(0, line.find_first_of(",; \t#\r"));
        if (is_prefix(line)) ++n;
        if (nl == std::string_view::npos) break;
        t.remove_prefix(nl + 1);
    }
    return n;
}

} // namespace renraku::core::workflow
