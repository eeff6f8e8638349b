#pragma once
// The Services one (source, indicator) task sees: the run's shared services, bounded by the
// task's own deadline.

#include "../net/task_clock.hpp"
#include "../services/service_hub.hpp"
#include "renraku/sdk/services.hpp"

#include <chrono>
#include <limits>
#include <memory>

namespace renraku::core {

using Clock = std::chrono::steady_clock;

/// What one task asked: the answers' ranges (for reusing its outcome), whether --offline
/// left a question unanswered, and the --verbose log.
class TaskRecord {
  public:
    TaskRecord(QuestionLog* log, std::string who) : log_(log), who_(std::move(who)) {}
    net::AnswerTrail trail;
    void asked(QuestionLog::Entry e, bool offline_miss = false) {
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
    TaskDns(dns::Resolver& resolver, net::TaskClock& clock, TaskRecord& record)
        : resolver_(resolver), clock_(clock), record_(record) {}
    sdk::DnsAnswer query(std::string_view name, sdk::RrType type) override;
    sdk::ZoneInfo find_zone(std::string_view name) override;

  private:
    sdk::DnsAnswer ask(std::string_view name, sdk::RrType type);
    dns::Resolver& resolver_;
    net::TaskClock& clock_;
    TaskRecord& record_;
};

class TaskWhois final : public sdk::Whois {
  public:
    TaskWhois(net::WhoisClient& client, net::TaskClock& clock, TaskRecord& record)
        : client_(client), clock_(clock), record_(record) {}
    sdk::WhoisAnswer query(const sdk::WhoisRequest& request) override;

  private:
    net::WhoisClient& client_;
    net::TaskClock& clock_;
    TaskRecord& record_;
};

class TaskHttp final : public sdk::Http {
  public:
    TaskHttp(net::HttpClient& client, net::TaskClock& clock, TaskRecord& record)
        : client_(client), clock_(clock), record_(record) {}
    sdk::HttpResponse get(const sdk::HttpRequest& request) override;

  private:
    net::HttpClient& client_;
    net::TaskClock& clock_;
    TaskRecord& record_;
};

/// The mirrors, each answer noted in the --verbose log.
class TaskMirror final : public sdk::Mirror {
  public:
    TaskMirror(MirrorService& mirror, TaskRecord& record) : mirror_(mirror), record_(record) {}
    sdk::MirrorAnswer lookup(const std::string& registry, const std::string& address) override;

  private:
    MirrorService& mirror_;
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
    /// `clock` times the task: its waits for its turn are not held against it (task_clock.hpp).
    /// `who` names the task in the --verbose log: "SOURCE INDICATOR".
    TaskServices(ServiceHub& hub, net::TaskClock& clock, std::string who = "renraku")
        : TaskServices(hub, nullptr, &clock, std::move(who)) {}
    /// One deadline for waiting and working alike: for callers outside a batch.
    TaskServices(ServiceHub& hub, Clock::time_point deadline, std::string who = "renraku")
        : TaskServices(hub, std::make_unique<net::TaskClock>(net::TaskClock::fixed(deadline)),
                       nullptr, std::move(who)) {}
    sdk::Dns& dns() override { return dns_; }
    sdk::Whois& whois() override { return whois_; }
    sdk::Bootstrap& bootstrap() override { return bootstrap_; }
    sdk::Http& http() override { return http_; }
    std::string now_utc() override;
    std::string data_dir() override { return data_dir_; }
    /// Past the task's working time, or past the batch deadline, or a question was already not
    /// asked because of it (the limiter knows early when a turn would come too late): nothing
    /// more will be asked, so a fallback is not tried.
    bool expired() override {
        auto now = Clock::now();
        return clock_.not_asked() || now >= clock_.work_deadline() || now >= clock_.wait_deadline();
    }
    std::string data_file(const std::string& relative) override {
        return data_.find(relative).string();
    }
    sdk::Mirror& mirror() override { return mirror_; }

    /// What the answers this task was given hold for.
    const net::AnswerTrail& trail() const { return record_.trail; }

  private:
    TaskServices(ServiceHub& hub, std::unique_ptr<net::TaskClock> own, net::TaskClock* external,
                 std::string who)
        : own_clock_(std::move(own)), clock_(own_clock_ ? *own_clock_ : *external),
          record_(hub.question_log, std::move(who)), dns_(hub.resolver, clock_, record_),
          whois_(hub.whois, clock_, record_), bootstrap_(hub.bootstrap, record_.trail),
          http_(hub.http, clock_, record_), mirror_(hub.mirror, record_), data_dir_(hub.data_dir),
          data_(hub.data) {}

    std::unique_ptr<net::TaskClock> own_clock_; // first: the rest refer to the clock
    net::TaskClock& clock_;
    TaskRecord record_; // before the services below: they refer to it
    TaskDns dns_;
    TaskWhois whois_;
    TaskBootstrap bootstrap_;
    TaskHttp http_;
    TaskMirror mirror_;
    std::string data_dir_;
    const DataLayers& data_;
};

} // namespace renraku::core
