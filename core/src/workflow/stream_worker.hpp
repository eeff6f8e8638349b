#pragma once
// The stream worker as a workflow: indicators (or whole events) from a Redis stream, through a
// consumer group, each result written to an output stream. An entry is acknowledged in the same
// server step as its result is written, and only by the worker that holds it; a worker that
// died leaves its entries pending, and the others claim them after `claim_after_s` seconds. So
// no entry is lost, and none is answered twice.

#include "../engine/engine.hpp"
#include "../redis/client.hpp"

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace renraku::core::workflow {

struct StreamWorkerOptions {
    std::string in = "renraku:in";
    std::string out = "renraku:out";
    std::string group = "renraku";
    int claim_after_s = 60;
    int read_timeout_ms = 5000; // network.timeout_ms: how long one Redis read may take
    bool quiet = false;
};

class StreamWorker {
  public:
    /// `say` hears what a responder watching the worker should know (one line, no prefix);
    /// `stops` counts stop requests: at the first, what is in hand is finished, nothing new taken.
    StreamWorker(const StreamWorkerOptions& options, redis::Pool& pool,
                 std::function<void(const std::string&)> say, const std::atomic<int>& stops);
    ~StreamWorker();

    /// Join the consumer group (made when missing) as `consumer` (empty: host-pid). Throws
    /// redis::RedisError.
    void start(const std::string& consumer);
    /// Answer entries until a stop is asked for and what is in hand is written.
    void run(Engine& engine);

    std::size_t written() const;
    std::size_t dropped() const;   // taken over by another worker meanwhile
    std::size_t unwritten() const; // left pending: another worker answers them

  private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace renraku::core::workflow
