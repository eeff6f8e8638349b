// `renraku worker`: indicators (or whole events) from a Redis stream, through a consumer
// group, each result written to an output stream. An entry is acknowledged in the same server
// step as its result is written, and only by the worker that holds it; a worker that died
// leaves its entries pending, and the others claim them after `--claim-after` seconds. So no
// entry is lost, and none is answered twice.

#include "../engine/engine.hpp"
#include "../indicator/input.hpp"
#include "../indicator/parse.hpp"
#include "../output/output.hpp"
#include "../redis/client.hpp"
#include "../redis/scripts.hpp"
#include "commands.hpp"
#include "renraku/sdk/text.hpp"
#include "../runtime/runtime.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <deque>
#include <iostream>
#include <map>
#include <unistd.h>

namespace renraku::core {

namespace {

std::atomic<int> g_stop_signals{0};

void on_stop_signal(int) {
    // The first asks for a graceful stop; a second one for an immediate exit (what is in hand
    // stays pending in the stream and is claimed by another worker).
    if (g_stop_signals.fetch_add(1) >= 1) _exit(kExitSourcesFailed);
}

std::string default_consumer() {
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    return std::string(host) + "-" + std::to_string(getpid());
}

struct Entry {
    std::string id;
    std::string indicator; // the text to look up
    std::string event;     // the event's JSON, when the entry held one
    std::string bad;       // why the entry cannot be looked up
};

// An entry's fields: `indicator`, or `event` (a JSON object whose `indicator`, else `source`,
// is looked up, as `renraku notice` tells the source side by default).
Entry entry_of(const redis::Value& e) {
    Entry out;
    out.id = e[0].str();
    auto fields = e[1];
    for (std::size_t i = 0; i + 1 < fields.size(); i += 2) {
        std::string name = fields[i].str();
        if (name == "indicator") out.indicator = fields[i + 1].str();
        if (name == "event") out.event = fields[i + 1].str();
    }
    if (!out.indicator.empty()) return out;
    if (out.event.empty()) {
        out.bad = "the entry has no field \"indicator\" or \"event\"";
        return out;
    }
    auto j = nlohmann::json::parse(out.event, nullptr, false, true);
    if (!j.is_object()) {
        out.bad = "\"event\" is not a JSON object";
        return out;
    }
    for (const char* key : {"indicator", "source"}) {
        if (j.contains(key) && j[key].is_string()) {
            out.indicator = j[key].get<std::string>();
            return out;
        }
    }
    out.bad = "the event has no \"indicator\" or \"source\"";
    return out;
}

class StreamWorker {
  public:
    StreamWorker(const WorkerArgs& args, redis::Pool& pool)
        : args_(args), pool_(pool), answer_(redis::scripts::kAnswer) {}

    void ensure_group() {
        auto c = pool_.lease();
        // From the stream's start: entries written before the first worker are answered too.
        auto r = c->command({"XGROUP", "CREATE", args_.in, args_.group, "0", "MKSTREAM"});
        if (r.value().error() && r.value().str().rfind("BUSYGROUP", 0) != 0)
            throw redis::RedisError("cannot make the consumer group: " + r.value().str());
    }

    std::optional<BatchItem> next() {
        if (buffer_.empty() && g_stop_signals.load() == 0) fill();
        if (buffer_.empty()) return std::nullopt;
        Entry e = std::move(buffer_.front());
        buffer_.pop_front();
        BatchItem item;
        item.tag = e.id;
        if (!e.event.empty()) events_[e.id] = e.event;
        if (!e.bad.empty()) {
            item.text = e.id;
            item.bad = e.bad;
        } else {
            auto ctx = strip_context(e.indicator);
            item.port = ctx.port;
            auto parsed = parse_indicator(e.indicator);
            if (auto* err = std::get_if<ParseError>(&parsed)) {
                item.text = e.indicator;
                item.bad = err->message;
            } else {
                item.indicator = std::get<sdk::Indicator>(std::move(parsed));
            }
        }
        ++in_hand_;
        return item;
    }

    bool finished() const { return g_stop_signals.load() > 0 && buffer_.empty(); }

    void emit(Result&& r) {
        --in_hand_;
        auto j = result_to_json(r, false);
        nlohmann::ordered_json out;
        out["id"] = r.tag;
        if (auto it = events_.find(r.tag); it != events_.end()) {
            auto ev = nlohmann::ordered_json::parse(it->second, nullptr, false);
            if (!ev.is_discarded()) out["event"] = ev;
            events_.erase(it);
        }
        for (auto& [k, v] : j.items())
            out[k] = v;
        for (int attempt = 0; attempt < 3; ++attempt) {
            try {
                auto c = pool_.lease();
                auto w = c->eval(answer_, {args_.in, args_.out},
                                 {args_.group, consumer_, r.tag, "id", r.tag, "result",
                                  dump_json(out, -1)});
                if (w.value().error()) throw redis::RedisError(w.value().str());
                if (w.value().integer() == 1)
                    ++written_;
                else
                    ++dropped_; // another worker claimed it meanwhile and answers it
                return;
            } catch (const redis::RedisError& e) {
                if (!args_.quiet)
                    std::cerr << "renraku: worker: cannot write the result of " << r.tag << ": "
                              << sdk::sanitize(e.what()) << "\n";
            }
        }
        ++unwritten_; // left pending: claimed and answered again later, never lost
    }

    void set_consumer(std::string c) { consumer_ = std::move(c); }
    std::size_t written() const { return written_; }
    std::size_t dropped() const { return dropped_; }
    std::size_t unwritten() const { return unwritten_; }

