#pragma once
// The user's configuration: where it is found, what it says, and what is wrong with it.

#include "redis_url.hpp"

#include <toml++/toml.h>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace renraku::core {

/// A configuration mistake; the message is one line that names the file and line.
class ConfigError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Politeness towards one server: queries per minute (token bucket with a burst) and
/// connections at once.
struct LimitConfig {
    double per_minute = 60;
    int burst = 5;
    int concurrency = 1;
};

struct NetworkConfig {
    int timeout_ms = 5000;
    std::vector<std::string> dns_servers; // empty: the system resolver
    bool dnssec_validate = true;            // network.dnssec = "validate" (default) or "off"
    std::string dnssec_trust_anchor_file;   // empty: the root's, from dns-root-data
    std::string tls_ca_file;
    std::vector<std::string> connect_to;
    std::size_t max_response_bytes = 1 << 20; // whois and HTTP answers
    int max_referrals = 4;
    LimitConfig default_limit;
    std::map<std::string, LimitConfig> limits; // per server host
    std::string limiter = "local";             // "local" (this process) or "redis"
};

/// [cache]: answers kept between runs.
struct CacheConfig {
    std::string backend = "sqlite"; // "sqlite", "redis" or "none"
    std::filesystem::path path;     // the SQLite file; empty: default_cache_file()
    std::int64_t ttl_s = 86400;     // registry and server answers
    std::int64_t negative_ttl_s = 3600;
    std::int64_t dns_max_ttl_s = 86400;
    int memory_mb = 64; // the run's own cache in memory
};

/// [notice]: writing and sending notices.
struct NoticeConfig {
    std::string smtp_url; // the relay; empty: --send is refused
    std::string smtp_starttls = "try";
    std::string smtp_user;          // the password comes from $RENRAKU_SMTP_PASSWORD
    std::string from;               // envelope and From:; default: the incident's reporter.email
    std::string signing_key;        // OpenPGP fingerprint of our key; empty: not signed
    std::filesystem::path gpg_home; // empty: gpg's default
    std::filesystem::path templates_dir;
    std::filesystem::path ledger; // empty: Ledger::default_file()
    bool encrypt = true;          // to a recipient key a trusted source named, when held
};

/// [site]: what is ours. Our own addresses and names are context in a log, never another party
/// to tell, and never disclosed: extraction marks them, lookups skip them, notices replace them
/// with labels (an incident's [policy] redact adds to this).
struct SiteConfig {
    std::vector<std::string> prefixes; // "203.0.113.0/24", "2001:db8:100::/48", addresses
    std::vector<std::string> domains;  // "example.jp": the domain and every name under it
    std::vector<std::string> hosts;    // short host names our logs write ("bastion", "mx1")
    std::string user_names = "redact"; // "redact" (user names in logs become labels) or "keep"
    /// Everything above that is an address, prefix or domain, for is_ours().
    std::vector<std::string> ours() const {
        std::vector<std::string> out = prefixes;
        out.insert(out.end(), domains.begin(), domains.end());
        return out;
    }
};

/// [redis]: the shared state of several processes or machines.
struct RedisConfig {
    std::string url = "redis://127.0.0.1:6379/0";
    RedisUrl endpoint;                   // `url`, read when the config was loaded
    std::string on_unreachable = "stop"; // "stop", or "local": this process's own state
};

/// [mirror]: local copies of the registries' published databases (renraku mirror update).
struct MirrorConfig {
    std::vector<std::string> registries;  // answered from their mirror when fresh; empty: none
    int max_age_hours = 24;               // an older mirror is not used (asked live instead)
    std::filesystem::path dir;            // empty: the user's data folder's mirror/
    // registry -> the PEM public key its NRTMv4 files are signed with: such a registry is kept
    // current by NRTMv4 (snapshot, then signed deltas) instead of reloading its split files.
    std::map<std::string, std::filesystem::path> nrtm_keys;
};

struct EngineConfig {
    int max_parallel = 16;      // source lookups running at once (not counting those waiting)
    int max_waiting = 512;      // lookups waiting on a server's budget at once, at most
    int window = 1024;          // indicators of a batch in progress at once
    int source_timeout_ms = 0;  // one source for one indicator; 0: three times network.timeout_ms
    int addresses_per_host = 2; // A and AAAA records followed for each host, per family
    bool expand_hosts = true;   // look up the addresses of host names and ask address sources
    // Private, loopback, documentation and other special-purpose addresses: "skip" (said what
    // they are, never sent to a source) or "ask" (looked up like any other; for test worlds).
    std::string special_addresses = "skip";
};

struct ScoringConfig {
    std::map<std::string, double> weights; // signal -> weight, over the defaults
    std::map<std::string, double> roles;   // role -> weight, over the defaults
    std::optional<double> corroboration;
    std::optional<double> to_threshold;
    std::optional<double> tie_margin;
    std::optional<int> max_cc;
    std::map<std::string, int> lines; // "weights.NAME" / "roles.NAME" -> line, for messages
};

/// One [sources.NAME] table as written, for validation against the plugin's declared keys.
/// Points into Config::document, which keeps the source positions (copies would lose them).
struct SourceTable {
    const toml::table* table = nullptr;
    int line = 0;
};

struct Config {
    std::filesystem::path file; // empty when built-in defaults are used
    NetworkConfig network;
    EngineConfig engine;
    ScoringConfig scoring;
    CacheConfig cache;
    RedisConfig redis;
    MirrorConfig mirror;
    NoticeConfig notice;
    SiteConfig site;
    std::vector<std::filesystem::path> plugin_dirs;
    std::filesystem::path data_dir; // [data] dir; empty: the shipped data (paths::shipped_data())
    // [data] privacy_services_url: where update-data fetches the list of privacy and proxy
    // services (a file of the shipped list's form); empty: the list is not fetched.
    std::string privacy_services_url;
    // [data] platform_rules_url: where update-data fetches platform rules (the shipped
    // platforms/rules.json's form); empty: the shipped rules stay.
    std::string platform_rules_url;
    // [data] feeds: whether update-data fetches the clouds' and CDNs' address-range feeds that
    // platforms/feeds.json names (default true).
    bool fetch_feeds = true;
    std::map<std::string, SourceTable> sources;
    std::shared_ptr<const toml::table> document; // the parsed file, owner of `sources`

    int source_timeout_ms() const {
        return engine.source_timeout_ms > 0 ? engine.source_timeout_ms : 3 * network.timeout_ms;
    }
};

/// The config file to use: --config, $RENRAKU_CONFIG, $XDG_CONFIG_HOME/renraku/renraku.toml
/// (default ~/.config/renraku/renraku.toml), then the installed default. nullopt when none
/// exists. A file named by --config or $RENRAKU_CONFIG that does not exist is a ConfigError.
std::optional<std::filesystem::path> find_config_file(const std::string& cli_path);

/// Parse and check a config file; nullopt path means built-in defaults.
Config load_config(const std::optional<std::filesystem::path>& path);

/// The plugin folders used when the config names none: next to the executable, then the
/// installed folder.
std::vector<std::filesystem::path> default_plugin_dirs();

/// "file:line: " for messages.
std::string where(const std::filesystem::path& file, int line);

} // namespace renraku::core
