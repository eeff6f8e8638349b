#include "whois_client.hpp"
#include "../model/offline.hpp"
#include "polite_ask.hpp"

#include "../indicator/special.hpp"
#include "charset.hpp"
#include "renraku/sdk/text.hpp"

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <set>
#include <sys/socket.h>
#include <unistd.h>

namespace renraku::core::net {

namespace {

class Socket {
  public:
    explicit Socket(int fd) : fd_(fd) {}
    ~Socket() {
        if (fd_ >= 0) close(fd_);
    }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    int fd() const { return fd_; }

  private:
    int fd_;
};

int remaining_ms(std::chrono::steady_clock::time_point until) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

sdk::WhoisAnswer failure(sdk::WhoisStatus status, const std::string& server,
                         const std::string& msg) {
    sdk::WhoisAnswer a;
    a.status = status;
    a.server = server;
    a.message = msg;
    return a;
}

std::string apply_template(const std::map<std::string, std::string>& templates,
                           const std::string& host, const std::string& query) {
    auto it = templates.find(host);
    if (it == templates.end()) return query;
    std::string out = it->second;
    auto pos = out.find("{}");
    return pos == std::string::npos ? out : out.replace(pos, 2, query);
}

std::string charset_for(const std::map<std::string, std::string>& charsets,
                        const std::string& host) {
    auto it = charsets.find(host);
    return it == charsets.end() ? std::string() : it->second;
}

} // namespace

sdk::WhoisAnswer WhoisClient::ask_one(const Endpoint& server, const std::string& query,
                                      const std::string& charset, Clock::time_point deadline,
                                      bool referred) {
    const std::string label = server.text();
    Endpoint target = connect_to_.resolve(server);
    auto until = std::min(deadline, Clock::now() + options_.timeout);

    // The address to connect to: a literal, or the A/AAAA answer of our own resolver (so a
    // slow name lookup is bounded like everything else).
    std::string ip = target.host;
    unsigned char probe[16];
    bool literal =
        inet_pton(AF_INET, ip.c_str(), probe) == 1 || inet_pton(AF_INET6, ip.c_str(), probe) == 1;
    if (!literal) {
        auto fut = resolver_.ask(target.host, sdk::RrType::a);
        if (fut.wait_until(until) != std::future_status::ready)
            return failure(sdk::WhoisStatus::timeout, label, "timeout resolving " + target.host);
        auto a = fut.get();
        ip.clear();
        for (const auto& r : a.answer)
            if (r.type == sdk::RrType::a) ip = r.text;
        if (ip.empty())
            return failure(sdk::WhoisStatus::unreachable, label, "cannot resolve " + target.host);
        // A name a registry referred us to that leads into special-purpose space is not asked.
        if (referred && !connect_to_.maps(server)) {
            if (auto special = special_purpose(ip, -1))
                return failure(sdk::WhoisStatus::error, label,
                               "referral to " + label + " not followed: it resolves to " + ip +
                                   ", " + special->name + " (" + special->rfc + ")");
        }
    }

    sockaddr_storage addr{};
    socklen_t len = 0;
    if (ip.find(':') != std::string::npos) {
        auto* a6 = reinterpret_cast<sockaddr_in6*>(&addr);
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons(static_cast<uint16_t>(target.port));
        inet_pton(AF_INET6, ip.c_str(), &a6->sin6_addr);
        len = sizeof *a6;
    } else {
        auto* a4 = reinterpret_cast<sockaddr_in*>(&addr);
        a4->sin_family = AF_INET;
        a4->sin_port = htons(static_cast<uint16_t>(target.port));
        inet_pton(AF_INET, ip.c_str(), &a4->sin_addr);
        len = sizeof *a4;
    }
    Socket sock(socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (sock.fd() < 0) return failure(sdk::WhoisStatus::error, label, "cannot create a socket");
    {
        std::lock_guard lock(mutex_);
        ++connections_[server.host];
    }
    if (connect(sock.fd(), reinterpret_cast<sockaddr*>(&addr), len) != 0 && errno != EINPROGRESS)
        return failure(sdk::WhoisStatus::unreachable, label,
                       "cannot connect to whois server " + label + ": " + std::strerror(errno));
    pollfd p{sock.fd(), POLLOUT, 0};
    if (poll(&p, 1, remaining_ms(until)) <= 0)
        return failure(sdk::WhoisStatus::timeout, label,
                       "timeout after " + std::to_string(options_.timeout.count()) +
                           " ms connecting to " + label);
    int err = 0;
    socklen_t err_len = sizeof err;
    getsockopt(sock.fd(), SOL_SOCKET, SO_ERROR, &err, &err_len);
    if (err != 0)
        return failure(sdk::WhoisStatus::unreachable, label,
                       "cannot connect to whois server " + label + ": " + std::strerror(err));

    std::string line = query + "\r\n";
    std::size_t sent = 0;
    while (sent < line.size()) {
        ssize_t n = send(sock.fd(), line.data() + sent, line.size() - sent, MSG_NOSIGNAL);
        if (n > 0) {
            sent += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno != EAGAIN)
            return failure(sdk::WhoisStatus::error, label, "send failed to " + label);
        pollfd w{sock.fd(), POLLOUT, 0};
        if (poll(&w, 1, remaining_ms(until)) <= 0)
            return failure(sdk::WhoisStatus::timeout, label, "timeout sending to " + label);
    }

    std::string raw;
    bool too_large = false;
    while (true) {
        pollfd r{sock.fd(), POLLIN, 0};
        int pr = poll(&r, 1, remaining_ms(until));
        if (pr <= 0)
            return failure(sdk::WhoisStatus::timeout, label,
                           "timeout after " + std::to_string(options_.timeout.count()) +
                               " ms reading from " + label + " (" + std::to_string(raw.size()) +
                               " bytes read)");
        char buf[8192];
        ssize_t n = recv(sock.fd(), buf, sizeof buf, 0);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) continue;
            if (raw.empty())
                return failure(sdk::WhoisStatus::error, label, "connection reset by " + label);
            break;
        }
        raw.append(buf, static_cast<std::size_t>(n));
        if (raw.size() > options_.max_bytes) {
            raw.resize(options_.max_bytes);
            too_large = true;
            break;
        }
    }
    sdk::WhoisAnswer a;
    a.server = label;
    auto decoded = decode_to_utf8(raw, charset);
    a.text = std::move(decoded.text);
    a.chain.push_back({label, query});
    if (too_large) {
        a.status = sdk::WhoisStatus::too_large;
        a.message = "answer from " + label + " larger than " + std::to_string(options_.max_bytes) +
                    " bytes";
    } else if (raw.empty()) {
        a.status = sdk::WhoisStatus::error;
        a.message = "empty answer from " + label;
    } else if (auto refusal = rate_limit_line(a.text); !refusal.empty()) {
        a.status = sdk::WhoisStatus::rate_limited;
        a.message = "rate limited by " + label + ": " + sdk::sanitize(refusal, 160);
    } else {
        a.status = sdk::WhoisStatus::ok;
        if (decoded.replaced > 0)
            a.message =
                std::to_string(decoded.replaced) + " bytes from " + label + " not valid " + charset;
    }
    return a;
}

