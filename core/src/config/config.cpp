#include "config.hpp"

#include "../util/did_you_mean.hpp"
#include "../util/paths.hpp"
#include "renraku/sdk/mailbox.hpp"
#include "renraku/sdk/text.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>

#ifndef RENRAKU_INSTALLED_CONFIG
#define RENRAKU_INSTALLED_CONFIG "/usr/local/share/renraku/renraku.toml"
#endif
#ifndef RENRAKU_LIBDIR
#define RENRAKU_LIBDIR "lib"
#endif
#ifndef RENRAKU_INSTALLED_PLUGIN_DIR
#define RENRAKU_INSTALLED_PLUGIN_DIR "/usr/local/lib/renraku/plugins"
#endif

namespace fs = std::filesystem;

namespace renraku::core {

std::string where(const fs::path& file, int line) {
    std::string out = file.empty() ? std::string("(defaults)") : file.string();
    if (line > 0) out += ":" + std::to_string(line);
    return out + ": ";
}

namespace {

int line_of(const toml::node& n) {
    return static_cast<int>(n.source().begin.line);
}

[[noreturn]] void fail(const fs::path& file, const toml::node& n, const std::string& what) {
    throw ConfigError(where(file, line_of(n)) + what);
}

void check_keys(const fs::path& file, const toml::table& t, const std::string& table_name,
                const std::set<std::string>& known) {
    for (const auto& [key, node] : t) {
        if (known.count(std::string(key.str())) == 0) {
            std::vector<std::string> names(known.begin(), known.end());
            fail(file, node,
                 "unknown key \"" + std::string(key.str()) + "\" in [" + table_name + "]" +
                     did_you_mean(std::string(key.str()), names) + " (known: " + comma_list(names) +
                     ")");
        }
    }
}

int get_int(const fs::path& file, const toml::table& t, const char* key, int def, int min, int max,
            const std::string& table) {
    const toml::node* n = t.get(key);
    if (n == nullptr) return def;
    // Asked only of an integer: toml++ converts a float to an integer on request, and a float
    // past the integer range (1e47) makes that conversion undefined.
    if (!n->is_integer()) fail(file, *n, table + "." + key + " must be an integer");
    auto v = n->value<std::int64_t>();
    if (!v) fail(file, *n, table + "." + key + " must be an integer");
    if (*v < min || *v > max)
        fail(file, *n,
             table + "." + key + " must be from " + std::to_string(min) + " to " +
                 std::to_string(max));
    return static_cast<int>(*v);
}

std::vector<std::string> get_strings(const fs::path& file, const toml::table& t, const char* key,
                                     const std::string& table) {
    std::vector<std::string> out;
    const toml::node* n = t.get(key);
    if (n == nullptr) return out;
    const toml::array* arr = n->as_array();
    if (arr == nullptr) fail(file, *n, table + "." + key + " must be an array of strings");
    for (const auto& item : *arr) {
        auto s = item.value<std::string>();
        if (!item.is_string() || !s) fail(file, item, table + "." + key + " must hold strings");
        out.push_back(*s);
    }
    return out;
}

double get_weight(const fs::path& file, const toml::node& n, const std::string& name) {
    if (!n.is_number()) fail(file, n, name + " must be a number");
    double v = n.is_integer() ? static_cast<double>(*n.value<std::int64_t>()) : *n.value<double>();
    // NaN passes every comparison: it is refused by name, with the infinities.
    if (!std::isfinite(v) || v < -1.0 || v > 1.0) fail(file, n, name + " must be from -1 to 1");
    return v;
}

// "HOST", "HOST:PORT", "[IPV6]:PORT", "IPV6": the port, when written, from 1 to 65535.
bool host_port_ok(const std::string& s) {
    if (s.empty() || s.size() > 300 || s.find_first_of(" ,\t") != std::string::npos) return false;
    std::string port;
    if (s.front() == '[') {
        auto close = s.find(']');
        if (close == std::string::npos || close == 1) return false;
        if (close + 1 == s.size()) return true;
        if (s[close + 1] != ':') return false;
        port = s.substr(close + 2);
    } else if (std::count(s.begin(), s.end(), ':') == 1) {
        port = s.substr(s.find(':') + 1);
        if (s.find(':') == 0) return false;
    } else {
        return true; // a name, an IPv4 address, or a bare IPv6 address
    }
    if (port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string::npos)
        return false;
    int p = std::stoi(port);
    return p >= 1 && p <= 65535;
}

// Before the TOML parser sees a file: a size, a nesting depth and a number of key parts no
// configuration needs (deeper input overflows the parser's stack).
void check_shape(const fs::path& file, const std::string& text) {
    // The shipped config is 10 KiB, a test world's with 300 redirections 25 KiB: a quarter of a
    // MiB is far more than any needs, and bounds the parse.
    constexpr std::size_t kMaxBytes = 256 << 10;
    constexpr int kMaxDepth = 32;
    constexpr int kMaxKeyParts = 16;
    if (text.size() > kMaxBytes) throw ConfigError(where(file, 0) + "larger than 256 KiB");
    int line = 1;
    int depth = 0;
    int parts = 1;
    char quote = 0;
    bool comment = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\n') {
            ++line;
            parts = 1;
            comment = false;
            if (quote == '"' || quote == '\'') {
                // a one-line string does not continue; multi-line ones are not counted
            }
            continue;
        }
        if (comment) continue;
        if (quote != 0) {
            if (c == '\\' && quote == '"') {
                ++i;
                continue;
            }
            if (c == quote) quote = 0;
            continue;
        }
        if (c == '#') {
            comment = true;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxDepth)
                throw ConfigError(where(file, line) + "nested more than " +
                                  std::to_string(kMaxDepth) + " deep");
        } else if (c == ']' || c == '}') {
            depth = std::max(0, depth - 1);
        } else if (c == '.' && depth <= 1) {
            if (++parts > kMaxKeyParts)
                throw ConfigError(where(file, line) + "a key of more than " +
                                  std::to_string(kMaxKeyParts) + " parts");
        }
    }
}

