#pragma once
// The one way a question reaches a server, for whois and HTTP alike: answered from the cache
// when it can be; joined when the same question (or one about a nearby address) is on its way
// in this process, or claimed by another process sharing the cache; otherwise asked once, when
// the server's budget gives us a turn. A server that refuses us for our rate is left alone as
// long as it says, by every asker, and asked once more after.
//
// Every wait here is a wait for our own turn: it is timed on the task's clock as waiting, so it
// never uses up the task's working time, and only the batch deadline ends it.

#include "../cache/answer_cache.hpp"
#include "limiter.hpp"
#include "shared_flight.hpp"
#include "single_flight.hpp"
#include "task_clock.hpp"

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace renraku::core::net {

/// Why a question was not asked: every one of them is the batch deadline (or a fixed deadline
/// of a caller outside a batch) passing while it waited.
enum class NotAsked {
    waiting_to_ask,     // for the same question, or a nearby one, on its way here
    waiting_for_other,  // for another process's answer to the same question
    waiting_for_budget, // for a token or a connection slot
    held_off,           // the server asked us to wait, longer than the deadline allows
};

struct PoliteQuestion {
    std::string host;      // whose budget it spends
    std::string key;       // the exact question
    std::string near;      // its neighbourhood (single_flight.hpp), or empty
};

/// Ask `q` politely. `cached()` gives a cached answer or nothing; `ask(permit)` talks to the
/// server while the slot `permit` (a std::optional<Limiter::Permit>&, which it may trade for
/// another server's on a referral) is held, and tells the limiter to hold off when refused for
/// our rate; `refused(answer)` says
/// whether the first server refused us for our rate; `not_asked(why)` makes the answer for a
/// question the deadline kept us from asking; `remember(answer)` keeps what is worth keeping.
template <class Answer, class Cached, class Ask, class Refused, class MakeNotAsked, class Remember>
Answer ask_politely(SingleFlight<Answer>& flights, cache::AnswerCache& cache, Limiter& limiter,
                    TaskClock& clock, const PoliteQuestion& q, Cached cached, Ask ask,
                    Refused refused, MakeNotAsked not_asked, Remember remember) {
    using Clock = TaskClock::Clock;
    auto got = [&] {
        TaskClock::Wait waiting(clock);
        return flights.answer_or_lead(q.key, q.near, clock.wait_deadline(), cached);
    }();
    if (auto* answer = std::get_if<Answer>(&got)) return std::move(*answer);
    auto lead = std::move(std::get<1>(got));
    auto give_up = [&](NotAsked why) {
        clock.mark_not_asked();
        return not_asked(why);
    };
    if (Clock::now() >= clock.wait_deadline()) return give_up(NotAsked::waiting_to_ask);

    // Another process sharing the cache may be asking this very question now.
    auto claimed = [&] {
        TaskClock::Wait waiting(clock);
        return claim_or_wait<Answer>(cache, q.near.empty() ? q.key : q.near,
                                     claim_time(clock.work_deadline()), clock.wait_deadline(),
                                     cached);
    }();
    if (!claimed) return give_up(NotAsked::waiting_for_other);
    if (auto* answer = std::get_if<Answer>(&*claimed)) {
        if (lead) lead->answer(*answer);
        return std::move(*answer);
    }
    auto turn = [&] {
        TaskClock::Wait waiting(clock);
        return limiter.acquire(q.host, clock.wait_deadline());
    };
    auto permit = turn();
    if (!permit)
        return give_up(limiter.held_off(q.host) ? NotAsked::held_off
                                                : NotAsked::waiting_for_budget);
    // Looked at again once it is our turn: a question about a wider network may have answered.
    if (auto hit = cached()) {
        permit->refund();
        claimed.reset();
        if (lead) lead->answer(*hit);
        return *hit;
    }
    Answer a = ask(permit);
    if (refused(a)) {
        // Refused for our rate: the server is left alone as long as it asked (ask() told the
        // limiter, so every other question to it waits too), then asked once more.
        permit.reset();
        if (auto again = turn()) {
            permit.emplace(std::move(*again));
            a = ask(permit);
        }
    }
    // Kept before the slot goes back: the next question to this server, let in by it, looks
    // at the cache first and finds what this one covered.
    remember(a);
    permit.reset();
    claimed.reset(); // before the waiters of this process go on: they may claim it next
    if (lead) lead->answer(a);
    return a;
}

} // namespace renraku::core::net
