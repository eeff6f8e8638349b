#include "stream_worker.hpp"

#include "../indicator/input.hpp"
#include "../indicator/parse.hpp"
#include "../output/output.hpp"
#include "../redis/scripts.hpp"
#include "renraku/sdk/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <deque>
#include <map>
#include <unistd.h>

namespace renraku::core::workflow {

namespace {

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

} // namespace

class StreamWorker::Impl {
  public:
    Impl(const StreamWorkerOptions& args, redis::Pool& pool,
         std::function<void(const std::string&)> say, const std::atomic<int>& stops)
        : args_(args), pool_(pool), say_(std::move(say)), stops_(stops),
          answer_(redis::scripts::kAnswer) {}

    void ensure_group() {
        auto c = pool_.lease();
        // From the stream's start: entries written before the first worker are answered too.
        auto r = c->command({"XGROUP", "CREATE", args_.in, args_.group, "0", "MKSTREAM"});
        if (r.value().error() && r.value().str().rfind("BUSYGROUP", 0) != 0)
            throw redis::RedisError("cannot make the consumer group: " + r.value().str());
    }

    std::optional<BatchItem> next() {
        if (buffer_.empty() && stops_.load() == 0) fill();
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

    bool finished() const { return stops_.load() > 0 && buffer_.empty(); }

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
                auto w = c->eval(
                    answer_, {args_.in, args_.out},
                    {args_.group, consumer_, r.tag, "id", r.tag, "result", dump_json(out, -1)});
                if (w.value().error()) throw redis::RedisError(w.value().str());
                if (w.value().integer() == 1)
                    ++written_;
                else
                    ++dropped_; // another worker claimed it meanwhile and answers it
                return;
            } catch (const redis::RedisError& e) {
                say_("cannot write the result of " + r.tag + ": " + sdk::sanitize(e.what()));
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
            std::vector<std::string> cmd = {"XREADGROUP", "GROUP", args_.group,
                                            consumer_,    "COUNT", "64"};
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
            say_(sdk::sanitize(e.what()) + "; trying again in 1 s");
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
        if (claimed_ > claimed_said_) {
            say_("took over " + std::to_string(claimed_ - claimed_said_) +
                 " entries left by a worker that stopped answering");
            claimed_said_ = claimed_;
        }
    }

    StreamWorkerOptions args_;
    redis::Pool& pool_;
    std::function<void(const std::string&)> say_;
    const std::atomic<int>& stops_;
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

StreamWorker::StreamWorker(const StreamWorkerOptions& options, redis::Pool& pool,
                           std::function<void(const std::string&)> say,
                           const std::atomic<int>& stops)
    : impl_(std::make_unique<Impl>(options, pool, std::move(say), stops)) {}

StreamWorker::~StreamWorker() = default;

void StreamWorker::start(const std::string& consumer) {
    impl_->set_consumer(consumer.empty() ? default_consumer() : consumer);
    impl_->ensure_group();
}

void StreamWorker::run(Engine& engine) {
    RunOptions options;
    options.ordered = false;
    options.input_finished = [&] { return impl_->finished(); };
    engine.run([&] { return impl_->next(); }, [&](Result&& r) { impl_->emit(std::move(r)); },
               options);
}

std::size_t StreamWorker::written() const {
    return impl_->written();
}
std::size_t StreamWorker::dropped() const {
    return impl_->dropped();
}
std::size_t StreamWorker::unwritten() const {
    return impl_->unwritten();
}

} // namespace renraku::core::workflow