void read_network(const fs::path& file, const toml::table& t, NetworkConfig& net) {
    check_keys(file, t, "network",
               {"timeout_ms", "dns_servers", "tls_ca_file", "connect_to", "max_response_bytes",
                "max_referrals", "limits", "limiter", "dnssec", "dnssec_trust_anchor_file"});
    if (const toml::node* n = t.get("dnssec")) {
        auto v = n->value<std::string>();
        if (!n->is_string() || !v || (*v != "validate" && *v != "off"))
            fail(file, *n, "network.dnssec must be \"validate\" or \"off\"");
        net.dnssec_validate = *v == "validate";
    }
    if (const toml::node* n = t.get("dnssec_trust_anchor_file")) {
        auto s = n->value<std::string>();
        if (!n->is_string() || !s) fail(file, *n, "network.dnssec_trust_anchor_file must be a string");
        fs::path p = *s;
        if (p.is_relative() && !file.empty()) p = file.parent_path() / p;
        // Read when the first DNS question is set up (the validator names it if unusable).
        net.dnssec_trust_anchor_file = p.string();
    }
    if (const toml::node* n = t.get("limiter")) {
        auto v = n->value<std::string>();
        if (!n->is_string() || !v || (*v != "local" && *v != "redis"))
            fail(file, *n, "network.limiter must be \"local\" or \"redis\"");
        net.limiter = *v;
    }
    net.timeout_ms = get_int(file, t, "timeout_ms", net.timeout_ms, 10, 600000, "network");
    net.max_response_bytes = static_cast<std::size_t>(
        get_int(file, t, "max_response_bytes", static_cast<int>(net.max_response_bytes), 1024,
                1 << 30, "network"));
    net.max_referrals = get_int(file, t, "max_referrals", net.max_referrals, 0, 10, "network");
    if (const toml::node* n = t.get("limits")) {
        const toml::table* limits = n->as_table();
        if (limits == nullptr) fail(file, *n, "network.limits must be a table");
        for (const auto& [host, node] : *limits) {
            std::string name = "network.limits." + std::string(host.str());
            const toml::table* lt = node.as_table();
            if (lt == nullptr) fail(file, node, name + " must be a table");
            check_keys(file, *lt, name, {"per_minute", "burst", "concurrency"});
            LimitConfig lim = net.default_limit;
            if (const toml::node* pm = lt->get("per_minute")) {
                if (!pm->is_number()) fail(file, *pm, name + ".per_minute must be a number");
                lim.per_minute = pm->is_integer() ? static_cast<double>(*pm->value<std::int64_t>())
                                                  : *pm->value<double>();
                // At least one question a day, at most 100,000 a minute: anything else is a
                // typing mistake (and NaN would switch the limit off).
                if (!std::isfinite(lim.per_minute) || lim.per_minute < 1.0 / 1440 ||
                    lim.per_minute > 100000)
                    fail(file, *pm, name + ".per_minute must be from 0.0007 (one a day) to 100000");
            }
            lim.burst = get_int(file, *lt, "burst", lim.burst, 1, 1000, name);
            lim.concurrency = get_int(file, *lt, "concurrency", lim.concurrency, 1, 64, name);
            if (std::string(host.str()) == "default")
                net.default_limit = lim;
            else
                net.limits[std::string(host.str())] = lim;
        }
    }
    net.dns_servers = get_strings(file, t, "dns_servers", "network");
    net.connect_to = get_strings(file, t, "connect_to", "network");
    if (const toml::node* n = t.get("tls_ca_file")) {
        auto s = n->value<std::string>();
        if (!n->is_string() || !s) fail(file, *n, "network.tls_ca_file must be a string");
        fs::path p = *s;
        if (p.is_relative() && !file.empty()) p = file.parent_path() / p;
        net.tls_ca_file = p.string();
        // Found out here, not at the first HTTPS question of a batch.
        std::error_code ec;
        if (!fs::is_regular_file(p, ec) || ::access(p.c_str(), R_OK) != 0)
            fail(file, *n, "network.tls_ca_file: \"" + p.string() + "\" cannot be read");
    }
    if (const toml::node* n = t.get("dns_servers")) {
        for (const auto& s : net.dns_servers) {
            if (!host_port_ok(s))
                fail(file, *n,
                     "network.dns_servers: \"" + s +
                         "\" is not HOST[:PORT] with a port from 1 to 65535");
        }
    }
    if (const toml::node* n = t.get("connect_to")) {
        for (const auto& s : net.connect_to) {
            int colons = 0;
            for (char c : s)
                colons += c == ':' ? 1 : 0;
            auto port_at = [&](std::size_t from, std::size_t to) {
                std::string p = s.substr(from, to - from);
                return !p.empty() && p.size() <= 5 &&
                       p.find_first_not_of("0123456789") == std::string::npos &&
                       std::stoi(p) >= 1 && std::stoi(p) <= 65535;
            };
            auto c1 = s.find(':');
            auto c2 = c1 == std::string::npos ? c1 : s.find(':', c1 + 1);
            auto last = s.rfind(':');
            if (colons < 3 || c2 == std::string::npos || !port_at(c1 + 1, c2) ||
                !port_at(last + 1, s.size()))
                fail(file, *n,
                     "network.connect_to: \"" + s +
                         "\" is not HOST:PORT:HOST:PORT with ports from 1 to 65535");
        }
    }
}

