#pragma once
// The Services one (source, indicator) task sees: the run's shared services, bounded by the
// task's own deadline.

#include "renraku/sdk/services.hpp"
#include "service_hub.hpp"

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

class TaskWhois final : public sdk::Whois {
  public:
    TaskWhois(net::WhoisClient& client, Clock::time_point deadline)
        : client_(client), deadline_(deadline) {}
    sdk::WhoisAnswer query(const sdk::WhoisRequest& request) override {
        return client_.query(request, deadline_);
    }

  private:
    net::WhoisClient& client_;
    Clock::time_point deadline_;
};

class TaskHttp final : public sdk::Http {
  public:
    TaskHttp(net::HttpClient& client, Clock::time_point deadline)
        : client_(client), deadline_(deadline) {}
    sdk::HttpResponse get(const sdk::HttpRequest& request) override {
        return client_.get(request, deadline_);
    }

  private:
    net::HttpClient& client_;
    Clock::time_point deadline_;
};

class TaskServices final : public sdk::Services {
  public:
    TaskServices(ServiceHub& hub, Clock::time_point deadline)
        : dns_(hub.resolver, deadline), whois_(hub.whois, deadline), bootstrap_(hub.bootstrap),
          http_(hub.http, deadline), data_dir_(hub.data_dir), deadline_(deadline) {}
    sdk::Dns& dns() override { return dns_; }
    sdk::Whois& whois() override { return whois_; }
    sdk::Bootstrap& bootstrap() override { return bootstrap_; }
    sdk::Http& http() override { return http_; }
    std::string now_utc() override;
    std::string data_dir() override { return data_dir_; }
    bool expired() override { return Clock::now() >= deadline_; }

  private:
    TaskDns dns_;
    TaskWhois whois_;
    sdk::Bootstrap& bootstrap_;
    TaskHttp http_;
    std::string data_dir_;
    Clock::time_point deadline_;
};

/// ISO 8601 UTC of the wall clock.
std::string utc_now_iso8601();

} // namespace renraku::core
