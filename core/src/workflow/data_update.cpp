#include "data_update.hpp"

#include "../config/data_layers.hpp"
#include "../engine/task_services.hpp"
#include "feed_update.hpp"
#include "renraku/sdk/text.hpp"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>

namespace fs = std::filesystem;

namespace renraku::core::workflow {

namespace {

// GET a JSON document whose `key` is an array. On failure, say why on `err`, with the folder
// that stays as it was, and return nothing.
std::optional<std::string> fetch_json(TaskServices& services, const std::string& url,
                                      const char* key, const char* what, const fs::path& kept,
                                      std::ostream& err) {
    auto r = services.http().get({url, "application/json", ""});
    if (r.status != sdk::HttpStatus::ok) {
        std::string why = r.message.empty() ? sdk::http_status_name(r.status) : r.message;
        err << "renraku: update-data: cannot fetch " << url << ": " << sdk::sanitize(why)
            << "; the data in " << kept.string() << " is unchanged\n";
        return std::nullopt;
    }
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (!j.is_object() || !j.contains(key) || !j[key].is_array()) {
        err << "renraku: update-data: " << url << " is not " << what << "; the data in "
            << kept.string() << " is unchanged\n";
        return std::nullopt;
    }
    return std::move(r.body);
}

} // namespace

int update_data(const Config& config, bool system, std::ostream& out, std::ostream& err) {
    static const char* kFiles[] = {"ipv4.json", "ipv6.json", "asn.json", "dns.json"};
    // Never the install or a source tree: the user's data folder (or the system's), which
    // overlays the shipped files.
    fs::path data = DataLayers(config).writable(system);
    fs::path dir = data / "bootstrap";
    // FIRST's team directory goes beside the national CSIRT snapshot, which it does not
    // replace: that one is curated with each value's source.
    fs::path csirts = data / "csirts";
    ServiceHub hub(config);
    TaskServices services(hub,
                          Clock::now() + std::chrono::milliseconds(config.source_timeout_ms() * 4));
    // Everything is fetched before anything is replaced.
    std::vector<std::pair<fs::path, std::string>> fetched;
    for (const char* name : kFiles) {
        auto body = fetch_json(services, std::string("https://data.iana.org/rdap/") + name,
                               "services", "an RDAP bootstrap file", data, err);
        if (!body) return 1;
        fetched.emplace_back(dir / name, std::move(*body));
    }
    auto teams = fetch_json(services, "https://api.first.org/data/v1/teams?limit=2000", "data",
                            "FIRST's teams API answer", data, err);
    if (!teams) return 1;
    fetched.emplace_back(csirts / "first-teams.json", std::move(*teams));
    // The list of privacy and proxy services has no registry of its own to come from: it is
    // fetched where the user points (a CSIRT's own curated copy), else the shipped one stays.
    fs::path registries = data / "registries";
    bool privacy = !config.privacy_services_url.empty();
    if (privacy) {
        auto list = fetch_json(services, config.privacy_services_url, "services",
                               "a list of privacy and proxy services", data, err);
        if (!list) return 1;
        fetched.emplace_back(registries / "privacy-services.json", std::move(*list));
    }
    // Platform rules likewise: from where the user points, else the shipped ones stay.
    fs::path platforms = data / "platforms";
    bool rules = !config.platform_rules_url.empty();
    if (rules) {
        auto list = fetch_json(services, config.platform_rules_url, "rules",
                               "a platform rule file", data, err);
        if (!list) return 1;
        fetched.emplace_back(platforms / "rules.json", std::move(*list));
    }
    std::error_code ec;
    fs::create_directories(dir, ec);
    fs::create_directories(csirts, ec);
    if (privacy) fs::create_directories(registries, ec);
    if (rules) fs::create_directories(platforms, ec);
    if (ec) {
        err << "renraku: update-data: cannot make " << data.string() << ": " << ec.message()
            << (system ? " (--system needs the rights to write there)" : "") << "\n";
        return 1;
    }
    for (auto& [path, body] : fetched) {
        fs::path tmp = path;
        tmp += ".new";
        std::ofstream f(tmp, std::ios::binary);
        f << body;
        f.close();
        if (!f) {
            err << "renraku: update-data: cannot write " << tmp.string() << "; the data in "
                << data.string() << " is unchanged\n";
            for (auto& [p, b] : fetched)
                fs::remove(fs::path(p.string() + ".new"), ec);
            return 1;
        }
    }
    for (auto& [path, body] : fetched)
        fs::rename(fs::path(path.string() + ".new"), path, ec);
    out << "updated " << std::size(kFiles) << " IANA bootstrap files in " << dir.string()
        << " and FIRST's team directory in " << csirts.string() << "\n";
    if (privacy)
        out << "updated the list of privacy and proxy services in " << registries.string() << "\n";
    else
        out << "the list of privacy and proxy services is the shipped one (set [data] "
               "privacy_services_url to fetch another)\n";
    if (rules)
        out << "updated the platform rules in " << platforms.string() << "\n";
    else
        out << "the platform rules are the shipped ones (set [data] platform_rules_url to fetch "
               "others)\n";
    if (!config.fetch_feeds) {
        out << "the clouds' and CDNs' address ranges were not fetched ([data] feeds = false)\n";
        return 0;
    }
    out << "the clouds' and CDNs' address ranges, into " << (platforms / "ranges").string()
        << ":\n";
    auto feeds = update_feeds(config, *hub.limiter, data, out, err);
    if (feeds.without_address > 0)
        out << "  " << feeds.without_address
            << " feed(s) with no fixed address (see platforms/feeds.json) kept as they are\n";
    return feeds.failed > 0 ? 1 : 0;
}

} // namespace renraku::core::workflow