void read_engine(const fs::path& file, const toml::table& t, EngineConfig& e) {
    check_keys(file, t, "engine",
               {"max_parallel", "max_waiting", "window", "source_timeout_ms", "addresses_per_host",
                "expand_hosts", "special_addresses"});
    if (const toml::node* n = t.get("special_addresses")) {
        auto v = n->value<std::string>();
        if (!n->is_string() || !v || (*v != "skip" && *v != "ask"))
            fail(file, *n, "engine.special_addresses must be \"skip\" or \"ask\"");
        e.special_addresses = *v;
    }
    e.max_parallel = get_int(file, t, "max_parallel", e.max_parallel, 1, 256, "engine");
    e.max_waiting = get_int(file, t, "max_waiting", e.max_waiting, 0, 4096, "engine");
    e.window = get_int(file, t, "window", e.window, 1, 100000, "engine");
    e.source_timeout_ms =
        get_int(file, t, "source_timeout_ms", e.source_timeout_ms, 0, 3600000, "engine");
    e.addresses_per_host =
        get_int(file, t, "addresses_per_host", e.addresses_per_host, 0, 16, "engine");
    if (const toml::node* n = t.get("expand_hosts")) {
        if (!n->is_boolean()) fail(file, *n, "engine.expand_hosts must be true or false");
        e.expand_hosts = *n->value<bool>();
    }
}

