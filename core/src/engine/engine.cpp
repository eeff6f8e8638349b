#include "engine.hpp"

#include "../indicator/address_bytes.hpp"
#include "../indicator/ours.hpp"
#include "../indicator/parse.hpp"
#include "../indicator/range_text.hpp"
#include "../indicator/special.hpp"
#include "../model/contact_history.hpp"
#include "../model/offline.hpp"
#include "../net/answer_trail.hpp"
#include "../net/task_clock.hpp"
#include "contact_gate.hpp"
#include "outcome_memo.hpp"
#include "renraku/sdk/text.hpp"
#include "task_services.hpp"
#include "thread_pool.hpp"

#include <condition_variable>
#include <ctime>
#include <deque>
#include <map>
#include <mutex>
#include <optional>

namespace renraku::core {

namespace {

constexpr std::size_t kMaxExcerpt = 512;
constexpr auto kGrace = std::chrono::milliseconds(250);
// How often the collector looks for lookups past their deadline.
constexpr auto kSweep = std::chrono::milliseconds(200);

struct RootJob;

// One (source, indicator) lookup, shared by every root indicator that needs it.
struct Task {
    SourceInstance* source = nullptr;
    sdk::Indicator indicator;
    std::string key;
    std::mutex mutex;
    std::shared_ptr<net::TaskClock> clock; // set when it starts: its working and waiting time
    bool done = false;
    bool not_asked = false; // failed because the batch deadline passed before it could ask
    sdk::Outcome outcome;
    std::vector<std::shared_ptr<RootJob>> waiters; // roots to tell when done
};

// One item of the batch, from admission until its result is handed on.
struct RootJob {
    std::size_t seq = 0;
    BatchItem item;
    std::mutex mutex;
    std::vector<std::shared_ptr<Task>> tasks;
    std::vector<std::string> derived;
    std::vector<SourceNote> notes;
    int pending = 1; // tasks not done, plus one for setting the root up
    bool set_up = false;
    bool ready = false;
};

sdk::Indicator derived_from(const sdk::Indicator& parent, sdk::Indicator child) {
    child.parent = parent.value;
    child.input = parent.input;
    return child;
}

bool is_address_type(sdk::IndicatorType t) {
    return t == sdk::IndicatorType::ipv4 || t == sdk::IndicatorType::ipv6 ||
           t == sdk::IndicatorType::cidr;
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
    ServiceHub& hub; // built by the runtime, outliving the engine
    Ours ours;       // [site]: never looked up as another party

    std::mutex tasks_mutex;
    std::map<std::string, std::weak_ptr<Task>> tasks_by_key;
    std::size_t tasks_run = 0;
    std::map<std::string, std::size_t> offline_skipped; // --offline: source -> not asked
    // The user's batch deadline (lookup --deadline): no wait for our turn goes past it.
    Clock::time_point batch_deadline = net::TaskClock::far_future();
    std::size_t finished_since_sweep = 0;
    OutcomeMemo memo{16384};

    // Roots whose every task is done, waiting for the collector.
    std::mutex ready_mutex;
    std::condition_variable ready_cv;
    std::deque<std::shared_ptr<RootJob>> ready;

    // Declared last: destroyed first, so its workers finish before what they use goes away.
    ThreadPool pool;

    Impl(const Config& c, std::vector<SourceInstance>& s, ScoringModel m, ServiceHub& services)
        : config(c), sources(s), model(std::move(m)), hub(services),
          ours(c.site.ours(), c.site.hosts),
          pool(c.engine.max_parallel, c.engine.max_parallel + c.engine.max_waiting) {
        // Ties are broken by source order last: the order the sources run in.
        if (model.source_order.empty())
            for (const auto& src : sources)
                model.source_order.push_back(src.info.name);
    }

    std::chrono::milliseconds source_timeout() const {
        return std::chrono::milliseconds(config.source_timeout_ms());
    }

    void one_done(const std::shared_ptr<RootJob>& root) {
        {
            std::lock_guard lock(root->mutex);
            if (--root->pending > 0 || root->ready) return;
            root->ready = true;
        }
        {
            std::lock_guard lock(ready_mutex);
            ready.push_back(root);
        }
        ready_cv.notify_one();
    }

    void set_up(const std::shared_ptr<RootJob>& root) {
        {
            std::lock_guard lock(root->mutex);
            root->set_up = true;
        }
        one_done(root);
    }

    // Wait for `task` on behalf of `root` (or not at all when it is already done).
    void attach(const std::shared_ptr<RootJob>& root, const std::shared_ptr<Task>& task) {
        std::lock_guard task_lock(task->mutex);
        std::lock_guard root_lock(root->mutex);
        root->tasks.push_back(task);
        if (task->done) return;
        task->waiters.push_back(root);
        ++root->pending;
    }

    std::shared_ptr<Task> schedule(SourceInstance& src, const sdk::Indicator& ind) {
        std::string key =
            src.info.name + "|" + std::string(sdk::type_name(ind.type)) + "|" + ind.value;
        std::lock_guard lock(tasks_mutex);
        auto& slot = tasks_by_key[key];
        if (auto existing = slot.lock()) return existing;
        auto task = std::make_shared<Task>();
        task->source = &src;
        task->indicator = ind;
        task->key = key;
        slot = task;
        if (auto known = memo_for(src, ind)) {
            // This source answered for another address of the same network, from the same
            // answers: the outcome is known without running it.
            task->outcome = *known;
            task->done = true;
            return task;
        }
        ++tasks_run;
        pool.submit([this, task] { execute(*task); });
        return task;
    }

    static bool single_address(const sdk::Indicator& ind) {
        return ind.type == sdk::IndicatorType::ipv4 || ind.type == sdk::IndicatorType::ipv6;
    }

    std::shared_ptr<const sdk::Outcome> memo_for(const SourceInstance& src,
                                                 const sdk::Indicator& ind) {
        if (!single_address(ind)) return nullptr;
        return memo.find(src.info.name, address_bytes(ind.address));
    }

    void remember_outcome(const Task& task, const sdk::Outcome& outcome,
                          const net::AnswerTrail& trail) {
        if (!single_address(task.indicator) || outcome.failed()) return;
        auto range = trail.range();
        if (!range) return;
        std::string bytes = address_bytes(task.indicator.address);
        if (bytes.size() != range->start.size() || bytes < range->start || bytes > range->end)
            return;
        if (outcome_mentions(outcome, task.indicator.value)) return;
        memo.store(task.source->info.name, range->start, range->end, trail.expires(), outcome);
    }

    void execute(Task& task) {
        auto clock =
            std::make_shared<net::TaskClock>(Clock::now(), source_timeout(), batch_deadline);
        {
            std::lock_guard lock(task.mutex);
            task.clock = clock;
        }
        TaskServices services(hub, *clock, task.source->info.name + " " + task.indicator.value);
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
        if (services.trail().missed_offline()) {
            // Not the source's failure nor its finding: --offline kept it from asking. What it
            // found from the cache stays; without any, it is said to be skipped, not failed.
            if (outcome.findings.empty()) {
                outcome = sdk::Outcome::failure(sdk::Outcome::Status::no_data, "");
                outcome.notes.push_back("not asked: " + std::string(kOfflineMiss));
                std::lock_guard lock(tasks_mutex);
                ++offline_skipped[task.source->info.name];
            } else {
                outcome.notes.push_back("partly answered: some questions " +
                                        std::string(kOfflineMiss));
            }
        }
        gate_contacts(outcome);
        std::string now = services.now_utc();
        for (auto& f : outcome.findings) {
            if (f.evidence.retrieved_at.empty()) f.evidence.retrieved_at = now;
            if (f.evidence.excerpt.size() > kMaxExcerpt) f.evidence.excerpt.resize(kMaxExcerpt);
        }
        // Nothing found because a question was not asked in time: our deadline, not an answer.
        bool not_asked = clock->not_asked() && outcome.findings.empty();
        if (!not_asked) remember_outcome(task, outcome, services.trail());
        std::vector<std::shared_ptr<RootJob>> waiters;
        {
            std::lock_guard lock(task.mutex);
            task.outcome = std::move(outcome);
            task.not_asked = not_asked;
            task.done = true;
            waiters.swap(task.waiters);
        }
        for (const auto& root : waiters)
            one_done(root);
    }

    bool skip_special(const std::shared_ptr<RootJob>& root, const sdk::Indicator& ind) {
        if (config.engine.special_addresses != "skip" || !is_address_type(ind.type)) return false;
        auto special = special_purpose(ind.address, ind.prefix_len);
        if (!special) return false;
        std::lock_guard lock(root->mutex);
        root->notes.push_back({"renraku", ind.value, special_purpose_note(ind.value, *special)});
        return true;
    }

    // Ours ([site]): the context of an event, not a party to tell. Said, not looked up.
    bool skip_ours(const std::shared_ptr<RootJob>& root, const sdk::Indicator& ind) {
        if (ours.empty() || !ours.owns(ind.value)) return false;
        std::lock_guard lock(root->mutex);
        root->notes.push_back(
            {"renraku", ind.value, ind.value + " is ours ([site] in the config): not looked up"});
        return true;
    }

    void schedule_for(const std::shared_ptr<RootJob>& root, const sdk::Indicator& ind) {
        if (skip_special(root, ind) || skip_ours(root, ind)) return;
        for (auto& src : sources) {
            if ((src.info.types & sdk::bit(ind.type)) == 0) continue;
            attach(root, schedule(src, ind));
        }
    }

    // A host's addresses, so that the sources for addresses answer for it too.
    void expand(const std::shared_ptr<RootJob>& root, const sdk::Indicator& host) {
        net::TaskClock clock(Clock::now(), source_timeout(), batch_deadline);
        TaskServices services(hub, clock, "addresses of " + host.value);
        for (auto type : {sdk::RrType::a, sdk::RrType::aaaa}) {
            auto answer = services.dns().query(host.host, type);
            int taken = 0;
            for (const auto& r : answer.answer) {
                if (r.type != type || taken >= config.engine.addresses_per_host) continue;
                auto parsed = parse_indicator(r.text);
                auto* addr = std::get_if<sdk::Indicator>(&parsed);
                if (addr == nullptr) continue;
                ++taken;
                auto child = derived_from(root->item.indicator.value_or(sdk::Indicator{}), *addr);
                {
                    std::lock_guard lock(root->mutex);
                    root->derived.push_back(child.value);
                }
                schedule_for(root, child);
            }
        }
    }

    bool any_source_for_addresses() const {
        auto mask = sdk::bit(sdk::IndicatorType::ipv4) | sdk::bit(sdk::IndicatorType::ipv6);
        for (const auto& s : sources)
            if ((s.info.types & mask) != 0) return true;
        return false;
    }

    void start(const std::shared_ptr<RootJob>& root) {
        if (!root->item.indicator) { // a bad line: nothing to look up
            set_up(root);
            return;
        }
        const sdk::Indicator& ind = *root->item.indicator;
        schedule_for(root, ind);
        std::optional<sdk::Indicator> host;
        if (ind.type == sdk::IndicatorType::domain) host = ind;
        for (const auto& child : derive_offline(ind)) {
            {
                std::lock_guard lock(root->mutex);
                root->derived.push_back(child.value);
            }
            schedule_for(root, child);
            if (child.type == sdk::IndicatorType::domain) host = child;
        }
        bool expand_host = host && config.engine.expand_hosts &&
                           config.engine.addresses_per_host > 0 && any_source_for_addresses();
        if (!expand_host) {
            set_up(root);
            return;
        }
        pool.submit([this, root, h = *host] {
            expand(root, h);
            set_up(root);
        });
    }

    // A root with every lookup not done past its deadline (and none still queued) is given up
    // on: waiting longer would only hold back the batch.
    bool overdue(RootJob& root, Clock::time_point now) {
        // Only this thread finishes roots, so the root's tasks live on while they are looked at.
        std::vector<Task*> tasks;
        {
            std::lock_guard lock(root.mutex);
            if (root.ready || !root.set_up) return false;
            for (const auto& t : root.tasks)
                tasks.push_back(t.get());
        }
        bool any_late = false;
        for (const auto& t : tasks) {
            std::lock_guard lock(t->mutex);
            if (t->done) continue;
            // Not started, or waiting for its turn (politeness is never late), or still within
            // its working time (which its waits move on): not late.
            if (!t->clock || t->clock->waiting() || now < t->clock->work_deadline() + kGrace)
                return false;
            any_late = true;
        }
        return any_late;
    }

    Result finish(RootJob& root) {
        Result result;
        result.line = root.item.line;
        result.port = root.item.port;
        result.tag = root.item.tag;
        std::vector<std::shared_ptr<Task>> tasks;
        {
            std::lock_guard lock(root.mutex);
            tasks.swap(root.tasks);
            result.derived = std::move(root.derived);
            result.notes = std::move(root.notes);
        }
        if (!root.item.indicator) {
            result.bad_input = root.item.text;
            result.indicator.input = root.item.text;
            result.indicator.value = root.item.text;
            result.errors.push_back({"input", root.item.text, ErrorKind::bad_input, root.item.bad});
            return result;
        }
        result.indicator = *root.item.indicator;
        std::vector<SourcedFinding> findings;
        for (const auto& task : tasks) {
            const std::string& name = task->source->info.name;
            const std::string& ind = task->indicator.value;
            std::lock_guard lock(task->mutex);
            if (!task->done) {
                result.errors.push_back(
                    {name, ind, ErrorKind::transient,
                     "timeout after " + std::to_string(source_timeout().count()) + " ms"});
                continue;
            }
            const auto& outcome = task->outcome;
            if (task->not_asked)
                // Our batch deadline, not the server: said once, never as a failed source.
                result.errors.push_back(
                    {name, ind, ErrorKind::not_asked, "not asked: batch deadline"});
            else if (outcome.failed())
                result.errors.push_back(
                    {name, ind, error_kind_of(outcome.status), outcome.message});
            for (const auto& n : outcome.notes)
                result.notes.push_back({name, ind, n});
            for (const auto& f : outcome.findings) {
                findings.push_back({name, ind, f});
                // One way of writing a network, whichever registry format it came in.
                auto& scope = findings.back().finding.scope;
                if (scope.kind == "network") scope.value = tidy_range(scope.value);
            }
        }
        // Forget lookups no root needs any more: memory stays flat over a long batch.
        tasks.clear();
        if (++finished_since_sweep >= 1024) {
            finished_since_sweep = 0;
            std::lock_guard lock(tasks_mutex);
            for (auto it = tasks_by_key.begin(); it != tasks_by_key.end();)
                it = it->second.expired() ? tasks_by_key.erase(it) : std::next(it);
        }
        result.contacts = merge_findings(findings);
        apply_feedback(result.contacts);
        score_contacts(result.contacts, model);
        return result;
    }

    // What our own notices learned of a mailbox (the run's contact history): a bounce puts it
    // below every alternative, an answer raises it; the date and our notice are in the caveat.
    void apply_feedback(std::vector<ScoredContact>& contacts) {
        if (!hub.history) return;
        for (auto& c : contacts) {
            if (c.contact.email.empty()) continue;
            MailboxVerdict v = hub.history->verdict(c.contact.email);
            if (v.signal.empty()) continue;
            c.core_signals.push_back(v.signal);
            c.caveats.push_back(v.caveat);
        }
    }

    void run(const std::function<std::optional<BatchItem>()>& next,
             const std::function<void(Result&&)>& emit, RunOptions options) {
        batch_deadline = options.deadline.value_or(net::TaskClock::far_future());
        if (hub.history) hub.history->new_run();
        const std::size_t window = static_cast<std::size_t>(config.engine.window);
        std::map<std::size_t, std::shared_ptr<RootJob>> in_flight;
        std::map<std::size_t, Result> held; // ordered: results waiting for earlier ones
        std::size_t admitted = 0;
        std::size_t next_out = 0;
        bool input_done = false;
        auto last_sweep = Clock::now();

        auto hand_on = [&](std::size_t seq, Result&& r) {
            if (!options.ordered) {
                emit(std::move(r));
                return;
            }
            held.emplace(seq, std::move(r));
            for (auto it = held.find(next_out); it != held.end(); it = held.find(next_out)) {
                emit(std::move(it->second));
                held.erase(it);
                ++next_out;
            }
        };

        while (true) {
            // Admit while there is room: `window` in progress, and in order, `window` past the
            // oldest result not yet handed on.
            while (!input_done && in_flight.size() < window &&
                   (!options.ordered || admitted < next_out + window)) {
                auto item = next();
                if (!item) {
                    // A stream that may give more later: only its end ends the run.
                    if (!options.input_finished || options.input_finished()) input_done = true;
                    break;
                }
                auto root = std::make_shared<RootJob>();
                root->seq = admitted++;
                root->item = std::move(*item);
                in_flight.emplace(root->seq, root);
                start(root);
            }
            if (input_done && in_flight.empty()) break;

            std::deque<std::shared_ptr<RootJob>> done;
            {
                std::unique_lock lock(ready_mutex);
                ready_cv.wait_for(lock, kSweep, [&] { return !ready.empty(); });
                done.swap(ready);
            }
            auto now = Clock::now();
            if (now - last_sweep >= kSweep) {
                last_sweep = now;
                for (auto& [seq, root] : in_flight) {
                    if (!overdue(*root, now)) continue;
                    std::lock_guard lock(root->mutex);
                    if (root->ready) continue;
                    root->ready = true;
                    done.push_back(root);
                }
            }
            for (auto& root : done) {
                auto it = in_flight.find(root->seq);
                if (it == in_flight.end()) continue;
                Result r = finish(*root);
                in_flight.erase(it);
                hand_on(root->seq, std::move(r));
            }
        }
    }
};

Engine::Engine(const Config& config, std::vector<SourceInstance>& sources, ScoringModel model,
               ServiceHub& services)
    : impl_(std::make_unique<Impl>(config, sources, std::move(model), services)) {}

Engine::~Engine() = default;

void Engine::run(const std::function<std::optional<BatchItem>()>& next,
                 const std::function<void(Result&&)>& emit, RunOptions options) {
    impl_->run(next, emit, options);
}

void Engine::run(const std::vector<sdk::Indicator>& indicators,
                 const std::function<void(const Result&)>& emit) {
    std::size_t i = 0;
    impl_->run(
        [&]() -> std::optional<BatchItem> {
            if (i >= indicators.size()) return std::nullopt;
            BatchItem item;
            item.indicator = indicators[i++];
            return item;
        },
        [&](Result&& r) { emit(r); }, RunOptions{true, {}, std::nullopt});
}

std::size_t Engine::unfinished() const {
    std::lock_guard lock(impl_->tasks_mutex);
    std::size_t n = 0;
    for (const auto& [key, weak] : impl_->tasks_by_key) {
        auto task = weak.lock();
        if (!task) continue;
        std::lock_guard task_lock(task->mutex);
        if (!task->done) ++n;
    }
    return n;
}

EngineStats Engine::stats() const {
    std::lock_guard lock(impl_->tasks_mutex);
    return {impl_->tasks_run, impl_->hub.resolver.questions_sent(), impl_->offline_skipped};
}

ServiceHub& Engine::hub() {
    return impl_->hub;
}

} // namespace renraku::core
