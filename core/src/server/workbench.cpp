#include "workbench.hpp"

#include "../notice/draft_folder.hpp"
#include "../services/service_hub.hpp"
#include "../util/random.hpp"

#include <ctime>
#include <fstream>

namespace fs = std::filesystem;

namespace renraku::core::server {

Workbench::Workbench(Runtime runtime, fs::path work)
    : runtime_(std::move(runtime)), work_(std::move(work)) {
    std::error_code ec;
    fs::create_directories(work_ / "incidents", ec);
    if (ec)
        throw ConfigError("serve: cannot make the work folder " + work_.string() + ": " +
                          ec.message());
    fs::permissions(work_, fs::perms::owner_all, fs::perm_options::replace, ec);
    batch_ = std::make_unique<workflow::LookupBatch>(runtime_, CacheMode::use);
    ledger_ = std::make_unique<Ledger>(ledger_file(runtime_.config));
}

fs::path Workbench::new_incident_folder() {
    char stamp[32];
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    fs::path dir = work_ / "incidents" / (std::string(stamp) + "-" + random_base32(4));
    fs::create_directories(dir);
    return dir;
}

fs::path Workbench::drafts_of(const fs::path& incident) const {
    return incident / "drafts";
}

std::optional<fs::path> Workbench::draft_folder(const std::string& tracking) const {
    // Every hop of a case carries its tracking number: the one still to send is meant, else
    // the latest (a follow-up's folders sit beside the first drafts of their incident).
    std::optional<fs::path> found;
    long best = -1;
    std::error_code ec;
    for (const auto& incident : fs::directory_iterator(work_ / "incidents", ec)) {
        for (const auto& sub : fs::directory_iterator(incident.path(), ec)) {
            if (!sub.is_directory(ec)) continue;
            for (const auto& folder : notice::draft_folders(sub.path())) {
                // Only the folder's own record: the message and the logs need not be read to
                // find it.
                std::ifstream in(folder / "notice.json", std::ios::binary);
                auto meta = nlohmann::json::parse(in, nullptr, false);
                if (!meta.is_object() || meta.value("tracking", std::string()) != tracking)
                    continue;
                long hop = meta.value("hop", 0);
                long rank = hop * 2 + (meta.value("state", std::string()) == "drafted" ? 1 : 0);
                if (rank > best) {
                    best = rank;
                    found = folder;
                }
            }
        }
    }
    return found;
}

fs::path Workbench::followups_of(const fs::path& draft) const {
    // work/incidents/ID/drafts/TRACKING -> work/incidents/ID/followup-<6 random characters>
    fs::path incident = draft.parent_path().parent_path();
    return incident / ("followup-" + random_base32(6));
}

} // namespace renraku::core::server
