#include "runtime.hpp"

#include "../plugin/source_config.hpp"
#include "../score/scoring.hpp"
#include "../util/did_you_mean.hpp"

#include <algorithm>
#include <iostream>
#include <set>

namespace renraku::core {

std::string types_text(sdk::TypeMask mask) {
    std::string out;
    for (auto t : {sdk::IndicatorType::ipv4, sdk::IndicatorType::ipv6, sdk::IndicatorType::cidr,
                   sdk::IndicatorType::asn, sdk::IndicatorType::domain, sdk::IndicatorType::url,
                   sdk::IndicatorType::email})
        if ((mask & sdk::bit(t)) != 0)
            out += (out.empty() ? "" : ",") + std::string(sdk::type_name(t));
    return out;
}

Runtime prepare_runtime(const std::string& config_arg, const Selection& selection) {
    Runtime rt;
    rt.config = load_config(find_config_file(config_arg));
    rt.plugins = load_plugins(rt.config.plugin_dirs);

    check_scoring_names(rt.config);
    // Every plugin found counts as known here, refused ones too: their table is not a typo.
    std::vector<std::string> known;
    for (const auto& p : rt.plugins)
        known.push_back(p.info.name);
    std::sort(known.begin(), known.end());
    auto is_known = [&](const std::string& name) {
        return std::binary_search(known.begin(), known.end(), name);
    };
    for (const auto& name : selection.only) {
        if (!is_known(name))
            throw ConfigError("--sources: no source named \"" + name + "\"" +
                              did_you_mean(name, known) + " (found: " + comma_list(known) + ")");
    }
    for (const auto& [name, table] : rt.config.sources) {
        if (!is_known(name))
            throw ConfigError(where(rt.config.file, table.line) + "[sources." + name +
                              "] names no plugin found" + did_you_mean(name, known) +
                              " (found: " + comma_list(known) + ")");
    }

    for (auto& p : rt.plugins) {
        SourceStatus st;
        st.name = p.info.name;
        st.path = p.path.string();
        if (!p.refused.empty()) {
            st.state = SourceState::refused;
            st.reason = p.refused;
            rt.statuses.push_back(std::move(st));
            continue;
        }
        st.version = p.info.version;
        st.description = p.info.description;
        st.types = p.info.types;
        st.needs_network = p.info.needs_network;
        const SourceTable* table = nullptr;
        if (auto it = rt.config.sources.find(p.info.name); it != rt.config.sources.end())
            table = &it->second;
        auto checked = check_source_config(p.info, table, rt.config.file);
        st.keys = p.info.keys;
        st.effective = checked.effective;
        st.enabled_in_config = checked.enabled;
        bool selected = selection.only.empty() ||
                        std::find(selection.only.begin(), selection.only.end(), p.info.name) !=
                            selection.only.end();
        if (!checked.enabled) {
            st.state = SourceState::disabled;
            st.disabled_by = DisabledBy::config;
            st.reason = "enabled = false in config";
        } else if (!selected) {
            st.state = SourceState::disabled;
            st.disabled_by = DisabledBy::selection;
            st.reason = "not in --sources";
        } else if (selection.offline && p.info.needs_network &&
                   (selection.no_cache || rt.config.cache.backend == "none")) {
            // With a cache, --offline runs every source on what the cache holds.
            st.state = SourceState::disabled;
            st.disabled_by = DisabledBy::offline;
            st.reason = "needs the network (--offline, and no cache to answer from)";
        } else {
            try {
                SourceInstance inst;
                inst.library = p.library;
                inst.info = p.info;
                inst.source = p.factory->make(checked.values);
                if (!inst.source) throw std::runtime_error("factory made no source");
                rt.sources.push_back(std::move(inst));
                st.state = SourceState::enabled;
                st.enabled = true;
            } catch (const std::invalid_argument& e) {
                throw ConfigError(where(rt.config.file, table != nullptr ? table->line : 0) +
                                  "[sources." + p.info.name + "] " + e.what());
            } catch (const std::exception& e) {
                st.state = SourceState::refused;
                st.reason = std::string("could not start: ") + e.what();
            } catch (...) {
                st.state = SourceState::refused;
                st.reason = "could not start: unknown exception";
            }
        }
        rt.statuses.push_back(std::move(st));
    }
    // A source named with --sources that will not run is said, never answered with "no contact".
    for (const auto& name : selection.only) {
        for (const auto& st : rt.statuses) {
            if (st.name != name || st.enabled) continue;
            std::string why = st.reason;
            if (st.disabled_by == DisabledBy::config) {
                auto it = rt.config.sources.find(name);
                why = "enabled = false at " +
                      where(rt.config.file, it != rt.config.sources.end() ? it->second.line : 0);
                why.resize(why.size() - 2); // where() ends in ": "
            }
            throw ConfigError("--sources: \"" + name + "\" will not run: " +
                              source_state_name(st.state) + (why.empty() ? "" : ", " + why));
        }
    }
    return rt;
}

LookupStack::LookupStack(Runtime& rt, CacheMode mode)
    : services_(std::make_unique<ServiceHub>(rt.config, mode)),
      engine_(std::make_unique<Engine>(rt.config, rt.sources,
                                       ScoringModel::from_config(rt.config.scoring), *services_)) {}

LookupStack::~LookupStack() = default;

const char* source_state_name(SourceState s) {
    switch (s) {
    case SourceState::enabled:
        return "enabled";
    case SourceState::disabled:
        return "disabled";
    case SourceState::refused:
        return "refused";
    }
    return "disabled";
}

} // namespace renraku::core
