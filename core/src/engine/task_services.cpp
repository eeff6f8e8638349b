#include "task_services.hpp"

#include "../dns/zone_finder.hpp"
#include "../util/blocking.hpp"

#include <ctime>

namespace renraku::core {

std::string utc_now_iso8601() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string TaskServices::now_utc() {
    return utc_now_iso8601();
}

sdk::DnsAnswer TaskDns::query(std::string_view name, sdk::RrType type) {
    trail_.impure(); // a DNS answer is about a name, not about a network holding an address
    auto future = resolver_.ask(std::string(name), type);
    // c-ares gives up by itself after the timeout; the margin covers its bookkeeping.
    auto limit =
        std::min(deadline_, Clock::now() + resolver_.timeout() + std::chrono::milliseconds(500));
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
