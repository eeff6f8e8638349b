#pragma once
// Runs every enabled source on every indicator (and on what the core derives from them) at
// once, bounded, with a deadline per source, and hands back one merged, scored Result per
// indicator in input order.

#include "../config/config.hpp"
#include "../dns/resolver.hpp"
#include "../score/scoring.hpp"
#include "renraku/sdk/source.hpp"
#include "result.hpp"

#include <functional>
#include <memory>
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
    SourceInstance& operator=(SourceInstance&&) noexcept = default;
    ~SourceInstance() { source.reset(); }
};

struct EngineStats {
    std::size_t tasks_run = 0;
    std::size_t dns_questions = 0;
};

class Engine {
  public:
    Engine(const Config& config, std::vector<SourceInstance>& sources, ScoringModel model);
    ~Engine();

    /// Look every indicator up; `emit` is called once per indicator, in input order, as soon
    /// as that indicator and all before it are done.
    void run(const std::vector<sdk::Indicator>& indicators,
             const std::function<void(const Result&)>& emit);

    EngineStats stats() const;

    /// Lookups still running, e.g. sources that ignored their deadline and were given up.
    std::size_t unfinished() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// The indicators the core derives without the network: a URL's host or address, an
/// e-mail address's domain.
std::vector<sdk::Indicator> derive_offline(const sdk::Indicator& ind);

} // namespace renraku::core