  private:
    void fill() {
        try {
            auto c = pool_.lease();
            auto now = std::chrono::steady_clock::now();
            if (now >= next_claim_) {
                next_claim_ = now + std::chrono::seconds(std::max(1, args_.claim_after_s / 2));
                claim_dead(*c.operator->());
            }
            if (!buffer_.empty()) return;
            std::vector<std::string> cmd = {"XREADGROUP", "GROUP", args_.group, consumer_,
                                            "COUNT", "64"};
            // Wait a little for new entries only when nothing is in hand: results must not wait.
            // (Within the connection's read timeout, or the wait would read as a failure.)
            if (in_hand_ == 0) {
                cmd.push_back("BLOCK");
                cmd.push_back(std::to_string(std::clamp(args_.read_timeout_ms / 2, 50, 1000)));
            }
            cmd.insert(cmd.end(), {"STREAMS", args_.in, ">"});
            auto r = c->command(cmd);
            if (r.value().error()) throw redis::RedisError(r.value().str());
            auto streams = r.value();
            for (std::size_t s = 0; s < streams.size(); ++s) {
                auto entries = streams[s][1];
                for (std::size_t i = 0; i < entries.size(); ++i)
                    buffer_.push_back(entry_of(entries[i]));
            }
        } catch (const redis::RedisError& e) {
            if (!args_.quiet)
                std::cerr << "renraku: worker: " << sdk::sanitize(e.what())
                          << "; trying again in 1 s\n";
            sleep(1);
        }
    }

    // Entries another worker read and did not answer for claim_after seconds: it died.
    void claim_dead(redis::Connection& c) {
        std::string cursor = "0-0";
        for (int round = 0; round < 16 && buffer_.size() < 256; ++round) {
            auto r = c.command({"XAUTOCLAIM", args_.in, args_.group, consumer_,
                                std::to_string(static_cast<long long>(args_.claim_after_s) * 1000),
                                cursor, "COUNT", "64"});
            if (r.value().error() || r.value().size() < 2) return;
            auto entries = r.value()[1];
            for (std::size_t i = 0; i < entries.size(); ++i)
                if (entries[i].array() && entries[i].size() == 2) {
                    buffer_.push_back(entry_of(entries[i]));
                    ++claimed_;
                }
            cursor = r.value()[0].str();
            if (cursor == "0-0") break;
        }
        if (claimed_ > claimed_said_ && !args_.quiet) {
            std::cerr << "renraku: worker: took over " << claimed_ - claimed_said_
                      << " entries left by a worker that stopped answering\n";
            claimed_said_ = claimed_;
        }
    }

    WorkerArgs args_;
    redis::Pool& pool_;
    redis::Script answer_;
    std::string consumer_;
    std::deque<Entry> buffer_;
    std::map<std::string, std::string> events_;
    std::size_t in_hand_ = 0;
    std::size_t written_ = 0;
    std::size_t dropped_ = 0;
    std::size_t unwritten_ = 0;
    std::size_t claimed_ = 0;
    std::size_t claimed_said_ = 0;
    std::chrono::steady_clock::time_point next_claim_{};
};

} // namespace

int run_worker(const WorkerArgs& args) {
    if (args.claim_after_s < 1) return usage_error("--claim-after: at least 1 second");
    Runtime rt;
    try {
        rt = prepare_runtime(args.config, {});
    } catch (const ConfigError& e) {
        return usage_error(e.what());
    }
    std::string why;
    auto url = redis::parse_url(rt.config.redis.url, why);
    if (!url) return usage_error("redis.url: " + why);
    std::optional<Engine> engine;
    try {
        engine.emplace(rt.config, rt.sources, ScoringModel::from_config(rt.config.scoring),
                       CacheMode::use);
    } catch (const ConfigError& e) {
        return usage_error(e.what());
    }
    if (!args.quiet)
        for (const auto& w : engine->hub().warnings)
            std::cerr << "renraku: warning: " << sdk::sanitize(w, 400) << "\n";
    redis::Pool pool(*url, std::chrono::milliseconds(rt.config.network.timeout_ms), 4);
    WorkerArgs with_timeout = args;
    with_timeout.read_timeout_ms = rt.config.network.timeout_ms;
    StreamWorker worker(with_timeout, pool);
    worker.set_consumer(args.consumer.empty() ? default_consumer() : args.consumer);
    try {
        worker.ensure_group();
    } catch (const redis::RedisError& e) {
        std::cerr << "renraku: worker: " << sdk::sanitize(e.what()) << "\n";
        return kExitSourcesFailed;
    }
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    if (!args.quiet)
        std::cerr << "renraku: worker: reading " << args.in << " (group " << args.group
                  << "), writing " << args.out << "; SIGTERM finishes what is in hand\n";

    RunOptions options;
    options.ordered = false;
    options.input_finished = [&] { return worker.finished(); };
    engine->run([&] { return worker.next(); }, [&](Result&& r) { worker.emit(std::move(r)); },
                options);
    if (!args.quiet)
        std::cerr << "renraku: worker: stopped; " << worker.written() << " results written"
                  << (worker.dropped() > 0
                          ? ", " + std::to_string(worker.dropped()) +
                                " left to the worker that took them over"
                          : std::string())
                  << (worker.unwritten() > 0
                          ? ", " + std::to_string(worker.unwritten()) +
                                " not written (still pending: another worker answers them)"
                          : std::string())
                  << "\n";
    return worker.unwritten() > 0 ? kExitSourcesFailed : kExitAllFound;
}

} // namespace renraku::core
