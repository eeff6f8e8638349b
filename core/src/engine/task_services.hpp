#pragma once
// The Services one (source, indicator) task sees: the run's shared services, bounded by the
// task's own deadline.

#include "renraku/sdk/services.hpp"
#include "service_hub.hpp"

#include <chrono>
#include <limits>

namespace renraku::core {

using Clock = std::chrono::steady_clock;

/// What one task asked: the answers' ranges (for reusing its outcome), whether --offline
/// left a question unanswered, and the --verbose log.
class TaskRecord {
  public:
    TaskRecord(QuestionLog* log, std::string who) : log_(log), who_(std::move(who)) {}
    net::AnswerTrail trail;
    void asked(QuestionLog::Entry e, bool offline_miss) {
        if (offline_miss) trail.offline_miss();
        if (log_ == nullptr) return;
        e.who = who_;
        log_->record(e);
    }

  private:
    QuestionLog* log_;
    std::string who_;
};

class TaskDns final : public sdk::Dns {
  public:
    TaskDns(dns::Resolver& resolver, Clock::time_point deadline, TaskRecord& record)
        : resolver_(resolver), deadline_(deadline), record_(record) {}
    sdk::DnsAnswer query(std::string_view name, sdk::RrType type) override;
    sdk::ZoneInfo find_zone(std::string_view name) override;

  private:
    sdk::DnsAnswer ask(std::string_view name, sdk::RrType type);
    dns::Resolver& resolver_;
    Clock::time_point deadline_;
    TaskRecord& record_;
};

class TaskWhois final : public sdk::Whois {
  public:
    TaskWhois(net::WhoisClient& client, Clock::time_point deadline, TaskRecord& record)
        : client_(client), deadline_(deadline), record_(record) {}
    sdk::WhoisAnswer query(const sdk::WhoisRequest& request) override;

  private:
    net::WhoisClient& client_;
    Clock::time_point deadline_;
    TaskRecord& record_;
};

class TaskHttp final : public sdk::Http {
  public:
    TaskHttp(net::HttpClient& client, Clock::time_point deadline, TaskRecord& record)
        : client_(client), deadline_(deadline), record_(record) {}
    sdk::HttpResponse get(const sdk::HttpRequest& request) override;

  private:
    net::HttpClient& client_;
    Clock::time_point deadline_;
    TaskRecord& record_;
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
    /// `who` names the task in the --verbose log: "SOURCE INDICATOR".
    TaskServices(ServiceHub& hub, Clock::time_point deadline, std::string who = "renraku")
        : record_(hub.question_log, std::move(who)), dns_(hub.resolver, deadline, record_),
          whois_(hub.whois, deadline, record_), bootstrap_(hub.bootstrap, record_.trail),
          http_(hub.http, deadline, record_),
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
    const net::AnswerTrail& trail() const { return record_.trail; }

  private:
    TaskRecord record_; // declared first: the services below refer to it
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