void read_cache(const fs::path& file, const toml::table& t, CacheConfig& c) {
    check_keys(file, t, "cache",
               {"backend", "path", "ttl_s", "negative_ttl_s", "dns_max_ttl_s", "memory_mb"});
    if (const toml::node* n = t.get("backend")) {
        auto v = n->value<std::string>();
        if (!n->is_string() || !v || (*v != "sqlite" && *v != "redis" && *v != "none"))
            fail(file, *n, "cache.backend must be \"sqlite\", \"redis\" or \"none\"");
        c.backend = *v;
    }
    if (const toml::node* n = t.get("path")) {
        auto v = n->value<std::string>();
        if (!n->is_string() || !v || v->empty()) fail(file, *n, "cache.path must be a file name");
        fs::path p = *v;
        c.path = p.is_relative() && !file.empty() ? (file.parent_path() / p).lexically_normal() : p;
    }
    constexpr int kYear = 366 * 86400;
    c.ttl_s = get_int(file, t, "ttl_s", static_cast<int>(c.ttl_s), 0, kYear, "cache");
    c.negative_ttl_s =
        get_int(file, t, "negative_ttl_s", static_cast<int>(c.negative_ttl_s), 0, kYear, "cache");
    c.dns_max_ttl_s =
        get_int(file, t, "dns_max_ttl_s", static_cast<int>(c.dns_max_ttl_s), 0, kYear, "cache");
    c.memory_mb = get_int(file, t, "memory_mb", c.memory_mb, 1, 4096, "cache");
}

// [site]: what is ours. Each entry must be what it says: a prefix or address, a domain name, a
// short host name (one label).
void read_site(const fs::path& file, const toml::table& t, SiteConfig& site) {
    check_keys(file, t, "site", {"prefixes", "domains", "hosts", "user_names"});
    site.prefixes = get_strings(file, t, "prefixes", "site");
    for (const auto& p : site.prefixes) {
        auto slash = p.find('/');
        std::string addr = p.substr(0, slash);
        unsigned char buf[16];
        int family = addr.find(':') != std::string::npos ? AF_INET6 : AF_INET;
        bool ok = inet_pton(family, addr.c_str(), buf) == 1;
        if (ok && slash != std::string::npos) {
            const std::string len = p.substr(slash + 1);
            ok = !len.empty() && len.size() <= 3 &&
                 len.find_first_not_of("0123456789") == std::string::npos &&
                 std::stoi(len) <= (family == AF_INET6 ? 128 : 32);
        }
        if (!ok) fail(file, *t.get("prefixes"), "site.prefixes: \"" + p + "\" is not a prefix");
    }
    site.domains = get_strings(file, t, "domains", "site");
    for (auto& d : site.domains) {
        d = sdk::ascii_lower(d);
        if (d.find('.') == std::string::npos || d.find_first_of(" /@:") != std::string::npos)
            fail(file, *t.get("domains"), "site.domains: \"" + d + "\" is not a domain name");
    }
    site.hosts = get_strings(file, t, "hosts", "site");
    for (auto& h : site.hosts) {
        h = sdk::ascii_lower(h);
        if (h.empty() || h.find_first_of(" ./@:") != std::string::npos)
            fail(file, *t.get("hosts"),
                 "site.hosts: \"" + h +
                     "\" is not a short host name (put names with a dot in "
                     "site.domains)");
    }
    if (const toml::node* n = t.get("user_names")) {
        auto v = n->value<std::string>();
        if (!n->is_string() || !v || (*v != "redact" && *v != "keep"))
            fail(file, *n, "site.user_names must be \"redact\" or \"keep\"");
        site.user_names = *v;
    }
}

