#pragma once
/// @file source.hpp
/// @brief The interface every contact source implements.
///
/// A plugin provides a Factory. The core asks the factory to describe itself (SourceInfo),
/// validates the user's `[sources.NAME]` table against the keys it declares, and asks it to
/// make a Source from those values. The core then calls Source::lookup() for each indicator of
/// a type the source handles, from several threads at once: lookup() must be safe to call
/// concurrently (keep per-call state on the stack).
///
/// Rules for lookup():
///  - Nothing found is Outcome::nothing(), not an error.
///  - A failure is Outcome::failure(status, message) with a one-line message naming the server
///    and the question. Exceptions are caught by the core and reported as transient failures,
///    but returning the failure says more.
///  - Reach the network only through Services.
///  - Report facts as signals (signals.hpp); never scores.

#include "renraku/sdk/config.hpp"
#include "renraku/sdk/indicator.hpp"
#include "renraku/sdk/outcome.hpp"
#include "renraku/sdk/services.hpp"

#include <memory>
#include <string>
#include <vector>

namespace renraku::sdk {

/// @brief How a source describes itself to the core and to `renraku sources`.
struct SourceInfo {
    std::string name;        ///< snake_case; also the name of its [sources.NAME] table
    std::string version;     ///< semver of the plugin
    std::string description; ///< one line
    TypeMask types = 0;      ///< the indicator types it handles
    bool needs_network = true;
    std::vector<ConfigKey> keys; ///< its own config keys (`enabled` is the core's)
};

class Source {
  public:
    virtual ~Source() = default;
    /// @brief Look one indicator up. The core's entry point; see the rules above.
    Outcome lookup(const Indicator& indicator, Services& services) {
        return do_lookup(indicator, services);
    }

  private:
    virtual Outcome do_lookup(const Indicator& indicator, Services& services) = 0;
};

class Factory {
  public:
    virtual ~Factory() = default;
    /// @brief Describe the source. Must not touch the network.
    virtual SourceInfo info() const = 0;
    /// @brief Make a source from validated config. May throw std::invalid_argument for values
    /// that are of the right type but unusable; the message is shown with the source's name.
    virtual std::unique_ptr<Source> make(const SourceConfig& config) const = 0;
};

} // namespace renraku::sdk
