#include "runtime.hpp"

#include "../plugin/source_config.hpp"

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

    std::set<std::string> known;
    for (const auto& p : rt.plugins)
        if (p.refused.empty()) known.insert(p.info.name);
    for (const auto& name : selection.only) {
        if (known.count(name) == 0) {
            std::string list;
            for (const auto& k : known)
                list += (list.empty() ? "" : ", ") + k;
            throw ConfigError("--sources: no source named \"" + name + "\" (loaded: " + list + ")");
        }
    }
    for (const auto& [name, table] : rt.config.sources) {
        if (known.count(name) == 0)
            std::cerr << "renraku: warning: " << where(rt.config.file, table.line) << "[sources."
                      << name << "] matches no loaded source\n";
    }

    for (auto& p : rt.plugins) {
        SourceStatus st;
        st.name = p.info.name;
        st.path = p.path.string();
        if (!p.refused.empty()) {
            st.state = "refused";
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
        bool selected = selection.only.empty() ||
                        std::find(selection.only.begin(), selection.only.end(), p.info.name) !=
                            selection.only.end();
        if (!checked.enabled) {
            st.state = "disabled";
            st.reason = "enabled = false in config";
        } else if (!selected) {
            st.state = "disabled";
            st.reason = "not in --sources";
        } else if (selection.offline && p.info.needs_network) {
            st.state = "disabled";
            st.reason = "needs the network (--offline)";
        } else {
            try {
                SourceInstance inst;
                inst.library = p.library;
                inst.info = p.info;
                inst.source = p.factory->make(checked.values);
                if (!inst.source) throw std::runtime_error("factory made no source");
                rt.sources.push_back(std::move(inst));
                st.state = "enabled";
                st.enabled = true;
            } catch (const std::invalid_argument& e) {
                throw ConfigError(where(rt.config.file, table != nullptr ? table->line : 0) +
                                  "[sources." + p.info.name + "] " + e.what());
            } catch (const std::exception& e) {
                st.state = "refused";
                st.reason = std::string("could not start: ") + e.what();
            } catch (...) {
                st.state = "refused";
                st.reason = "could not start: unknown exception";
            }
        }
        rt.statuses.push_back(std::move(st));
    }
    return rt;
}

} // namespace renraku::core
