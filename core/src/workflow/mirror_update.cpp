#include "mirror_update.hpp"

#include "../config/data_layers.hpp"
#include "../mirror/mirror_index.hpp"
#include "mirror_nrtm.hpp"
#include "../net/download.hpp"
#include "../services/mirror_service.hpp"
#include "renraku/sdk/text.hpp"

#include <nlohmann/json.hpp>

#include <ctime>
#include <fstream>
#include <unistd.h>

namespace renraku::core::workflow {

namespace fs = std::filesystem;

namespace {

struct Published {
    std::string name;
    std::string url; // the folder the files are published in
    std::string serial_url;
    std::string serial_file;
    std::vector<std::string> files;
    std::string nrtm_url;    // its NRTMv4 update notification file, when it publishes one
    std::string nrtm_source; // the source its NRTMv4 files name
};

std::vector<Published> published(const Config& config, std::string& why) {
    fs::path file = DataLayers(config).find("mirror/registries.json");
    std::ifstream in(file);
    auto j = nlohmann::json::parse(in, nullptr, false);
    std::vector<Published> out;
    if (!j.is_object()) {
        why = file.string() + ": not the list of mirrorable registries";
        return out;
    }
    for (const auto& [name, r] : j.items()) {
        if (!r.is_object() || name.empty() || name[0] == '_') continue;
        Published p;
        p.name = name;
        p.url = r.value("url", std::string());
        p.serial_url = r.value("serial_url", std::string());
        p.serial_file = r.value("serial_file", std::string());
        if (r.contains("files") && r["files"].is_array())
            for (const auto& f : r["files"])
                if (f.is_string() && f.get<std::string>().find('/') == std::string::npos)
                    p.files.push_back(f.get<std::string>());
        if (r.contains("nrtm") && r["nrtm"].is_object()) {
            p.nrtm_url = r["nrtm"].value("url", std::string());
            p.nrtm_source = r["nrtm"].value("source", std::string());
        }
        out.push_back(std::move(p));
    }
    return out;
}

std::string first_line(const fs::path& file) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    return sdk::sanitize(line, 40);
}

} // namespace