namespace {

nlohmann::json to_json(const sdk::WhoisAnswer& a) {
    nlohmann::json chain = nlohmann::json::array();
    for (const auto& h : a.chain)
        chain.push_back({h.server, h.query});
    return {{"server", a.server},
            {"text", a.text},
            {"message", a.message},
            {"chain", chain},
            {"earlier", a.earlier_texts}};
}

} // namespace

// A stored answer is read as carefully as one from the network: the file may be damaged.
std::optional<sdk::WhoisAnswer> whois_from_stored(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    auto str = [&](const char* k) {
        auto it = j.find(k);
        return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    sdk::WhoisAnswer a;
    a.status = sdk::WhoisStatus::ok;
    a.server = str("server");
    a.text = str("text");
    a.message = str("message");
    if (a.server.empty() || a.text.empty()) return std::nullopt;
    if (auto c = j.find("chain"); c != j.end() && c->is_array())
        for (const auto& h : *c)
            if (h.is_array() && h.size() == 2 && h[0].is_string() && h[1].is_string())
                a.chain.push_back({h[0].get<std::string>(), h[1].get<std::string>()});
    if (auto e = j.find("earlier"); e != j.end() && e->is_array())
        for (const auto& t : *e)
            if (t.is_string()) a.earlier_texts.push_back(t.get<std::string>());
    return a;
}

std::optional<sdk::WhoisAnswer>
WhoisClient::cached(const std::string& key, const std::string& scope, const std::string& address) {
    // An address question is nearly always answered by a range (a network asked about
    // before), so the range is looked for first.
    std::optional<cache::Hit> hit;
    if (!address.empty()) hit = cache_.find_covering(scope, address);
    if (!hit) hit = cache_.find(key);
    if (!hit) return std::nullopt;
    auto a = whois_from_stored(hit->value);
    if (a) a->from_cache = true;
    return a;
}

void WhoisClient::remember(const std::string& key, const std::string& scope,
                           const std::string& address, const sdk::WhoisAnswer& a) {
    if (a.status != sdk::WhoisStatus::ok) return;
    std::optional<cache::AddressRange> range;
    if (!address.empty()) {
        if (auto r = find_range(a.text)) {
            // Only a range that holds the address asked about is trusted to answer for others.
            if (address.size() == r->first.size() && address >= r->first && address <= r->second)
                range = cache::AddressRange{scope, r->first, r->second};
        }
    }
    cache_.store(key, to_json(a).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                 cache::unix_now() + policy_.answer_ttl_s, range);
}

sdk::WhoisAnswer WhoisClient::query(const sdk::WhoisRequest& request, Clock::time_point deadline,
                                    AnswerTrail* trail) {
    TaskClock clock = TaskClock::fixed(deadline);
    return query(request, clock, trail);
}

sdk::WhoisAnswer WhoisClient::query(const sdk::WhoisRequest& request, TaskClock& clock,
                                    AnswerTrail* trail) {
    auto a = ask_cached(request, clock);
    if (trail == nullptr) return a;
    if (options_.cache_only && !a.from_cache && a.status != sdk::WhoisStatus::ok)
        trail->offline_miss(); // --offline kept the question from being asked
    // What the answer holds for: the range it is kept under, when it is this very answer.
    auto first = parse_endpoint(request.server, 43);
    if (a.status == sdk::WhoisStatus::ok && first && !request.address.empty()) {
        auto tmpl = request.templates.find(first->host);
        std::string scope = "whois|" + first->text() + "|" +
                            (tmpl == request.templates.end() ? "{}" : tmpl->second) + "|" +
                            (request.follow_referrals ? "r" : "-");
        auto hit = cache_.find_covering(scope, address_bytes(request.address));
        if (hit && hit->range) {
            auto kept = whois_from_stored(hit->value);
            if (kept && kept->text == a.text) {
                trail->narrow(hit->range->start, hit->range->end, hit->expires);
                return a;
            }
        }
    }
    trail->impure();
    return a;
}

sdk::WhoisAnswer WhoisClient::ask_cached(const sdk::WhoisRequest& request, TaskClock& clock) {
    auto first = parse_endpoint(request.server, 43);
    if (!first)
        return failure(sdk::WhoisStatus::error, request.server,
                       "bad whois server \"" + request.server + "\"");
    // The question as the first server sees it, and whether referrals are followed, make the
    // answer; the same question from two sources is one question.
    const std::string first_question =
        apply_template(request.templates, first->host, request.query);
    const std::string mode = request.follow_referrals ? "r" : "-";
    const std::string key = "whois|" + first->text() + "|" + first_question + "|" + mode;
    auto tmpl = request.templates.find(first->host);
    const std::string scope = "whois|" + first->text() + "|" +
                              (tmpl == request.templates.end() ? "{}" : tmpl->second) + "|" + mode;
    const std::string address =
        request.address.empty() ? std::string() : address_bytes(request.address);
    const std::string near = address.empty() ? std::string() : neighbourhood(scope, address);

    if (options_.cache_only) {
        if (auto hit = cached(key, scope, address)) return *hit;
        return failure(sdk::WhoisStatus::unreachable, first->text(), kOfflineMiss);
    }
    return ask_politely<sdk::WhoisAnswer>(
        flights_, cache_, limiter_, clock, PoliteQuestion{first->host, key, near},
        [&] { return cached(key, scope, address); },
        [&](std::optional<Limiter::Permit>& permit) { return ask(*first, request, clock, permit); },
        // Refused by the first server: ask() told the limiter to leave it alone a while.
        [](const sdk::WhoisAnswer& a) {
            return a.status == sdk::WhoisStatus::rate_limited && a.chain.size() == 1;
        },
        [&](NotAsked why) {
            switch (why) {
            case NotAsked::waiting_to_ask:
                return failure(sdk::WhoisStatus::timeout, first->text(),
                               "not asked: the deadline passed while waiting to ask " +
                                   first->text());
            case NotAsked::waiting_for_other:
                return failure(sdk::WhoisStatus::timeout, first->text(),
                               "not asked: the deadline passed while waiting for another "
                               "process's answer from " +
                                   first->text());
            case NotAsked::held_off:
                return failure(sdk::WhoisStatus::rate_limited, first->text(),
                               first->host + " refused us for our query rate; left alone for " +
                                   std::to_string(kWhoisBackoff.count()) + " s");
            case NotAsked::waiting_for_budget:
                break;
            }
            return failure(sdk::WhoisStatus::rate_limited, first->text(),
                           "not asked: the deadline passed while waiting for our turn at " +
                               first->host + " (rate limit for " + first->host +
                               " in [network.limits])");
        },
        [&](const sdk::WhoisAnswer& a) {
            if (a.status == sdk::WhoisStatus::ok) remember(key, scope, address, a);
        });
}

sdk::WhoisAnswer WhoisClient::ask(const Endpoint& first, const sdk::WhoisRequest& request,
                                  TaskClock& clock, std::optional<Limiter::Permit>& hop_permit) {
    Endpoint server = first;
    std::set<std::string> visited;
    std::vector<sdk::WhoisHop> chain;
    std::vector<std::string> earlier;
    for (int depth = 0;; ++depth) {
        std::string q = apply_template(request.templates, server.host, request.query);
        if (!visited.insert(server.text() + "|" + q).second) {
            // A referral back to a server already asked: stop with what we have.
            sdk::WhoisAnswer a = failure(sdk::WhoisStatus::error, server.text(),
                                         "referral loop: " + server.text() + " was already asked");
            a.chain = chain;
            return a;
        }
        if (depth > 0) {
            hop_permit.reset(); // one server at a time: the first one's slot goes back first
            auto next_permit = [&] {
                TaskClock::Wait waiting(clock);
                return limiter_.acquire(server.host, clock.wait_deadline());
            }();
            if (!next_permit) {
                clock.mark_not_asked();
                return failure(sdk::WhoisStatus::rate_limited, server.text(),
                               "not asked: the deadline passed while waiting for our turn at " +
                                   server.host + "; referral not followed");
            }
            hop_permit.emplace(std::move(*next_permit));
        }
        sdk::WhoisAnswer a = ask_one(server, q, charset_for(request.charsets, server.host),
                                     clock.work_deadline(), depth > 0);
        chain.push_back({server.text(), q});
        a.chain = chain;
        a.earlier_texts = earlier;
        if (a.status == sdk::WhoisStatus::rate_limited)
            limiter_.hold_off(server.host, Clock::now() + kWhoisBackoff); // back off, never hammer
        if (a.status != sdk::WhoisStatus::ok) return a;
        std::string next = request.follow_referrals ? find_referral(a.text, request.transfer_names)
                                                    : std::string();
        auto next_ep = next.empty() ? std::nullopt : parse_endpoint(next, 43);
        if (!next_ep || (next_ep->host == server.host && next_ep->port == server.port)) return a;
        // A registry's referral is not trusted to point anywhere: never at loopback, private
        // or other special-purpose space, unless the user's connect_to sends that host.
        if (!connect_to_.names(next_ep->host)) {
            unsigned char probe[16];
            bool literal = inet_pton(AF_INET, next_ep->host.c_str(), probe) == 1 ||
                           inet_pton(AF_INET6, next_ep->host.c_str(), probe) == 1;
            if (literal) {
                if (auto special = special_purpose(next_ep->host, -1)) {
                    a.message = "referral to " + next_ep->text() +
                                " not followed: " + special->name + " (" + special->rfc + ")";
                    return a;
                }
            }
        }
        if (depth + 1 > options_.max_referrals) {
            a.message = "referral depth limit (" + std::to_string(options_.max_referrals) +
                        ") reached at " + server.text();
            return a;
        }
        earlier.push_back(a.text);
        server = *next_ep;
    }
}

std::size_t WhoisClient::connections(const std::string& host) {
    std::lock_guard lock(mutex_);
    return connections_[host];
}

} // namespace renraku::core::net