void read_notice(const fs::path& file, const toml::table& t, NoticeConfig& n) {
    check_keys(file, t, "notice",
               {"smtp_url", "smtp_starttls", "smtp_user", "from", "signing_key", "gpg_home",
                "templates_dir", "ledger", "encrypt"});
    auto text = [&](const char* key, std::string& into) {
        if (const toml::node* v = t.get(key)) {
            auto s = v->value<std::string>();
            if (!v->is_string() || !s)
                fail(file, *v, std::string("notice.") + key + " must be a string");
            into = *s;
        }
    };
    auto path = [&](const char* key, fs::path& into) {
        std::string s;
        text(key, s);
        if (s.empty()) return;
        fs::path p = s;
        into = p.is_relative() ? (file.parent_path() / p).lexically_normal() : p;
    };
    text("smtp_url", n.smtp_url);
    text("smtp_starttls", n.smtp_starttls);
    if (n.smtp_starttls != "none" && n.smtp_starttls != "try" && n.smtp_starttls != "required")
        fail(file, *t.get("smtp_starttls"), "notice.smtp_starttls must be none, try or required");
    if (!n.smtp_url.empty() && n.smtp_url.rfind("smtp://", 0) != 0 &&
        n.smtp_url.rfind("smtps://", 0) != 0)
        fail(file, *t.get("smtp_url"), "notice.smtp_url must start with smtp:// or smtps://");
    text("smtp_user", n.smtp_user);
    text("from", n.from);
    if (!n.from.empty()) {
        auto check = sdk::check_mailbox(sdk::split_named_address(n.from).address);
        if (!check.ok()) fail(file, *t.get("from"), "notice.from: not a mailbox: " + check.refused);
        if (!check.confusable.empty())
            fail(file, *t.get("from"), "notice.from: " + check.confusable);
    }
    text("signing_key", n.signing_key);
    path("gpg_home", n.gpg_home);
    path("templates_dir", n.templates_dir);
    path("ledger", n.ledger);
    if (const toml::node* v = t.get("encrypt")) {
        if (!v->is_boolean()) fail(file, *v, "notice.encrypt must be true or false");
        n.encrypt = *v->value<bool>();
    }
}

void read_scoring(const fs::path& file, const toml::table& t, ScoringConfig& s) {
    check_keys(file, t, "scoring",
               {"weights", "roles", "corroboration", "to_threshold", "tie_margin", "max_cc"});
    auto read_map = [&](const char* key, std::map<std::string, double>& into) {
        const toml::node* n = t.get(key);
        if (n == nullptr) return;
        const toml::table* tbl = n->as_table();
        if (tbl == nullptr) fail(file, *n, std::string("scoring.") + key + " must be a table");
        for (const auto& [k, v] : *tbl) {
            into[std::string(k.str())] =
                get_weight(file, v, std::string("scoring.") + key + "." + std::string(k.str()));
            s.lines[std::string(key) + "." + std::string(k.str())] = line_of(v);
        }
    };
    read_map("weights", s.weights);
    read_map("roles", s.roles);
    for (const auto* key : {"corroboration", "to_threshold", "tie_margin"}) {
        if (const toml::node* n = t.get(key)) {
            double v = get_weight(file, *n, std::string("scoring.") + key);
            if (std::string(key) == "corroboration") s.corroboration = v;
            if (std::string(key) == "to_threshold") s.to_threshold = v;
            if (std::string(key) == "tie_margin") s.tie_margin = v;
        }
    }
    if (t.get("max_cc") != nullptr) s.max_cc = get_int(file, t, "max_cc", 1, 0, 10, "scoring");
}

fs::path executable_dir() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe.parent_path();
}

} // namespace

std::vector<fs::path> default_plugin_dirs() {
    // The plugins of this very program: beside it (the build tree's lib/, or an install under
    // any prefix: LIBDIR, lib/<multiarch> on Debian), else the installed folder. Never both: a
    // build tree run on a machine with renraku installed must not load the installed plugins.
    std::vector<fs::path> dirs;
    fs::path exe = executable_dir();
    std::error_code ec;
    if (!exe.empty()) {
        for (const char* lib : {RENRAKU_LIBDIR, "lib"}) {
            fs::path d = (exe / ".." / lib / "renraku" / "plugins").lexically_normal();
            if (fs::is_directory(d, ec) && std::find(dirs.begin(), dirs.end(), d) == dirs.end())
                dirs.push_back(d);
        }
    }
    if (dirs.empty()) dirs.emplace_back(RENRAKU_INSTALLED_PLUGIN_DIR);
    return dirs;
}

