#include "update_data.hpp"

#include "../engine/task_services.hpp"
#include "renraku/sdk/text.hpp"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace renraku::core {

int update_data(const Config& config, std::ostream& out, std::ostream& err) {
    static const char* kFiles[] = {"ipv4.json", "ipv6.json", "asn.json", "dns.json"};
    fs::path dir =
        (config.data_dir.empty() ? net::default_data_dir() : config.data_dir) / "bootstrap";
    ServiceHub hub(config);
    TaskServices services(hub,
                          Clock::now() + std::chrono::milliseconds(config.source_timeout_ms() * 4));
    std::vector<std::pair<fs::path, std::string>> fetched;
    for (const char* name : kFiles) {
        std::string url = std::string("https://data.iana.org/rdap/") + name;
        auto r = services.http().get({url, "application/json", ""});
        if (r.status != sdk::HttpStatus::ok) {
            std::string why = r.message.empty() ? sdk::http_status_name(r.status) : r.message;
            err << "renraku: update-data: cannot fetch " << url << ": " << sdk::sanitize(why)
                << "; the data in " << dir.string() << " is unchanged\n";
            return 1;
        }
        auto j = nlohmann::json::parse(r.body, nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("services") ||
            !j["services"].is_array()) {
            err << "renraku: update-data: " << url << " is not an RDAP bootstrap file; the data in "
                << dir.string() << " is unchanged\n";
            return 1;
        }
        fetched.emplace_back(dir / name, std::move(r.body));
    }
    // FIRST's team directory, beside the national CSIRT snapshot (which it does not replace:
    // that one is curated with each value's source).
    fs::path csirts = dir.parent_path() / "csirts";
    const std::string first_url = "https://api.first.org/data/v1/teams?limit=2000";
    auto r = services.http().get({first_url, "application/json", ""});
    auto teams = r.status == sdk::HttpStatus::ok ? nlohmann::json::parse(r.body, nullptr, false)
                                                 : nlohmann::json();
    if (r.status != sdk::HttpStatus::ok || !teams.is_object() || !teams.contains("data") ||
        !teams["data"].is_array()) {
        std::string why = r.status != sdk::HttpStatus::ok
                              ? (r.message.empty() ? sdk::http_status_name(r.status) : r.message)
                              : std::string("not FIRST's teams API answer");
        err << "renraku: update-data: cannot fetch " << first_url << ": " << sdk::sanitize(why)
            << "; the data in " << dir.parent_path().string() << " is unchanged\n";
        return 1;
    }
    fetched.emplace_back(csirts / "first-teams.json", std::move(r.body));
    std::error_code ec;
    fs::create_directories(dir, ec);
    fs::create_directories(csirts, ec);
    for (auto& [path, body] : fetched) {
        fs::path tmp = path;
        tmp += ".new";
        std::ofstream f(tmp, std::ios::binary);
        f << body;
        f.close();
        if (!f) {
            err << "renraku: update-data: cannot write " << tmp.string() << "; the data in "
                << dir.string() << " is unchanged\n";
            for (auto& [p, b] : fetched)
                fs::remove(fs::path(p.string() + ".new"), ec);
            return 1;
        }
    }
    for (auto& [path, body] : fetched)
        fs::rename(fs::path(path.string() + ".new"), path, ec);
    out << "updated " << fetched.size() - 1 << " IANA bootstrap files in " << dir.string()
        << " and FIRST's team directory in " << csirts.string() << "\n";
    return 0;
}

} // namespace renraku::core
