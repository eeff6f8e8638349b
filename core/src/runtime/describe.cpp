#include "describe.hpp"

#include "../cache/sqlite_cache.hpp"
#include "../config/data_layers.hpp"
#include "../ledger/ledger.hpp"
#include "../util/paths.hpp"

#include <cstdlib>
#include <sstream>

namespace fs = std::filesystem;

namespace renraku::core {

std::string toml_quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string written_at(const Config& config, const std::vector<std::string>& parts) {
    if (!config.document) return {};
    const toml::node* n = config.document.get();
    for (const auto& part : parts) {
        const toml::table* t = n->as_table();
        n = t == nullptr ? nullptr : t->get(part);
        if (n == nullptr) return {};
    }
    return config.file.string() + ":" + std::to_string(n->source().begin.line);
}

std::string written_at(const Config& config, const std::string& dotted) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t dot; (dot = dotted.find('.', start)) != std::string::npos; start = dot + 1)
        parts.push_back(dotted.substr(start, dot - start));
    parts.push_back(dotted.substr(start));
    return written_at(config, parts);
}

namespace {

std::string number(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

// Long lists (connect_to in a test world) are shortened: the count says how many there are.
std::string list(const std::vector<std::string>& items) {
    constexpr std::size_t kShown = 4;
    std::string out = "[";
    for (std::size_t i = 0; i < items.size() && i < kShown; ++i)
        out += (i > 0 ? ", " : "") + toml_quoted(items[i]);
    if (items.size() > kShown) out += ", ... " + std::to_string(items.size()) + " in all";
    return out + "]";
}

class Collector {
  public:
    explicit Collector(const Config& c) : config_(c) {}

    // A key whose default is fixed: written in the file, or the default.
    void add(const std::string& key, const std::string& value, const std::string& default_note = "",
             const std::vector<std::string>& parts = {}) {
        std::string at = parts.empty() ? written_at(config_, key) : written_at(config_, parts);
        rows_.push_back({key, value,
                         at.empty()
                             ? "default" + (default_note.empty() ? "" : " (" + default_note + ")")
                             : at});
    }
    // A key whose default comes from somewhere else (the environment, the program's place).
    void add_derived(const std::string& key, const std::string& value, const std::string& origin) {
        std::string at = written_at(config_, key);
        rows_.push_back({key, value, at.empty() ? origin : at});
    }
    std::vector<Setting> take() { return std::move(rows_); }

  private:
    const Config& config_;
    std::vector<Setting> rows_;
};

} // namespace

std::vector<Setting> describe_core(const Config& c) {
    Collector out(c);
    const auto& n = c.network;
    out.add("network.timeout_ms", std::to_string(n.timeout_ms));
    out.add("network.dns_servers", list(n.dns_servers),
            n.dns_servers.empty() ? "the system resolver" : "");
    out.add("network.dnssec", n.dnssec_validate ? "\"validate\"" : "\"off\"");
    out.add("network.dnssec_trust_anchor_file", toml_quoted(n.dnssec_trust_anchor_file),
            n.dnssec_trust_anchor_file.empty() ? "the root's, /usr/share/dns/root.key" : "");
    out.add("network.tls_ca_file", toml_quoted(n.tls_ca_file),
            n.tls_ca_file.empty() ? "the system CA store" : "");
    out.add("network.connect_to", list(n.connect_to));
    out.add("network.max_response_bytes", std::to_string(n.max_response_bytes));
    out.add("network.max_referrals", std::to_string(n.max_referrals));
    out.add("network.limiter", toml_quoted(n.limiter));
    auto limit = [&](const std::string& host, const LimitConfig& l) {
        std::string key =
            "network.limits." + (host.find('.') != std::string::npos ? toml_quoted(host) : host);
        out.add(key,
                "{ per_minute = " + number(l.per_minute) + ", burst = " + std::to_string(l.burst) +
                    ", concurrency = " + std::to_string(l.concurrency) + " }",
                "", {"network", "limits", host});
    };
    limit("default", n.default_limit);
    for (const auto& [host, l] : n.limits)
        limit(host, l);

    const auto& e = c.engine;
    out.add("engine.max_parallel", std::to_string(e.max_parallel));
    out.add("engine.max_waiting", std::to_string(e.max_waiting));
    out.add("engine.window", std::to_string(e.window));
    out.add("engine.source_timeout_ms", std::to_string(c.source_timeout_ms()),
            e.source_timeout_ms == 0 ? "three times network.timeout_ms" : "");
    out.add("engine.addresses_per_host", std::to_string(e.addresses_per_host));
    out.add("engine.expand_hosts", e.expand_hosts ? "true" : "false");
    out.add("engine.special_addresses", toml_quoted(e.special_addresses));

    const auto& s = c.scoring;
    for (const auto& [k, v] : s.weights)
        out.add("scoring.weights." + k, number(v));
    for (const auto& [k, v] : s.roles)
        out.add("scoring.roles." + k, number(v));
    if (s.corroboration) out.add("scoring.corroboration", number(*s.corroboration));
    if (s.to_threshold) out.add("scoring.to_threshold", number(*s.to_threshold));
    if (s.tie_margin) out.add("scoring.tie_margin", number(*s.tie_margin));
    if (s.max_cc) out.add("scoring.max_cc", std::to_string(*s.max_cc));

    const auto& k = c.cache;
    out.add("cache.backend", toml_quoted(k.backend));
    if (k.path.empty())
        out.add_derived("cache.path", toml_quoted(cache::default_cache_file().string()),
                        paths::user_cache().origin);
    else
        out.add("cache.path", toml_quoted(k.path.string()));
    out.add("cache.ttl_s", std::to_string(k.ttl_s));
    out.add("cache.negative_ttl_s", std::to_string(k.negative_ttl_s));
    out.add("cache.dns_max_ttl_s", std::to_string(k.dns_max_ttl_s));
    out.add("cache.memory_mb", std::to_string(k.memory_mb));
    out.add("redis.url", toml_quoted(c.redis.url));
    out.add("redis.on_unreachable", toml_quoted(c.redis.on_unreachable));

    const auto& nc = c.notice;
    out.add("notice.smtp_url", toml_quoted(nc.smtp_url),
            nc.smtp_url.empty() ? "--send refused" : "");
    out.add("notice.smtp_starttls", toml_quoted(nc.smtp_starttls));
    out.add("notice.smtp_user", toml_quoted(nc.smtp_user));
    const char* password = std::getenv("RENRAKU_SMTP_PASSWORD");
    out.add_derived("notice.smtp_password",
                    password != nullptr && *password != '\0' ? "(set, not shown)" : "(not set)",
                    "environment RENRAKU_SMTP_PASSWORD");
    out.add("notice.from", toml_quoted(nc.from),
            nc.from.empty() ? "the incident's reporter.email" : "");
    out.add("notice.signing_key", toml_quoted(nc.signing_key),
            nc.signing_key.empty() ? "not signed" : "");
    out.add("notice.gpg_home", toml_quoted(nc.gpg_home.string()),
            nc.gpg_home.empty() ? "gpg's own" : "");
    out.add("notice.templates_dir", toml_quoted(nc.templates_dir.string()),
            nc.templates_dir.empty() ? "the shipped templates" : "");
    if (nc.ledger.empty())
        out.add_derived("notice.ledger", toml_quoted(Ledger::default_file().string()),
                        paths::user_data().origin);
    else
        out.add("notice.ledger", toml_quoted(nc.ledger.string()));
    out.add("notice.encrypt", nc.encrypt ? "true" : "false");
    const SiteConfig& site = c.site;
    out.add("site.prefixes", list(site.prefixes),
            site.prefixes.empty() ? "nothing of ours said" : "");
    out.add("site.domains", list(site.domains));
    out.add("site.hosts", list(site.hosts));
    out.add("site.user_names", toml_quoted(site.user_names));

    std::vector<std::string> dirs;
    for (const auto& d : c.plugin_dirs)
        dirs.push_back(d.string());
    out.add_derived("plugins.dirs", list(dirs),
                    "default: beside the program, then the installed folder");
    out.add_derived("plugins.user_dir", toml_quoted(paths::user_plugins().string()),
                    paths::user_data().origin + "; searched after plugins.dirs");
    DataLayers layers(c);
    for (const auto& layer : layers.layers()) {
        std::string origin = layer.name == "user"      ? paths::user_data().origin
                             : layer.name == "shipped" ? "default (shipped with the program)"
                                                       : "default";
        if (layer.name == "[data] dir")
            out.add("data.dir", toml_quoted(layer.dir.string()));
        else
            out.add_derived("data.layer." + layer.name, toml_quoted(layer.dir.string()), origin);
    }
    return out.take();
}

} // namespace renraku::core
