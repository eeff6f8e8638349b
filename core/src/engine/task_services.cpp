#include "task_services.hpp"

#include "../dns/zone_finder.hpp"
#include "../util/blocking.hpp"
#include "../util/clock_text.hpp"
#include "renraku/sdk/text.hpp"

namespace renraku::core {

std::string TaskServices::now_utc() {
    return utc_now_iso();
}

namespace {

using Millis = std::chrono::milliseconds;

Millis since(Clock::time_point t) {
    return std::chrono::duration_cast<Millis>(Clock::now() - t);
}

} // namespace

sdk::DnsAnswer TaskDns::query(std::string_view name, sdk::RrType type) {
    auto start = Clock::now();
    sdk::DnsAnswer a = ask(name, type);
    std::string outcome(sdk::dns_status_name(a.status));
    if (a.failed() && !a.message.empty())
        outcome += ": " + a.message;
    else if (a.status == sdk::DnsStatus::ok)
        outcome += ", " + std::to_string(a.answer.size()) + " record(s)";
    // The channel: what validation said of the answer.
    if (!a.failed()) outcome += ", DNSSEC " + std::string(sdk::dnssec_name(a.dnssec));
    if (a.dnssec == sdk::Dnssec::bogus && !a.dnssec_reason.empty())
        outcome += " (" + a.dnssec_reason + ")";
    record_.asked({"", "dns", a.server,
                   std::string(sdk::rr_type_name(type)) + " " + std::string(name), outcome,
                   since(start), a.from_cache},
                  resolver_.cache_only() && a.failed() && !a.from_cache);
    return a;
}

sdk::WhoisAnswer TaskWhois::query(const sdk::WhoisRequest& request) {
    auto start = Clock::now();
    auto a = client_.query(request, clock_, &record_.trail);
    std::string outcome = sdk::whois_status_name(a.status);
    if (!a.message.empty()) outcome += ": " + a.message;
    for (std::size_t i = 1; i < a.chain.size(); ++i)
        outcome += "; referred to " + a.chain[i].server + " \"" + a.chain[i].query + "\"";
    if (a.status == sdk::WhoisStatus::ok) outcome += ", clear text";
    record_.asked(
        {"", "whois", request.server, request.query, outcome, since(start), a.from_cache});
    return a;
}

sdk::HttpResponse TaskHttp::get(const sdk::HttpRequest& request) {
    auto start = Clock::now();
    auto r = client_.get(request, clock_, &record_.trail);
    std::string outcome = sdk::http_status_name(r.status);
    if (r.code != 0) outcome += " " + std::to_string(r.code);
    if (!r.message.empty()) outcome += ": " + r.message;
    if (r.status == sdk::HttpStatus::ok || r.status == sdk::HttpStatus::http_error)
        outcome += r.tls_verified ? ", TLS verified" + (r.tls_subject.empty()
                                                           ? std::string()
                                                           : " (" + r.tls_subject + ")")
                                  : ", not over verified TLS";
    record_.asked({"", r.final_url.rfind("http://", 0) == 0 ? "http" : "https", sdk::url_host(request.url), "GET " + request.url, outcome,
                   since(start), r.from_cache});
    return r;
}

sdk::MirrorAnswer TaskMirror::lookup(const std::string& registry, const std::string& address) {
    auto start = Clock::now();
    auto a = mirror_.lookup(registry, address);
    if (!a.found && a.note.empty()) return a; // not mirrored: nothing was asked
    std::string outcome = a.found ? "found, serial " + (a.serial.empty() ? "-" : a.serial) +
                                        ", " + std::to_string(a.age_hours) + " h old"
                                  : a.note;
    // A mirror answer is about a network's range, as a whois answer is: it holds for the range.
    std::string first, last;
    if (a.found && mirror::range_keys(a.range, first, last))
        record_.trail.narrow(first, last, cache::unix_now() + 3600);
    else if (a.found)
        record_.trail.impure();
    record_.asked({"", "mirror", registry, address, outcome, since(start), false});
    return a;
}

sdk::DnsAnswer TaskDns::ask(std::string_view name, sdk::RrType type) {
    record_.trail.impure(); // a DNS answer is about a name, not about a network holding an address
    auto future = resolver_.ask(std::string(name), type);
    // c-ares gives up by itself after the timeout; the margin covers its bookkeeping.
    auto limit = std::min(clock_.work_deadline(),
                          Clock::now() + resolver_.timeout() + std::chrono::milliseconds(500));
    bool ready = future.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
    if (!ready) {
        BlockingRegion blocking;
        ready = future.wait_until(limit) == std::future_status::ready;
    }
    if (!ready) {
        sdk::DnsAnswer a;
        a.status = sdk::DnsStatus::timeout;
        a.server = resolver_.server_label();
        a.message = "DNS timeout asking " + std::string(sdk::rr_type_name(type)) + " " +
                    std::string(name) + " (server " + a.server + ")";
        return a;
    }
    sdk::DnsAnswer a = future.get();
    if (a.status == sdk::DnsStatus::timeout &&
        a.message.find(std::string(name)) == std::string::npos)
        a.message = "DNS timeout asking " + std::string(sdk::rr_type_name(type)) + " " +
                    std::string(name) + " after " + std::to_string(resolver_.timeout().count()) +
                    " ms (server " + a.server + ")";
    return a;
}

sdk::ZoneInfo TaskDns::find_zone(std::string_view name) {
    return dns::find_zone([this](const std::string& n, sdk::RrType t) { return query(n, t); },
                          std::string(name));
}

} // namespace renraku::core
