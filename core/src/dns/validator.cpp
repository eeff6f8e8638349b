#include "validator.hpp"

#include "renraku/sdk/text.hpp"
#include "wire.hpp"

#include <unbound.h>

#include <fstream>
#include <iostream>
#include <mutex>
#include <stdexcept>

namespace renraku::core::dns {

struct Validator::Question {
    Validator* owner = nullptr;
    int id = 0;
    sdk::RrType type = sdk::RrType::a;
    Done done;
};

void on_validated(void* arg, int err, ub_result* result) {
    auto* q = static_cast<Validator::Question*>(arg);
    q->owner->finished(q, err, result);
}

namespace {

// Zones libunbound answers itself by default (RFC 6761 and RFC 6303: test., invalid., the
// documentation prefixes, private reverse zones), removed: renraku reports what the configured
// servers hold, and when the user asks about such names (engine.special_addresses = "ask"),
// the servers are asked.
constexpr const char* kPassedThrough[] = {
    "test.",
    "invalid.",
    "home.arpa.",
    "10.in-addr.arpa.",
    "168.192.in-addr.arpa.",
    "254.169.in-addr.arpa.",
    "2.0.192.in-addr.arpa.",
    "100.51.198.in-addr.arpa.",
    "113.0.203.in-addr.arpa.",
    "d.f.ip6.arpa.",
    "8.e.f.ip6.arpa.",
    "9.e.f.ip6.arpa.",
    "a.e.f.ip6.arpa.",
    "b.e.f.ip6.arpa.",
    "8.b.d.0.1.0.0.2.ip6.arpa.",
};

// "127.0.0.1:5353" -> "127.0.0.1@5353", "[::1]:53" -> "::1@53", "192.0.2.53" -> itself.
std::string unbound_address(const std::string& server) {
    if (!server.empty() && server.front() == '[') {
        auto close = server.find(']');
        if (close == std::string::npos) return server;
        std::string host = server.substr(1, close - 1);
        if (close + 1 < server.size() && server[close + 1] == ':')
            return host + "@" + server.substr(close + 2);
        return host;
    }
    auto colon = server.find(':');
    if (colon != std::string::npos && server.find(':', colon + 1) == std::string::npos)
        return server.substr(0, colon) + "@" + server.substr(colon + 1);
    return server;
}

} // namespace

std::string anchor_owner_of(const std::string& file) {
    std::ifstream in(file);
    std::string line;
    for (int i = 0; i < 1000 && std::getline(in, line); ++i) {
        auto start = line.find_first_not_of(" \t");
        if (start == std::string::npos || line[start] == ';' || line[start] == '$') continue;
        auto end = line.find_first_of(" \t", start);
        return sdk::ascii_lower(line.substr(start, end - start));
    }
    return {};
}

Validator::Validator(const ValidatorOptions& options)
    : anchor_file_(options.anchor_file.empty() ? kRootAnchorFile : options.anchor_file) {
    ctx_ = ub_ctx_create();
    if (ctx_ == nullptr) throw std::runtime_error("cannot start the DNSSEC validator");
    auto fail = [&](const std::string& what) {
        ub_ctx_delete(ctx_);
        ctx_ = nullptr;
        throw std::invalid_argument(what);
    };
    // Answers come back on our own poll loop; a thread, never a forked process.
    ub_ctx_async(ctx_, 1);
    // The configured servers may be on loopback (a local resolver, the test world).
    ub_ctx_set_option(ctx_, "do-not-query-localhost:", "no");
    if (options.servers.empty()) {
        if (int rc = ub_ctx_resolvconf(ctx_, nullptr); rc != 0)
            fail(std::string("the system resolver's servers cannot be read: ") + ub_strerror(rc));
        server_label_ = "system resolver";
    } else {
        for (const auto& s : options.servers)
            if (int rc = ub_ctx_set_fwd(ctx_, unbound_address(s).c_str()); rc != 0)
                fail("network.dns_servers: \"" + s + "\" is not an address the validator can use (" +
                     ub_strerror(rc) + ")");
        server_label_ = options.servers.front();
    }
    anchor_owner_ = anchor_owner_of(anchor_file_);
    if (anchor_owner_.empty() || ub_ctx_add_ta_file(ctx_, anchor_file_.c_str()) != 0)
        fail("network.dnssec_trust_anchor_file: \"" + anchor_file_ +
             "\" holds no DS or DNSKEY record (Debian's dns-root-data ships the root's; or set "
             "network.dnssec = \"off\")");
    for (const char* zone : kPassedThrough)
        ub_ctx_zone_remove(ctx_, zone); // not one of its defaults: nothing to remove

}

Validator::~Validator() {
    for (const auto& [id, q] : open_)
        ub_cancel(ctx_, id);
    open_.clear();
    if (ctx_ != nullptr) ub_ctx_delete(ctx_);
}

void Validator::finished(Question* q, int err, ub_result* result) {
    auto answer = read_result(err, result, q->type);
    if (result != nullptr) ub_resolve_free(result);
    auto it = open_.find(q->id);
    if (it == open_.end()) return;
    auto owned = std::move(it->second);
    open_.erase(it);
    owned->done(std::move(answer));
}

int Validator::fd() const {
    return ub_fd(ctx_);
}

void Validator::process() {
    ub_process(ctx_);
}

bool Validator::start(const std::string& name, sdk::RrType type, Done done, int& id,
                      std::string& why) {
    auto q = std::make_unique<Question>();
    q->owner = this;
    q->type = type;
    q->done = std::move(done);
    int rc = ub_resolve_async(ctx_, name.c_str(), static_cast<int>(type), 1 /* IN */, q.get(),
                              on_validated, &id);
    if (rc != 0) {
        why = ub_strerror(rc);
        return false;
    }
    // The callback runs only from process(), on this thread: the id is filed before it can.
    q->id = id;
    open_.emplace(id, std::move(q));
    return true;
}

bool Validator::cancel(int id) {
    auto it = open_.find(id);
    if (it == open_.end()) return false;
    if (ub_cancel(ctx_, id) != 0) return false; // already answered: process() delivers it
    open_.erase(it);
    return true;
}

// Whether any chain reaches the anchor: asked once, at the first bogus answer, as the anchor's
// own DNSKEY. When even that is not secure the fault is the path or the anchor, not the zone.
void Validator::check_anchor() {
    ub_result* r = nullptr;
    int rc = ub_resolve(ctx_, anchor_owner_.c_str(), 48 /* DNSKEY */, 1, &r);
    bool secure = rc == 0 && r != nullptr && r->secure != 0;
    if (r != nullptr) ub_resolve_free(r);
    anchor_state_ = secure ? AnchorState::reachable : AnchorState::unreachable;
    if (!secure)
        std::cerr << "renraku: warning: DNSSEC: no chain of trust from the trust anchor ("
                  << anchor_file_ << ", " << (anchor_owner_ == "." ? "the root" : anchor_owner_)
                  << ") through the DNS servers (" << server_label_
                  << "): answers are not validated (\"indeterminate\"). Use servers that pass "
                     "DNSSEC records, set network.dnssec_trust_anchor_file, or set "
                     "network.dnssec = \"off\"\n";
}

sdk::DnsAnswer Validator::read_result(int err, ub_result* result, sdk::RrType asked) {
    sdk::DnsAnswer out;
    out.server = server_label_;
    if (err != 0 || result == nullptr) {
        out.status = sdk::DnsStatus::error;
        out.message = std::string("DNS ") + ub_strerror(err) + " (server " + server_label_ + ")";
        return out;
    }
    if (result->answer_packet != nullptr && result->answer_len > 0)
        out = answer_from_reply(static_cast<const std::uint8_t*>(result->answer_packet),
                                static_cast<std::size_t>(result->answer_len), asked,
                                server_label_);
    else
        classify_reply(out, result->rcode, asked, server_label_);
    if (out.failed()) return out; // no verdict on a failure
    if (result->secure != 0) {
        out.dnssec = sdk::Dnssec::secure;
    } else if (result->bogus != 0) {
        if (anchor_state_ == AnchorState::unknown) check_anchor();
        if (anchor_state_ == AnchorState::unreachable) {
            out.dnssec = sdk::Dnssec::indeterminate;
        } else {
            out.dnssec = sdk::Dnssec::bogus;
            out.dnssec_reason =
                sdk::sanitize(result->why_bogus != nullptr ? result->why_bogus : "", 300);
        }
    } else {
        out.dnssec = sdk::Dnssec::insecure;
    }
    return out;
}

} // namespace renraku::core::dns
