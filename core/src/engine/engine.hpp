#pragma once
// Runs every enabled source on every indicator (and on what the core derives from them) at
// once, bounded, with a deadline per source, and hands back one merged, scored Result per
// indicator. A batch is read as it goes and each result is handed on and forgotten as soon as
// it is complete, so memory stays flat however long the batch.

#include "../config/config.hpp"
#include "../dns/resolver.hpp"
#include "../model/result.hpp"
#include "../net/limiter.hpp"
#include "../score/scoring.hpp"
#include "../services/service_hub.hpp"
#include "renraku/sdk/source.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace boost::dll {
class shared_library;
}

namespace renraku::core {

/// A source made from a plugin, ready to use. Holds its library so the code stays loaded.
struct SourceInstance {
    std::shared_ptr<boost::dll::shared_library> library; // declared first: destroyed last
    std::unique_ptr<sdk::Source> source;
    sdk::SourceInfo info;

    SourceInstance() = default;
    SourceInstance(SourceInstance&&) noexcept = default;
    /// The old source goes before its library is let go (see Plugin's assignment).
    SourceInstance& operator=(SourceInstance&& other) noexcept {
        if (this != &other) {
            source.reset();
            source = std::move(other.source);
            library = std::move(other.library);
            info = std::move(other.info);
        }
        return *this;
    }
    ~SourceInstance() { source.reset(); }
};

struct EngineStats {
    std::size_t tasks_run = 0;
    std::size_t dns_questions = 0;
    /// --offline: source -> lookups it could not answer from the cache (so did not answer).
    std::map<std::string, std::size_t> offline_skipped;
};

/// One item of a batch: an indicator, or a line that is not one (`bad` says why).
struct BatchItem {
    std::optional<sdk::Indicator> indicator;
    std::string text; // the line as read, for a bad one
    std::string bad;  // why it is not an indicator
    std::size_t line = 0;
    int port = -1;   // the port written with an address, kept as context
    std::string tag; // the caller's own name for the item (a stream entry's id), handed back
};

struct RunOptions {
    /// Hand results on in input order (held back at most `engine.window` indicators); else as
    /// each completes.
    bool ordered = true;
    /// For input that arrives over time (a stream): when set, `next` giving nothing means
    /// "nothing now", and the run ends once this says the input is finished and every result is
    /// handed on. `next` is asked again at least every 200 ms.
    std::function<bool()> input_finished;
    /// The user's batch deadline (lookup --deadline): what waits for its turn past it is not
    /// asked, and said so ("not_asked"), never reported as a failed source. None: waits end
    /// when the turn comes, however long the budgets make them.
    std::optional<std::chrono::steady_clock::time_point> deadline;
};

class Engine {
  public:
    /// The services are the caller's (the runtime builds them once) and outlive the engine.
    Engine(const Config& config, std::vector<SourceInstance>& sources, ScoringModel model,
           ServiceHub& services);
    ~Engine();

    /// Look up every item `next` gives until it gives nullopt; `emit` is called once per item,
    /// from this thread.
    void run(const std::function<std::optional<BatchItem>()>& next,
             const std::function<void(Result&&)>& emit, RunOptions options);

    /// Look every indicator up; `emit` is called once per indicator, in input order.
    void run(const std::vector<sdk::Indicator>& indicators,
             const std::function<void(const Result&)>& emit);

    EngineStats stats() const;

    /// Lookups still running, e.g. sources that ignored their deadline and were given up.
    std::size_t unfinished() const;

    /// The run's services (for the progress line and statistics).
    ServiceHub& hub();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// The indicators the core derives without the network: a URL's host or address, an
/// e-mail address's domain.
std::vector<sdk::Indicator> derive_offline(const sdk::Indicator& ind);

} // namespace renraku::core
