#pragma once
// The Services one (source, indicator) task sees: the run's shared services, bounded by the
// task's own deadline.

#include "renraku/sdk/services.hpp"
#include "service_hub.hpp"

#include <chrono>
#include <limits>

namespace renraku::core {

using Clock = std::chrono::steady_clock;

class TaskDns final : public sdk::Dns {
  public:
    TaskDns(dns::Resolver& resolver, Clock::time_point deadline, net::AnswerTrail& trail)
        : resolver_(resolver), deadline_(deadline), trail_(trail) {}
    sdk::DnsAnswer query(std::string_view name, sdk::RrType type) override;
    sdk::ZoneInfo find_zone(std::string_view name) override;

  private:
    dns::Resolver& resolver_;
    Clock::time_point deadline_;
    net::AnswerTrail& trail_;
};

class TaskWhois final : public sdk::Whois {
  public:
    TaskWhois(net::WhoisClient& client, Clock::time_point deadline, net::AnswerTrail& trail)
        : client_(client), deadline_(deadline), trail_(trail) {}
    sdk::WhoisAnswer query(const sdk::WhoisRequest& request) override {
        return client_.query(request, deadline_, &trail_);
    }

  private:
    net::WhoisClient& client_;
    Clock::time_point deadline_;
    net::AnswerTrail& trail_;
};

class TaskHttp final : public sdk::Http {
  public:
    TaskHttp(net::HttpClient& client, Clock::time_point deadline, net::AnswerTrail& trail)
        : client_(client), deadline_(deadline), trail_(trail) {}
    sdk::HttpResponse get(const sdk::HttpRequest& request) override {
        return client_.get(request, deadline_, &trail_);
    }

  private:
    net::HttpClient& client_;
    Clock::time_point deadline_;
    net::AnswerTrail& trail_;
};

/// IANA's bootstrap data, noting which block of its table each answer came from.
class TaskBootstrap final : public sdk::Bootstrap {
  public:
    TaskBootstrap(net::BootstrapData& data, net::AnswerTrail& trail) : data_(data), trail_(trail) {}
    std::vector<std::string> rdap_urls(const sdk::Indicator& indicator) override {
        if (auto block = data_.address_block(indicator))
            trail_.narrow(block->first, block->second, std::numeric_limits<std::int64_t>::max());
        else
            trail_.impure();
        return data_.rdap_urls(indicator);
    }

  private:
    net::BootstrapData& data_;
    net::AnswerTrail& trail_;
};

class TaskServices final : public sdk::Services {
  public:
    TaskServices(ServiceHub& hub, Clock::time_point deadline)
        : dns_(hub.resolver, deadline, trail_), whois_(hub.whois, deadline, trail_),
          bootstrap_(hub.bootstrap, trail_), http_(hub.http, deadline, trail_),
          data_dir_(hub.data_dir), data_(hub.data), deadline_(deadline) {}
    sdk::Dns& dns() override { return dns_; }
    sdk::Whois& whois() override { return whois_; }
    sdk::Bootstrap& bootstrap() override { return bootstrap_; }
    sdk::Http& http() override { return http_; }
    std::string now_utc() override;
    std::string data_dir() override { return data_dir_; }
    bool expired() override { return Clock::now() >= deadline_; }
    std::string data_file(const std::string& relative) override {
        return data_.find(relative).string();
    }

    /// What the answers this task was given hold for.
    const net::AnswerTrail& trail() const { return trail_; }

  private:
    net::AnswerTrail trail_; // declared first: the services below refer to it
    TaskDns dns_;
    TaskWhois whois_;
    TaskBootstrap bootstrap_;
    TaskHttp http_;
    std::string data_dir_;
    const DataLayers& data_;
    Clock::time_point deadline_;
};

/// ISO 8601 UTC of the wall clock.
std::string utc_now_iso8601();

} // namespace renraku::core
