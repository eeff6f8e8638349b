#pragma once
/// @file services.hpp
/// @brief Everything a source may use to reach the outside world.
///
/// A source reaches the network only through these services, so that every source gets the
/// same timeouts, caching, de-duplication, politeness and test redirection. One Services object
/// is made for each (source, indicator) task: it carries that task's deadline, and every call
/// through it returns by then.

#include "renraku/sdk/bootstrap.hpp"
#include "renraku/sdk/dns.hpp"
#include "renraku/sdk/http.hpp"
#include "renraku/sdk/mirror.hpp"
#include "renraku/sdk/whois.hpp"

#include <string>

namespace renraku::sdk {

class Services {
  public:
    virtual ~Services() = default;
    /// @brief The DNS service.
    virtual Dns& dns() = 0;
    /// @brief The whois service.
    virtual Whois& whois() = 0;
    /// @brief IANA's bootstrap data: which registry serves what.
    virtual Bootstrap& bootstrap() = 0;
    /// @brief The HTTPS service.
    virtual Http& http() = 0;
    /// @brief The current time, ISO 8601 UTC ("2026-11-25T18:19:55Z"), for Evidence::retrieved_at.
    virtual std::string now_utc() = 0;
    /// @brief The folder of renraku's data files (`[data] dir`, or the shipped data): read-only
    /// reference data a source may need, such as `csirts/teams.json`.
    virtual std::string data_dir() = 0;
    /// @brief True when the task's deadline has passed; a source in a loop should stop then.
    virtual bool expired() = 0;
    /// @brief The path of a data file that `renraku update-data` may refresh
    /// ("csirts/first-teams.json"): the user's or the system's refreshed copy when there is one,
    /// else the shipped one. The file may not exist.
    virtual std::string data_file(const std::string& relative) = 0;
    /// @brief Local mirrors of the registries' databases (answers without asking).
    virtual Mirror& mirror() = 0;
};

} // namespace renraku::sdk
