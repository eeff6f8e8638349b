#pragma once
// What the server keeps between requests: the runtime (config, plugins), one lookup stack
// shared by every request (one politeness budget, one cache), the ledger, and the folders of
// pasted incidents and their drafts. The same files as the command line's: a CLI `notice --send
// DIR` and the page see the same drafts.

#include "../ledger/ledger.hpp"
#include "../runtime/runtime.hpp"
#include "../workflow/lookup_batch.hpp"

#include <filesystem>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace renraku::core::server {

class Workbench {
  public:
    /// `work`: the folder of incidents and drafts (created). Throws ConfigError.
    Workbench(Runtime runtime, std::filesystem::path work);

    Runtime& runtime() { return runtime_; }
    const Config& config() const { return runtime_.config; }
    workflow::LookupBatch& batch() { return *batch_; }
    /// The ledger, with the lock that keeps its connection to one request at a time.
    Ledger& ledger() { return *ledger_; }
    std::unique_lock<std::mutex> lock_ledger() { return std::unique_lock(ledger_mutex_); }
    const std::filesystem::path& work() const { return work_; }

    /// One heavy request at a time (a lookup, drafting, sending): the registries' budget is
    /// waited for inside it, but a second batch at once is refused (429), not queued.
    std::unique_lock<std::mutex> try_busy() { return std::unique_lock(busy_, std::try_to_lock); }

    /// A new folder for a pasted incident: work/incidents/YYYYMMDD-HHMMSS-XXXX.
    std::filesystem::path new_incident_folder();
    /// The folder of the drafts of an incident folder.
    std::filesystem::path drafts_of(const std::filesystem::path& incident) const;
    /// The draft folder of `tracking` (the hop still to send, else the latest), under every
    /// incident's drafts and follow-ups.
    std::optional<std::filesystem::path> draft_folder(const std::string& tracking) const;
    /// A new folder for the follow-up drafts of the case whose draft is `draft`, beside it.
    std::filesystem::path followups_of(const std::filesystem::path& draft) const;

  private:
    Runtime runtime_;
    std::filesystem::path work_;
    std::unique_ptr<workflow::LookupBatch> batch_;
    std::unique_ptr<Ledger> ledger_;
    std::mutex busy_;
    std::mutex ledger_mutex_;
};

} // namespace renraku::core::server