std::optional<fs::path> find_config_file(const std::string& cli_path) {
    if (!cli_path.empty()) {
        if (!fs::exists(cli_path))
            throw ConfigError("config file \"" + cli_path + "\" (--config) does not exist");
        return fs::path(cli_path);
    }
    if (const char* env = std::getenv("RENRAKU_CONFIG"); env != nullptr && *env != '\0') {
        if (!fs::exists(env))
            throw ConfigError(std::string("config file \"") + env +
                              "\" ($RENRAKU_CONFIG) does not exist");
        return fs::path(env);
    }
    fs::path user;
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg != '\0') {
        user = fs::path(xdg) / "renraku" / "renraku.toml";
    } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        user = fs::path(home) / ".config" / "renraku" / "renraku.toml";
    }
    if (!user.empty() && fs::exists(user)) return user;
    fs::path installed = RENRAKU_INSTALLED_CONFIG;
    if (fs::exists(installed)) return installed;
    // An install under another prefix: its own etc/, then the pristine copy in share/.
    for (const char* beside : {"etc/renraku/renraku.toml", "share/renraku/renraku.toml"}) {
        fs::path p = executable_dir() / ".." / beside;
        if (fs::exists(p)) return p.lexically_normal();
    }
    return std::nullopt;
}

namespace {

// The user's own plugin folder comes last, when it exists: a plugin of the same name in an
// earlier folder wins (the loader refuses the second as a duplicate).
void add_user_plugins(Config& cfg) {
    fs::path user = paths::user_plugins();
    std::error_code ec;
    if (fs::is_directory(user, ec) &&
        std::find(cfg.plugin_dirs.begin(), cfg.plugin_dirs.end(), user) == cfg.plugin_dirs.end())
        cfg.plugin_dirs.push_back(user);
}

Config read_config(const std::optional<fs::path>& path);

} // namespace

Config load_config(const std::optional<fs::path>& path) {
    Config cfg = read_config(path);
    add_user_plugins(cfg);
    return cfg;
}

