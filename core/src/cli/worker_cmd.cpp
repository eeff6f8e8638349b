// `renraku worker`: the stream worker (workflow/stream_worker) with its options from the command
// line, stopped by SIGTERM/SIGINT.

#include "../runtime/runtime.hpp"
#include "../workflow/stream_worker.hpp"
#include "commands.hpp"
#include "renraku/sdk/text.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <deque>
#include <iostream>
#include <map>
#include <unistd.h>

namespace renraku::core {

using workflow::StreamWorker;
using workflow::StreamWorkerOptions;

namespace {

std::atomic<int> g_stop_signals{0};

void on_stop_signal(int) {
    // The first asks for a graceful stop; a second one for an immediate exit (what is in hand
    // stays pending in the stream and is claimed by another worker).
    if (g_stop_signals.fetch_add(1) >= 1) _exit(kExitSourcesFailed);
}

} // namespace

int run_worker(const WorkerArgs& args) {
    if (args.claim_after_s < 1) return usage_error("--claim-after: at least 1 second");
    Runtime rt;
    try {
        rt = prepare_runtime(args.config, {});
    } catch (const ConfigError& e) {
        return usage_error(e.what());
    }
    std::optional<LookupStack> stack;
    try {
        stack.emplace(rt);
    } catch (const ConfigError& e) {
        return usage_error(e.what());
    }
    Engine* engine = &stack->engine();
    if (!args.quiet)
        for (const auto& w : engine->hub().warnings)
            std::cerr << "renraku: warning: " << sdk::sanitize(w, 400) << "\n";
    redis::Pool pool(rt.config.redis.endpoint,
                     std::chrono::milliseconds(rt.config.network.timeout_ms), 4);
    StreamWorkerOptions options{
        args.in,   args.out, args.group, args.claim_after_s, rt.config.network.timeout_ms,
        args.quiet};
    auto say = [quiet = args.quiet](const std::string& line) {
        if (!quiet) std::cerr << "renraku: worker: " << line << "\n";
    };
    StreamWorker worker(options, pool, say, g_stop_signals);
    try {
        worker.start(args.consumer);
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

    worker.run(*engine);
    if (!args.quiet)
        std::cerr << "renraku: worker: stopped; " << worker.written() << " results written"
                  << (worker.dropped() > 0 ? ", " + std::to_string(worker.dropped()) +
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