int mirror_update(const Config& config, const MirrorUpdateOptions& options, std::ostream& out,
                  std::ostream& err) {
    std::string why;
    auto known = published(config, why);
    if (known.empty()) {
        err << "renraku: mirror: " << why << "\n";
        return 2;
    }
    std::vector<std::string> wanted = options.registries;
    if (wanted.empty()) wanted = config.mirror.registries;
    if (wanted.empty())
        for (const auto& p : known)
            wanted.push_back(p.name);
    std::vector<const Published*> chosen;
    for (const auto& w : wanted) {
        const Published* p = nullptr;
        for (const auto& k : known)
            if (k.name == sdk::ascii_lower(w)) p = &k;
        if (p == nullptr) {
            std::string names;
            for (const auto& k : known)
                names += (names.empty() ? "" : ", ") + k.name;
            err << "renraku: mirror: --registry " << sdk::sanitize(w, 40)
                << ": not a registry renraku can mirror (" << names << ")\n";
            return 2;
        }
        chosen.push_back(p);
    }
    bool from_folder = !options.from.empty() && options.from.rfind("https://", 0) != 0;
    if (from_folder && !fs::is_directory(options.from)) {
        err << "renraku: mirror: --from " << sdk::sanitize(options.from, 200)
            << ": not a folder (or an https:// address)\n";
        return 2;
    }
    fs::path dir = mirror_dir(config);
    int status = 0;
    for (const auto* p : chosen) {
        // A registry whose NRTMv4 key the user configured is kept current by NRTMv4, unless
        // the files are given with --from.
        if (auto key = config.mirror.nrtm_keys.find(p->name);
            options.from.empty() && key != config.mirror.nrtm_keys.end()) {
            if (p->nrtm_url.empty() || p->nrtm_source.empty()) {
                err << "renraku: mirror: " << p->name
                    << ": [mirror] nrtm_keys names it, but it publishes no NRTMv4 renraku knows\n";
                status = std::max(status, 1);
                continue;
            }
            status = std::max(status, nrtm_update(config, {p->name, p->nrtm_url, p->nrtm_source},
                                                  key->second, dir / (p->name + ".sqlite"), out,
                                                  err));
            continue;
        }
        std::vector<fs::path> inputs;
        std::string serial;
        fs::path download_dir;
        if (from_folder) {
            for (const auto& f : p->files)
                if (fs::is_regular_file(fs::path(options.from) / f))
                    inputs.push_back(fs::path(options.from) / f);
            if (!p->serial_file.empty() && fs::is_regular_file(fs::path(options.from) / p->serial_file))
                serial = first_line(fs::path(options.from) / p->serial_file);
            if (inputs.empty()) {
                std::string names;
                for (const auto& f : p->files)
                    names += (names.empty() ? "" : ", ") + f;
                err << "renraku: mirror: " << p->name << ": none of its files in "
                    << sdk::sanitize(options.from, 200) << " (" << names << ")\n";
                status = std::max(status, 1);
                continue;
            }
        } else {
            std::string base = options.from.empty() ? p->url : options.from;
            if (!base.empty() && base.back() != '/') base += "/";
            download_dir = dir / (".download-" + p->name + "-" + std::to_string(::getpid()));
            std::error_code ec;
            fs::create_directories(download_dir, ec);
            net::DownloadOptions dl{config.network.tls_ca_file,
                                    std::chrono::milliseconds(config.network.timeout_ms),
                                    std::uint64_t{8} << 30};
            net::ConnectTo connect(config.network.connect_to);
            std::string failed;
            for (const auto& f : p->files) {
                auto why_not = net::download_file(base + f, download_dir / f, dl, connect);
                if (!why_not.empty()) {
                    failed = why_not;
                    break;
                }
                inputs.push_back(download_dir / f);
            }
            std::string serial_url =
                options.from.empty() ? p->serial_url : base + p->serial_file;
            if (failed.empty() && !serial_url.empty() &&
                net::download_file(serial_url, download_dir / "SERIAL", dl, connect).empty())
                serial = first_line(download_dir / "SERIAL");
            if (!failed.empty()) {
                err << "renraku: mirror: " << p->name << ": cannot fetch "
                    << sdk::sanitize(failed, 300) << "; its previous mirror stays\n";
                fs::remove_all(download_dir, ec);
                status = std::max(status, 1);
                continue;
            }
        }
        try {
            auto info = mirror::import_mirror(dir / (p->name + ".sqlite"), p->name, inputs, serial);
            out << "mirror " << p->name << ": " << info.networks << " networks, " << info.objects
                << " contact objects" << (serial.empty() ? "" : ", serial " + serial)
                << (info.source_date.empty() ? "" : ", files of " + info.source_date) << " -> "
                << (dir / (p->name + ".sqlite")).string() << "\n";
        } catch (const mirror::MirrorError& e) {
            err << "renraku: mirror: " << p->name << ": " << sdk::sanitize(e.what(), 400) << "\n";
            status = std::max(status, 1);
        }
        std::error_code ec;
        if (!download_dir.empty()) fs::remove_all(download_dir, ec);
    }
    if (config.mirror.registries.empty())
        out << "(no registry is answered from its mirror until [mirror] registries names it)\n";
    return status;
}

int mirror_status(const Config& config, std::ostream& out) {
    fs::path dir = mirror_dir(config);
    std::string why;
    auto known = published(config, why);
    std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
    for (const auto& p : known) {
        fs::path file = dir / (p.name + ".sqlite");
        bool used = false;
        for (const auto& r : config.mirror.registries)
            used = used || r == p.name;
        std::error_code ec;
        if (!fs::exists(file, ec)) {
            out << p.name << ": no mirror" << (used ? " (named in [mirror] registries: asked live)" : "")
                << "\n";
            continue;
        }
        try {
            mirror::MirrorIndex index(file);
            const auto& i = index.info();
            long hours = static_cast<long>((now - i.source_time) / 3600);
            bool fresh = hours <= config.mirror.max_age_hours;
            out << p.name << ": " << i.networks << " networks, " << i.objects << " contact objects"
                << (i.nrtm_version.empty()
                        ? (i.serial.empty() ? "" : ", serial " + i.serial)
                        : ", NRTMv4 version " + i.nrtm_version + " of session " + i.nrtm_session)
                << ", files of "
                << (i.source_date.empty() ? "an unknown date" : i.source_date) << " (" << hours
                << " h old), imported " << std::to_string((now - i.imported_at) / 3600)
                << " h ago; "
                << (!used    ? "not used ([mirror] registries does not name it)"
                    : fresh ? "answers lookups"
                            : "stale (over max_age_hours " +
                                  std::to_string(config.mirror.max_age_hours) + "): asked live")
                << "\n";
        } catch (const mirror::MirrorError& e) {
            out << p.name << ": " << sdk::sanitize(e.what(), 300) << "\n";
        }
    }
    return 0;
}

} // namespace renraku::core::workflow
