#include "engine.hpp"

#include "../indicator/parse.hpp"
#include "renraku/sdk/text.hpp"
#include "task_services.hpp"
#include "thread_pool.hpp"

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>

namespace renraku::core {

namespace {

constexpr std::size_t kMaxExcerpt = 512;
constexpr auto kGrace = std::chrono::milliseconds(250);

// One (source, indicator) lookup, shared by every root indicator that needs it.
struct Task {
    SourceInstance* source = nullptr;
    sdk::Indicator indicator;
    std::mutex mutex;
    std::condition_variable cv;
    std::optional<Clock::time_point> started;
    bool done = false;
    sdk::Outcome outcome;
};

struct RootJob {
    sdk::Indicator indicator;
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<std::shared_ptr<Task>> tasks;
    std::vector<std::string> derived;
    bool expanded = false;
};

sdk::Indicator derived_from(const sdk::Indicator& parent, sdk::Indicator child) {
    child.parent = parent.value;
    child.input = parent.input;
    return child;
}

} // namespace

std::vector<sdk::Indicator> derive_offline(const sdk::Indicator& ind) {
    std::vector<sdk::Indicator> out;
    if (ind.type == sdk::IndicatorType::url || ind.type == sdk::IndicatorType::email) {
        std::string text = !ind.host.empty() ? ind.host : ind.address;
        auto parsed = parse_indicator(text);
        if (auto* child = std::get_if<sdk::Indicator>(&parsed))
            out.push_back(derived_from(ind, std::move(*child)));
    }
    return out;
}

struct Engine::Impl {
    const Config& config;
    std::vector<SourceInstance>& sources;
    ScoringModel model;
    ServiceHub hub;
    std::mutex tasks_mutex;
    std::map<std::string, std::shared_ptr<Task>> tasks_by_key;
    std::size_t tasks_run = 0;
    // Declared last: destroyed first, so its workers finish before what they use goes away.
    ThreadPool pool;

    Impl(const Config& c, std::vector<SourceInstance>& s, ScoringModel m)
        : config(c), sources(s), model(std::move(m)), hub(c), pool(c.engine.max_parallel) {
        // Ties are broken by source order last: the order the sources run in.
        if (model.source_order.empty())
            for (const auto& src : sources)
                model.source_order.push_back(src.info.name);
    }

    std::chrono::milliseconds source_timeout() const {
        return std::chrono::milliseconds(config.source_timeout_ms());
    }

    std::shared_ptr<Task> schedule(SourceInstance& src, const sdk::Indicator& ind) {
        std::string key =
            src.info.name + "|" + std::string(sdk::type_name(ind.type)) + "|" + ind.value;
        std::lock_guard lock(tasks_mutex);
        if (auto it = tasks_by_key.find(key); it != tasks_by_key.end()) return it->second;
        auto task = std::make_shared<Task>();
        task->source = &src;
        task->indicator = ind;
        tasks_by_key.emplace(key, task);
        ++tasks_run;
        pool.submit([this, task] { execute(*task); });
        return task;
    }

    void execute(Task& task) {
        auto start = Clock::now();
        {
            std::lock_guard lock(task.mutex);
            task.started = start;
        }
        TaskServices services(hub, start + source_timeout());
        sdk::Outcome outcome;
        try {
            outcome = task.source->source->lookup(task.indicator, services);
        } catch (const std::exception& e) {
            outcome = sdk::Outcome::failure(sdk::Outcome::Status::transient,
                                            std::string("source raised an error: ") + e.what());
        } catch (...) {
            outcome = sdk::Outcome::failure(sdk::Outcome::Status::transient,
                                            "source raised an unknown error");
        }
        std::string now = services.now_utc();
        for (auto& f : outcome.findings) {
            if (f.evidence.retrieved_at.empty()) f.evidence.retrieved_at = now;
            if (f.evidence.excerpt.size() > kMaxExcerpt) f.evidence.excerpt.resize(kMaxExcerpt);
        }
        {
            std::lock_guard lock(task.mutex);
            task.outcome = std::move(outcome);
            task.done = true;
        }
        task.cv.notify_all();
    }

    void schedule_for(RootJob& job, const sdk::Indicator& ind) {
        for (auto& src : sources) {
            if ((src.info.types & sdk::bit(ind.type)) == 0) continue;
            auto task = schedule(src, ind);
            std::lock_guard lock(job.mutex);
            job.tasks.push_back(task);
        }
    }

