#pragma once
// The Services one (source, indicator) task sees: the run's shared resolver, bounded by the
// task's own deadline.

#include "../dns/resolver.hpp"
#include "renraku/sdk/services.hpp"

#include <chrono>

namespace renraku::core {

using Clock = std::chrono::steady_clock;

class TaskDns final : public sdk::Dns {
  public:
    TaskDns(dns::Resolver& resolver, Clock::time_point deadline)
        : resolver_(resolver), deadline_(deadline) {}
    sdk::DnsAnswer query(std::string_view name, sdk::RrType type) override;
    sdk::ZoneInfo find_zone(std::string_view name) override;

  private:
    dns::Resolver& resolver_;
    Clock::time_point deadline_;
};

class TaskServices final : public sdk::Services {
  public:
    TaskServices(dns::Resolver& resolver, Clock::time_point deadline)
        : dns_(resolver, deadline), deadline_(deadline) {}
    sdk::Dns& dns() override { return dns_; }
    std::string now_utc() override;
    bool expired() override { return Clock::now() >= deadline_; }

  private:
    TaskDns dns_;
    Clock::time_point deadline_;
};

/// ISO 8601 UTC of the wall clock.
std::string utc_now_iso8601();

} // namespace renraku::core
