#pragma once
// The whois service: TCP port 43 with timeouts and a size cap, charset decoding, referrals,
// politeness, every question asked once, and a cache that serves later addresses inside a
// network already answered for.

#include "../cache/answer_cache.hpp"
#include "../dns/resolver.hpp"
#include "../indicator/address_bytes.hpp"
#include "answer_trail.hpp"
#include "endpoint.hpp"
#include "limiter.hpp"
#include "renraku/sdk/whois.hpp"
#include "single_flight.hpp"
#include "task_clock.hpp"

#include <chrono>
#include <map>
#include <mutex>

namespace renraku::core::net {

struct WhoisOptions {
    std::chrono::milliseconds timeout{5000};
    std::size_t max_bytes = 1 << 20;
    int max_referrals = 4;
    bool cache_only = false; // --offline: answer from the cache, never connect
};

class WhoisClient {
  public:
    using Clock = std::chrono::steady_clock;
    WhoisClient(WhoisOptions options, ConnectTo connect_to, Limiter& limiter,
                dns::Resolver& resolver, cache::AnswerCache& cache, cache::CachePolicy policy)
        : options_(options), connect_to_(std::move(connect_to)), limiter_(limiter),
          resolver_(resolver), cache_(cache), policy_(policy) {}

    /// Ask, once per question; `trail`, when given, learns what the answer holds for. Waiting
    /// for our turn is timed on `clock` as waiting; talking is bounded by its working deadline
    /// and `timeout`.
    sdk::WhoisAnswer query(const sdk::WhoisRequest& request, TaskClock& clock,
                           AnswerTrail* trail = nullptr);
    /// The same with one deadline for waiting and talking alike (callers outside a batch).
    sdk::WhoisAnswer query(const sdk::WhoisRequest& request, Clock::time_point deadline,
                           AnswerTrail* trail = nullptr);

    /// Connections actually made (not served from the cache), per server host.
    std::size_t connections(const std::string& host);

  private:
    sdk::WhoisAnswer ask_cached(const sdk::WhoisRequest& request, TaskClock& clock);
    /// Ask `first` and follow its referrals, holding `hop_permit` for the server being asked
    /// (one server at a time: each hop trades it for the next server's).
    sdk::WhoisAnswer ask(const Endpoint& first, const sdk::WhoisRequest& request, TaskClock& clock,
                         std::optional<Limiter::Permit>& hop_permit);
    sdk::WhoisAnswer ask_one(const Endpoint& server, const std::string& query,
                             const std::string& charset, Clock::time_point deadline, bool referred);
    std::optional<sdk::WhoisAnswer> cached(const std::string& key, const std::string& scope,
                                           const std::string& address);
    void remember(const std::string& key, const std::string& scope, const std::string& address,
                  const sdk::WhoisAnswer& a);

    WhoisOptions options_;
    ConnectTo connect_to_;
    Limiter& limiter_;
    dns::Resolver& resolver_;
    cache::AnswerCache& cache_;
    cache::CachePolicy policy_;
    SingleFlight<sdk::WhoisAnswer> flights_;
    std::mutex mutex_;
    std::map<std::string, std::size_t> connections_;
};

/// How long a server that refused us for our rate is left alone (whois gives no Retry-After).
inline constexpr std::chrono::seconds kWhoisBackoff{10};

/// The referral in a whois answer: "ReferralServer: whois://host[:port]" (the last one),
/// IANA's "refer:" or "whois:", or a "transferred to NAME" note naming a registry of
/// `transfer_names` (lower-case name -> whois server). Empty when there is none, or only an
/// rwhois:// one.
std::string find_referral(const std::string& text,
                          const std::map<std::string, std::string>& transfer_names = {});

/// The network range a whois answer describes (NetRange, inetnum, inet6num, CIDR), as two
/// address byte strings; nullopt when none is found.
std::optional<std::pair<std::string, std::string>> find_range(const std::string& text);

/// An answer as the cache keeps it, read back; nullopt for anything damaged.
std::optional<sdk::WhoisAnswer> whois_from_stored(const std::string& text);

/// The line of a registry's rate-limit refusal ("%ERROR:201: access denied ..."), or empty.
std::string rate_limit_line(const std::string& text);

} // namespace renraku::core::net