    // A host's addresses, so that the sources for addresses answer for it too.
    void expand(RootJob& job, const sdk::Indicator& host) {
        TaskServices services(hub, Clock::now() + source_timeout());
        for (auto type : {sdk::RrType::a, sdk::RrType::aaaa}) {
            auto answer = services.dns().query(host.host, type);
            int taken = 0;
            for (const auto& r : answer.answer) {
                if (r.type != type || taken >= config.engine.addresses_per_host) continue;
                auto parsed = parse_indicator(r.text);
                auto* addr = std::get_if<sdk::Indicator>(&parsed);
                if (addr == nullptr) continue;
                ++taken;
                auto child = derived_from(job.indicator, *addr);
                {
                    std::lock_guard lock(job.mutex);
                    job.derived.push_back(child.value);
                }
                schedule_for(job, child);
            }
        }
    }

    void start(RootJob& job) {
        schedule_for(job, job.indicator);
        std::optional<sdk::Indicator> host;
        if (job.indicator.type == sdk::IndicatorType::domain) host = job.indicator;
        for (const auto& child : derive_offline(job.indicator)) {
            {
                std::lock_guard lock(job.mutex);
                job.derived.push_back(child.value);
            }
            schedule_for(job, child);
            if (child.type == sdk::IndicatorType::domain) host = child;
        }
        bool expand_host = host && config.engine.expand_hosts &&
                           config.engine.addresses_per_host > 0 && any_source_for_addresses();
        if (!expand_host) {
            std::lock_guard lock(job.mutex);
            job.expanded = true;
            return;
        }
        pool.submit([this, &job, h = *host] {
            expand(job, h);
            {
                std::lock_guard lock(job.mutex);
                job.expanded = true;
            }
            job.cv.notify_all();
        });
    }

    bool any_source_for_addresses() const {
        auto mask = sdk::bit(sdk::IndicatorType::ipv4) | sdk::bit(sdk::IndicatorType::ipv6);
        for (const auto& s : sources)
            if ((s.info.types & mask) != 0) return true;
        return false;
    }

    // Wait for a task to finish, or give it up once it has run past its deadline.
    std::optional<sdk::Outcome> wait(Task& task) {
        std::unique_lock lock(task.mutex);
        while (!task.done) {
            if (task.started) {
                auto give_up = *task.started + source_timeout() + kGrace;
                if (task.cv.wait_until(lock, give_up) == std::cv_status::timeout && !task.done)
                    return std::nullopt;
            } else {
                task.cv.wait_for(lock, std::chrono::milliseconds(50));
            }
        }
        return task.outcome;
    }

    Result finish(RootJob& job) {
        {
            std::unique_lock lock(job.mutex);
            job.cv.wait(lock, [&] { return job.expanded; });
        }
        Result result;
        result.indicator = job.indicator;
        result.derived = job.derived;
        std::vector<SourcedFinding> findings;
        std::vector<std::shared_ptr<Task>> tasks;
        {
            std::lock_guard lock(job.mutex);
            tasks = job.tasks;
        }
        for (const auto& task : tasks) {
            const std::string& name = task->source->info.name;
            const std::string& ind = task->indicator.value;
            auto outcome = wait(*task);
            if (!outcome) {
                result.errors.push_back(
                    {name, ind, "transient",
                     "timeout after " + std::to_string(source_timeout().count()) + " ms"});
                continue;
            }
            if (outcome->failed())
                result.errors.push_back(
                    {name, ind, sdk::status_name(outcome->status), outcome->message});
            for (const auto& n : outcome->notes)
                result.notes.push_back({name, ind, n});
            for (const auto& f : outcome->findings)
                findings.push_back({name, ind, f});
        }
        result.contacts = merge_findings(findings);
        score_contacts(result.contacts, model);
        return result;
    }
};

Engine::Engine(const Config& config, std::vector<SourceInstance>& sources, ScoringModel model)
    : impl_(std::make_unique<Impl>(config, sources, std::move(model))) {}

Engine::~Engine() = default;

void Engine::run(const std::vector<sdk::Indicator>& indicators,
                 const std::function<void(const Result&)>& emit) {
    std::vector<std::unique_ptr<RootJob>> jobs;
    jobs.reserve(indicators.size());
    for (const auto& ind : indicators) {
        auto job = std::make_unique<RootJob>();
        job->indicator = ind;
        jobs.push_back(std::move(job));
    }
    for (auto& job : jobs)
        impl_->start(*job);
    for (auto& job : jobs)
        emit(impl_->finish(*job));
}

std::size_t Engine::unfinished() const {
    std::lock_guard lock(impl_->tasks_mutex);
    std::size_t n = 0;
    for (const auto& [key, task] : impl_->tasks_by_key) {
        std::lock_guard task_lock(task->mutex);
        if (!task->done) ++n;
    }
    return n;
}

EngineStats Engine::stats() const {
    std::lock_guard lock(impl_->tasks_mutex);
    return {impl_->tasks_run, impl_->hub.resolver.questions_sent()};
}

} // namespace renraku::core
