// `renraku check-config`: validate the whole configuration (the file, every plugin's table)
// and print the effective values, each with where it came from.

#include "../notice/smtp.hpp"
#include "../plugin/source_config.hpp"
#include "../redis/client.hpp"
#include "../runtime/describe.hpp"
#include "../runtime/runtime.hpp"
#include "../workflow/notice_drafts.hpp"
#include "commands.hpp"
#include "renraku/sdk/text.hpp"

#include <chrono>
#include <cstdlib>
#include <iostream>

namespace renraku::core {

namespace {

// Why this file: the same order find_config_file() searches.
std::string file_origin(const std::string& cli_path, const Config& config) {
    if (config.file.empty()) return "none found: built-in defaults";
    if (!cli_path.empty()) return "--config";
    if (const char* env = std::getenv("RENRAKU_CONFIG"); env != nullptr && *env != '\0')
        return "environment RENRAKU_CONFIG";
    if (std::getenv("XDG_CONFIG_HOME") != nullptr &&
        config.file.string().rfind(std::getenv("XDG_CONFIG_HOME"), 0) == 0)
        return "environment XDG_CONFIG_HOME";
    return "search order (user config, then the installed default)";
}

} // namespace

int run_check_config(const std::string& config, bool connect) {
    Runtime rt;
    try {
        rt = prepare_runtime(config, {});
    } catch (const ConfigError& e) {
        return usage_error(e.what());
    }
    std::vector<Setting> rows;
    rows.push_back({"config file",
                    rt.config.file.empty() ? "(none)" : toml_quoted(rt.config.file.string()),
                    file_origin(config, rt.config)});
    auto core_rows = describe_core(rt.config);
    rows.insert(rows.end(), core_rows.begin(), core_rows.end());
    int refused = 0;
    for (const auto& st : rt.statuses) {
        std::string prefix = "sources." + st.name + ".";
        if (st.state == SourceState::refused) {
            rows.push_back({"sources." + st.name, "(refused)", sdk::sanitize(st.reason)});
            ++refused;
            continue;
        }
        std::string at = written_at(rt.config, prefix + "enabled");
        rows.push_back({prefix + "enabled", st.enabled_in_config ? "true" : "false",
                        at.empty() ? "default" : at});
        for (const auto& k : st.keys) {
            auto it = st.effective.find(k.name);
            std::string value = toml_text(it != st.effective.end() ? it->second : k.default_value);
            std::string where_at = written_at(rt.config, prefix + k.name);
            rows.push_back(
                {prefix + k.name, sdk::sanitize(value), where_at.empty() ? "default" : where_at});
        }
    }
    std::size_t width = 0;
    for (const auto& r : rows)
        width = std::max(width, r.key.size() + 3 + r.value.size());
    width = std::min<std::size_t>(width, 72);
    for (const auto& r : rows) {
        std::string line = r.key + " = " + r.value;
        std::cout << line;
        if (line.size() < width) std::cout << std::string(width - line.size(), ' ');
        std::cout << "  # " << r.origin << "\n";
    }
    // Checks before harm: what would fail only when a notice is signed, state is shared, or
    // a message is sent.
    std::vector<std::string> problems = workflow::signing_problems(rt.config, "");
    const bool redis_used =
        rt.config.cache.backend == "redis" || rt.config.network.limiter == "redis";
    if (redis_used) {
        try {
            redis::Connection c(rt.config.redis.endpoint,
                                std::chrono::milliseconds(rt.config.network.timeout_ms));
            auto reply = c.command({"PING"});
            if (reply.value().error()) throw redis::RedisError(reply.value().str());
        } catch (const redis::RedisError& e) {
            problems.push_back("[redis] url " + rt.config.redis.url +
                               " does not answer: " + e.what());
        }
    }
    if (connect && !rt.config.notice.smtp_url.empty()) {
        notice::SmtpOptions smtp;
        smtp.url = rt.config.notice.smtp_url;
        smtp.starttls = rt.config.notice.smtp_starttls;
        smtp.user = rt.config.notice.smtp_user;
        if (const char* pw = std::getenv("RENRAKU_SMTP_PASSWORD")) smtp.password = pw;
        smtp.ca_file = rt.config.network.tls_ca_file;
        smtp.timeout = std::chrono::milliseconds(rt.config.network.timeout_ms);
        if (auto error = notice::smtp_check(smtp); !error.empty())
            problems.push_back("[notice] smtp_url: " + error);
        else
            std::cerr << "renraku: check-config: " << rt.config.notice.smtp_url << " answered\n";
    }
    for (const auto& p : problems)
        std::cerr << "renraku: check-config: " << sdk::sanitize(p, 400) << "\n";
    if (!problems.empty()) return kExitUsage;
    std::cerr << "renraku: check-config: the configuration is valid";
    if (refused > 0) std::cerr << "; " << refused << " plugin(s) refused (see renraku sources)";
    std::cerr << "\n";
    return 0;
}

} // namespace renraku::core
