#include "resolver.hpp"
#include "../model/offline.hpp"

#include "renraku/sdk/text.hpp"
#include "wire.hpp"

#include <ares.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace renraku::core::dns {

struct Resolver::Pending {
    Resolver* owner = nullptr;
    std::string key;
    std::string name;
    sdk::RrType type;
    std::promise<sdk::DnsAnswer> promise;
    std::string server;
};

struct Resolver::Channel {
    ares_channel channel = nullptr;
    ~Channel() {
        if (channel != nullptr) ares_destroy(channel);
    }
};

namespace {

struct LibraryInit {
    LibraryInit() { ares_library_init(ARES_LIB_INIT_ALL); }
};

sdk::DnsAnswer answer_from(int status, const unsigned char* abuf, int alen, sdk::RrType asked,
                           const std::string& server) {
    if (abuf != nullptr && alen > 0)
        return answer_from_reply(abuf, static_cast<std::size_t>(alen), asked, server);
    sdk::DnsAnswer out;
    out.server = server;
    switch (status) {
    case ARES_ETIMEOUT:
        out.status = sdk::DnsStatus::timeout;
        break;
    case ARES_ENOTFOUND:
        out.status = sdk::DnsStatus::nxdomain;
        return out;
    case ARES_ENODATA:
        out.status = sdk::DnsStatus::nodata;
        return out;
    case ARES_ESERVFAIL:
        out.status = sdk::DnsStatus::servfail;
        break;
    case ARES_EREFUSED:
        out.status = sdk::DnsStatus::refused;
        break;
    default:
        out.status = sdk::DnsStatus::error;
        break;
    }
    out.message = std::string("DNS ") + ares_strerror(status) + " (server " + server + ")";
    return out;
}

nlohmann::json record_json(const sdk::DnsRecord& r) {
    return {r.owner,         static_cast<int>(r.type),
            r.ttl,           r.text,
            r.mx_preference, r.soa.mname,
            r.soa.rname,     r.soa.serial};
}

std::optional<sdk::DnsRecord> record_from(const nlohmann::json& j) {
    if (!j.is_array() || j.size() != 8 || !j[0].is_string() || !j[1].is_number_unsigned() ||
        !j[2].is_number_unsigned() || !j[3].is_string() || !j[4].is_number_unsigned() ||
        !j[5].is_string() || !j[6].is_string() || !j[7].is_number_unsigned())
        return std::nullopt;
    sdk::DnsRecord r;
    r.owner = j[0].get<std::string>();
    r.type = static_cast<sdk::RrType>(j[1].get<int>());
    r.ttl = j[2].get<std::uint32_t>();
    r.text = j[3].get<std::string>();
    r.mx_preference = j[4].get<std::uint16_t>();
    r.soa.mname = j[5].get<std::string>();
    r.soa.rname = j[6].get<std::string>();
    r.soa.serial = j[7].get<std::uint32_t>();
    return r;
}

std::string answer_json(const sdk::DnsAnswer& a) {
    nlohmann::json ans = nlohmann::json::array();
    nlohmann::json auth = nlohmann::json::array();
    for (const auto& r : a.answer)
        ans.push_back(record_json(r));
    for (const auto& r : a.authority)
        auth.push_back(record_json(r));
    return nlohmann::json{{"status", static_cast<int>(a.status)},
                          {"server", a.server},
                          {"answer", ans},
                          {"authority", auth},
                          {"dnssec", static_cast<int>(a.dnssec)},
                          {"dnssec_reason", a.dnssec_reason}}
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

// A stored answer is read as carefully as one from the network: the file may be damaged.
std::optional<sdk::DnsAnswer> dns_from_stored(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    auto st = j.find("status");
    auto server = j.find("server");
    auto ans = j.find("answer");
    auto auth = j.find("authority");
    if (st == j.end() || !st->is_number_integer() || server == j.end() || !server->is_string() ||
        ans == j.end() || !ans->is_array() || auth == j.end() || !auth->is_array())
        return std::nullopt;
    sdk::DnsAnswer a;
    int status = st->get<int>();
    if (status != static_cast<int>(sdk::DnsStatus::ok) &&
        status != static_cast<int>(sdk::DnsStatus::nodata) &&
        status != static_cast<int>(sdk::DnsStatus::nxdomain))
        return std::nullopt;
    a.status = static_cast<sdk::DnsStatus>(status);
    a.server = server->get<std::string>();
    for (const auto& r : *ans) {
        auto rec = record_from(r);
        if (!rec) return std::nullopt;
        a.answer.push_back(std::move(*rec));
    }
    for (const auto& r : *auth) {
        auto rec = record_from(r);
        if (!rec) return std::nullopt;
        a.authority.push_back(std::move(*rec));
    }
    // The verdict it had when it came (older stored answers: none).
    if (auto d = j.find("dnssec"); d != j.end() && d->is_number_integer()) {
        int v = d->get<int>();
        if (v >= 0 && v <= static_cast<int>(sdk::Dnssec::bogus)) a.dnssec = static_cast<sdk::Dnssec>(v);
    }
    if (auto r = j.find("dnssec_reason"); r != j.end() && r->is_string())
        a.dnssec_reason = r->get<std::string>();
    return a;
}

namespace {

void on_answer(void* arg, int status, int /*timeouts*/, unsigned char* abuf, int alen) {
    std::unique_ptr<Resolver::Pending> pending(static_cast<Resolver::Pending*>(arg));
    auto answer = answer_from(status, abuf, alen, pending->type, pending->server);
    pending->owner->answered(pending->key, answer);
    pending->promise.set_value(std::move(answer));
}

} // namespace

void Resolver::start_channel() {
    channel_ = std::make_unique<Channel>();
    ares_options opts{};
    int mask = 0;
    // Two tries; c-ares doubles the wait on the second round, so a third of the budget each
    // keeps the whole question within the configured timeout.
    opts.timeout = static_cast<int>(std::max<long>(50, options_.timeout.count() / 3));
    mask |= ARES_OPT_TIMEOUTMS;
    opts.tries = 2;
    mask |= ARES_OPT_TRIES;
    // Keep REFUSED and SERVFAIL answers: we read their rcode ourselves.
    opts.flags = ARES_FLAG_NOCHECKRESP;
    mask |= ARES_OPT_FLAGS;
    if (ares_init_options(&channel_->channel, &opts, mask) != ARES_SUCCESS)
        throw std::runtime_error("cannot start the DNS resolver");
    if (!options_.servers.empty()) {
        std::string csv;
        for (const auto& s : options_.servers)
            csv += (csv.empty() ? "" : ",") + s;
        if (ares_set_servers_ports_csv(channel_->channel, csv.c_str()) != ARES_SUCCESS)
            throw std::invalid_argument("network.dns_servers: cannot use \"" + csv + "\"");
        server_label_ = options_.servers.front();
    } else {
        server_label_ = "system resolver";
    }
}

Resolver::Resolver(ResolverOptions options) : options_(std::move(options)) {
    static LibraryInit init;
    if (options_.cache == nullptr) {
        own_cache_ = cache::make_memory_cache(std::size_t{16} << 20);
        options_.cache = own_cache_.get();
    }
    // Set up before the wake pipe, so that a refused setting leaves nothing open.
    if (options_.validate) {
        validator_ = std::make_unique<Validator>(
            ValidatorOptions{options_.servers, options_.trust_anchor_file});
        server_label_ = validator_->server_label();
    } else {
        start_channel();
    }
    if (pipe2(wake_pipe_, O_NONBLOCK | O_CLOEXEC) != 0)
        throw std::runtime_error("cannot create the resolver's wake pipe");
    if (validator_) {
        thread_ = std::thread([this] { run_validating(); });
        return;
    }
    thread_ = std::thread([this] { run(); });
}

Resolver::~Resolver() {
    stop_ = true;
    wake();
    if (thread_.joinable()) thread_.join();
    channel_.reset(); // fails every question still open, with ARES_EDESTRUCTION
    for (auto& p : queue_) {
        sdk::DnsAnswer a;
        a.message = "resolver shut down";
        p->promise.set_value(std::move(a));
    }
    close(wake_pipe_[0]);
    close(wake_pipe_[1]);
}

void Resolver::wake() {
    char byte = 1;
    [[maybe_unused]] auto n = write(wake_pipe_[1], &byte, 1);
}

// Kept for the TTL the answer gives (the smallest of its records), a negative answer for
// at most the negative TTL; never longer than the policy allows.
void Resolver::answered(const std::string& key, const sdk::DnsAnswer& answer) {
    std::lock_guard lock(mutex_);
    in_flight_.erase(key);
    if (options_.cache == nullptr) return;
    const auto& policy = options_.policy;
    std::int64_t ttl = 0;
    if (answer.status == sdk::DnsStatus::ok) {
        ttl = policy.dns_max_ttl_s;
        for (const auto& r : answer.answer)
            ttl = std::min<std::int64_t>(ttl, r.ttl);
    } else if (answer.status == sdk::DnsStatus::nodata ||
               answer.status == sdk::DnsStatus::nxdomain) {
        ttl = policy.negative_ttl_s;
        for (const auto& r : answer.authority)
            if (r.type == sdk::RrType::soa) ttl = std::min<std::int64_t>(ttl, r.ttl);
    }
    // Within one run an answer serves every later question, whatever its TTL.
    ttl = std::max<std::int64_t>(ttl, 60);
    if (answer.status == sdk::DnsStatus::ok || answer.status == sdk::DnsStatus::nodata ||
        answer.status == sdk::DnsStatus::nxdomain)
        options_.cache->store(key, answer_json(answer), cache::unix_now() + ttl, std::nullopt);
}

std::shared_future<sdk::DnsAnswer> Resolver::ask(const std::string& name, sdk::RrType type) {
    std::string key =
        "dns|" + sdk::ascii_lower(name) + "/" + std::to_string(static_cast<int>(type));
    std::lock_guard lock(mutex_);
    if (auto it = in_flight_.find(key); it != in_flight_.end()) return it->second;
    if (options_.cache != nullptr) {
        if (auto hit = options_.cache->find(key)) {
            if (auto a = dns_from_stored(hit->value)) {
                a->from_cache = true;
                std::promise<sdk::DnsAnswer> ready;
                ready.set_value(std::move(*a));
                return ready.get_future().share();
            }
        }
    }
    if (options_.cache_only) {
        sdk::DnsAnswer miss;
        miss.status = sdk::DnsStatus::error;
        miss.server = server_label_;
        miss.message = kOfflineMiss;
        std::promise<sdk::DnsAnswer> ready;
        ready.set_value(std::move(miss));
        return ready.get_future().share();
    }
    auto pending = std::make_unique<Pending>();
    pending->owner = this;
    pending->key = key;
    pending->name = sdk::ascii_lower(name);
    pending->type = type;
    pending->server = server_label_;
    auto future = pending->promise.get_future().share();
    in_flight_.emplace(key, future);
    queue_.push_back(std::move(pending));
    wake();
    return future;
}

std::vector<std::unique_ptr<Resolver::Pending>> Resolver::take_queued() {
    std::vector<std::unique_ptr<Pending>> batch;
    std::lock_guard lock(mutex_);
    batch.swap(queue_);
    return batch;
}

void Resolver::drain_wake() {
    char buf[64];
    while (read(wake_pipe_[0], buf, sizeof buf) > 0) {
    }
}

void Resolver::run() {
    while (!stop_) {
        std::vector<std::unique_ptr<Pending>> batch = take_queued();
        for (auto& p : batch) {
            ++sent_;
            Pending* raw = p.release(); // owned by c-ares until on_answer
            ares_query(channel_->channel, raw->name.c_str(), 1 /* IN */,
                       static_cast<int>(raw->type), on_answer, raw);
        }
        ares_socket_t socks[ARES_GETSOCK_MAXNUM];
        int bits = ares_getsock(channel_->channel, socks, ARES_GETSOCK_MAXNUM);
        std::vector<pollfd> fds;
        fds.push_back({wake_pipe_[0], POLLIN, 0});
        for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
            short events = 0;
            if (ARES_GETSOCK_READABLE(bits, i)) events |= POLLIN;
            if (ARES_GETSOCK_WRITABLE(bits, i)) events |= POLLOUT;
            if (events != 0) fds.push_back({socks[i], events, 0});
        }
        timeval max_wait{0, 200000};
        timeval tv{};
        timeval* next = ares_timeout(channel_->channel, &max_wait, &tv);
        int wait_ms = static_cast<int>(next->tv_sec * 1000 + next->tv_usec / 1000);
        poll(fds.data(), fds.size(), wait_ms);
        if ((fds[0].revents & POLLIN) != 0) drain_wake();
        bool any = false;
        for (std::size_t i = 1; i < fds.size(); ++i) {
            ares_socket_t rd =
                (fds[i].revents & (POLLIN | POLLERR | POLLHUP)) != 0 ? fds[i].fd : ARES_SOCKET_BAD;
            ares_socket_t wr = (fds[i].revents & POLLOUT) != 0 ? fds[i].fd : ARES_SOCKET_BAD;
            if (rd != ARES_SOCKET_BAD || wr != ARES_SOCKET_BAD) {
                ares_process_fd(channel_->channel, rd, wr);
                any = true;
            }
        }
        if (!any) ares_process_fd(channel_->channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD); // timeouts
    }
}

void Resolver::finish(Pending& p, sdk::DnsAnswer answer) {
    answered(p.key, answer);
    p.promise.set_value(std::move(answer));
}

// The validating loop: libunbound asks and validates on its own thread and signals ub_fd when
// answers wait; each question is given up at the configured timeout (libunbound retries on
// its own schedule, which may be longer).
void Resolver::run_validating() {
    struct Waiting {
        std::unique_ptr<Pending> pending;
        int id = 0;
        std::chrono::steady_clock::time_point deadline;
    };
    std::map<std::uint64_t, Waiting> waiting;
    std::uint64_t next = 0;
    while (!stop_) {
        std::vector<std::unique_ptr<Pending>> batch = take_queued();
        for (auto& p : batch) {
            ++sent_;
            auto slot = next++;
            Pending* raw = p.get();
            int id = 0;
            std::string why;
            auto done = [this, &waiting, slot](sdk::DnsAnswer a) {
                auto it = waiting.find(slot);
                if (it == waiting.end()) return;
                auto owned = std::move(it->second.pending);
                waiting.erase(it);
                finish(*owned, std::move(a));
            };
            if (!validator_->start(raw->name, raw->type, done, id, why)) {
                sdk::DnsAnswer failed;
                failed.server = server_label_;
                failed.message = "DNS question not asked: " + why;
                finish(*raw, std::move(failed));
                continue;
            }
            waiting.emplace(slot, Waiting{std::move(p), id,
                                          std::chrono::steady_clock::now() + options_.timeout});
        }
        auto now = std::chrono::steady_clock::now();
        auto wait = std::chrono::milliseconds(200);
        for (const auto& [slot, w] : waiting)
            wait = std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::max(w.deadline - now, std::chrono::steady_clock::duration{})));
        pollfd fds[2] = {{wake_pipe_[0], POLLIN, 0}, {validator_->fd(), POLLIN, 0}};
        poll(fds, 2, static_cast<int>(wait.count()) + 1);
        if ((fds[0].revents & POLLIN) != 0) drain_wake();
        if ((fds[1].revents & POLLIN) != 0) validator_->process();
        now = std::chrono::steady_clock::now();
        for (auto it = waiting.begin(); it != waiting.end();) {
            if (it->second.deadline > now || !validator_->cancel(it->second.id)) {
                ++it;
                continue;
            }
            sdk::DnsAnswer late;
            late.status = sdk::DnsStatus::timeout;
            late.server = server_label_;
            late.message = "DNS timeout after " + std::to_string(options_.timeout.count()) +
                           " ms (server " + server_label_ + ")";
            auto owned = std::move(it->second.pending);
            it = waiting.erase(it);
            finish(*owned, std::move(late));
        }
    }
    for (auto& [slot, w] : waiting) {
        validator_->cancel(w.id);
        sdk::DnsAnswer a;
        a.message = "resolver shut down";
        w.pending->promise.set_value(std::move(a));
    }
}

} // namespace renraku::core::dns