namespace {

Config read_config(const std::optional<fs::path>& path) {
    Config cfg;
    cfg.plugin_dirs = default_plugin_dirs();
    if (!path) return cfg;
    cfg.file = *path;
    std::error_code ec;
    if (!fs::is_regular_file(*path, ec)) throw ConfigError(where(*path, 0) + "not a regular file");
    std::string text;
    {
        std::ifstream in(*path, std::ios::binary);
        if (!in) throw ConfigError(where(*path, 0) + "cannot be read");
        std::ostringstream buf;
        buf << in.rdbuf();
        text = buf.str();
    }
    check_shape(*path, text);
    auto parsed = std::make_shared<toml::table>();
    try {
        *parsed = toml::parse(text, path->string());
    } catch (const toml::parse_error& e) {
        throw ConfigError(where(*path, static_cast<int>(e.source().begin.line)) +
                          std::string(e.description()));
    }
    cfg.document = parsed;
    const toml::table& root = *parsed;
    check_keys(*path, root, "top level",
               {"network", "plugins", "sources", "scoring", "engine", "data", "cache", "redis",
                "notice", "site", "mirror"});
    auto table_of = [&](const char* key) -> const toml::table* {
        const toml::node* n = root.get(key);
        if (n == nullptr) return nullptr;
        if (!n->is_table()) fail(*path, *n, std::string("[") + key + "] must be a table");
        return n->as_table();
    };
    if (const auto* t = table_of("network")) read_network(*path, *t, cfg.network);
    if (const auto* t = table_of("engine")) read_engine(*path, *t, cfg.engine);
    if (const auto* t = table_of("scoring")) read_scoring(*path, *t, cfg.scoring);
    if (const auto* t = table_of("cache")) read_cache(*path, *t, cfg.cache);
    if (const auto* t = table_of("notice")) read_notice(*path, *t, cfg.notice);
    if (const auto* t = table_of("site")) read_site(*path, *t, cfg.site);
    if (const auto* t = table_of("mirror")) {
        check_keys(*path, *t, "mirror", {"registries", "max_age_hours", "dir", "nrtm_keys"});
        cfg.mirror.registries = get_strings(*path, *t, "registries", "mirror");
        for (auto& r : cfg.mirror.registries)
            r = sdk::ascii_lower(r);
        cfg.mirror.max_age_hours =
            get_int(*path, *t, "max_age_hours", cfg.mirror.max_age_hours, 1, 24 * 365, "mirror");
        if (const toml::node* n = t->get("dir")) {
            auto v = n->value<std::string>();
            if (!n->is_string() || !v || v->empty())
                fail(*path, *n, "mirror.dir must be a folder's path");
            fs::path p = *v;
            if (p.is_relative()) p = path->parent_path() / p;
            cfg.mirror.dir = p;
        }
        if (const toml::node* n = t->get("nrtm_keys")) {
            if (!n->is_table())
                fail(*path, *n, "mirror.nrtm_keys must be a table: registry = \"key.pem\"");
            for (const auto& [name, v] : *n->as_table()) {
                auto file = v.value<std::string>();
                if (!v.is_string() || !file || file->empty())
                    fail(*path, v, "mirror.nrtm_keys." + std::string(name.str()) +
                                       " must be the path of a PEM public key");
                fs::path p = *file;
                if (p.is_relative()) p = path->parent_path() / p;
                cfg.mirror.nrtm_keys[sdk::ascii_lower(std::string(name.str()))] =
                    p.lexically_normal();
            }
        }
    }
    if (const auto* t = table_of("redis")) {
        check_keys(*path, *t, "redis", {"url", "on_unreachable"});
        if (const toml::node* n = t->get("url")) {
            auto v = n->value<std::string>();
            std::string why = "not a string";
            std::optional<RedisUrl> endpoint;
            if (n->is_string() && v) endpoint = parse_redis_url(*v, why);
            if (!endpoint)
                fail(*path, *n, "redis.url must be redis://[:PASSWORD@]HOST[:PORT][/DB]: " + why);
            cfg.redis.url = *v;
            cfg.redis.endpoint = *endpoint;
        }
        if (const toml::node* n = t->get("on_unreachable")) {
            auto v = n->value<std::string>();
            if (!n->is_string() || !v || (*v != "stop" && *v != "local"))
                fail(*path, *n, "redis.on_unreachable must be \"stop\" or \"local\"");
            cfg.redis.on_unreachable = *v;
        }
    }
    if (const auto* t = table_of("plugins")) {
        check_keys(*path, *t, "plugins", {"dirs"});
        auto dirs = get_strings(*path, *t, "dirs", "plugins");
        if (t->get("dirs") != nullptr) {
            cfg.plugin_dirs.clear();
            for (const auto& d : dirs) {
                fs::path p = d;
                if (p.is_relative()) p = path->parent_path() / p;
                std::error_code ec;
                if (!fs::is_directory(p, ec))
                    fail(*path, *t->get("dirs"),
                         "plugins.dirs: \"" + p.lexically_normal().string() + "\" is not a folder");
                cfg.plugin_dirs.push_back(p.lexically_normal());
            }
        }
    }
    if (const auto* t = table_of("data")) {
        check_keys(*path, *t, "data",
                   {"dir", "privacy_services_url", "platform_rules_url", "feeds"});
        if (const toml::node* n = t->get("dir")) {
            auto s = n->value<std::string>();
            if (!n->is_string() || !s) fail(*path, *n, "data.dir must be a string");
            fs::path p = *s;
            cfg.data_dir = p.is_relative() ? (path->parent_path() / p).lexically_normal() : p;
        }
        if (const toml::node* n = t->get("privacy_services_url")) {
            auto s = n->value<std::string>();
            if (!n->is_string() || !s || s->rfind("https://", 0) != 0)
                fail(*path, *n, "data.privacy_services_url must be an https:// URL");
            cfg.privacy_services_url = *s;
        }
        if (const toml::node* n = t->get("platform_rules_url")) {
            auto s = n->value<std::string>();
            if (!n->is_string() || !s || s->rfind("https://", 0) != 0)
                fail(*path, *n, "data.platform_rules_url must be an https:// URL");
            cfg.platform_rules_url = *s;
        }
        if (const toml::node* n = t->get("feeds")) {
            auto b = n->value<bool>();
            if (!n->is_boolean() || !b) fail(*path, *n, "data.feeds must be true or false");
            cfg.fetch_feeds = *b;
        }
    }
    if (const auto* t = table_of("sources")) {
        for (const auto& [name, node] : *t) {
            const toml::table* st = node.as_table();
            if (st == nullptr)
                fail(*path, node, "[sources." + std::string(name.str()) + "] must be a table");
            cfg.sources[std::string(name.str())] = SourceTable{st, line_of(node)};
        }
    }
    return cfg;
}

} // namespace

} // namespace renraku::core
