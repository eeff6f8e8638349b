#include "event_facts.hpp"

#include "renraku/sdk/text.hpp"

#include <cctype>
#include <ctime>
#include <string_view>

namespace renraku::core::notice {

namespace {

int this_year() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    return tm.tm_year + 1900;
}

// The time a log line starts with: syslog ("Nov 25 03:14:07"), ISO 8601, or a web server's
// "[25/Nov/2026:03:14:07 +0900]".
std::optional<EventTime> line_time(const std::string& line, const std::string& zone, int year) {
    std::string why;
    if (line.size() >= 15 && std::isalpha(static_cast<unsigned char>(line[0])) && line[3] == ' ' &&
        line[9] == ':' && line[12] == ':')
        if (auto t = parse_event_time(line.substr(0, 15), zone, year, why)) return t;
    if (line.size() >= 19 && std::isdigit(static_cast<unsigned char>(line[0])) && line[4] == '-')
        if (auto t = parse_event_time(line.substr(0, line.find(' ', 19)), zone, year, why))
            return t;
    if (auto open = line.find('['); open != std::string::npos && open < 64) {
        auto close = line.find(']', open);
        if (close != std::string::npos && close - open < 40)
            if (auto t = parse_event_time(line.substr(open + 1, close - open - 1), zone, year, why))
                return t;
    }
    return std::nullopt;
}

// The port written next to `address` on a line: sshd "from ADDRESS port 40001", iptables
// "SRC=ADDRESS ... SPT=40001", "ADDRESS:40001", "ADDRESS.40001" (tcpdump).
int port_near(const std::string& line, const std::string& address) {
    if (address.empty()) return -1;
    auto number = [&](std::size_t at) {
        int v = 0;
        std::size_t digits = 0;
        while (at < line.size() && std::isdigit(static_cast<unsigned char>(line[at])) &&
               digits < 6) {
            v = v * 10 + (line[at++] - '0');
            ++digits;
        }
        return digits > 0 && digits <= 5 && v <= 65535 ? v : -1;
    };
    for (auto at = line.find(address); at != std::string::npos; at = line.find(address, at + 1)) {
        std::size_t end = at + address.size();
        if (end < line.size() && std::isalnum(static_cast<unsigned char>(line[end])) != 0)
            continue; // part of a longer address
        if (line.compare(end, 6, " port ") == 0) return number(end + 6);
        if (end < line.size() && (line[end] == ':' || line[end] == '.') &&
            address.find(':') == std::string::npos)
            if (int p = number(end + 1); p >= 0) return p;
        if (line.compare(at > 4 ? at - 4 : 0, 4, "SRC=") == 0)
            if (auto spt = line.find(" SPT=", end); spt != std::string::npos)
                return number(spt + 5);
    }
    return -1;
}

bool mentions(const std::string& text, std::initializer_list<const char*> words) {
    std::string lower = sdk::ascii_lower(text);
    for (const char* w : words)
        if (lower.find(w) != std::string::npos) return true;
    return false;
}

} // namespace

std::string xarf_type_of(const std::string& type) {
    // The address-based activities of X-ARF (schema version 3): what a log of ours shows.
    static const std::pair<const char*, const char*> kTypes[] = {
        {"login-attack", "LoginAttack"}, {"port-scan", "PortScan"},     {"ddos", "DOS"},
        {"exploit", "Exploit"},          {"web-crawler", "WebCrawler"},
    };
    for (const auto& [name, xarf] : kTypes)
        if (type == name) return xarf;
    return {};
}

namespace {

// What a URL says of how it is reached: its scheme, and its port (written, else the scheme's).
void url_protocol_port(const std::string& url, std::string& protocol, int& port) {
    std::string lower = sdk::ascii_lower(url);
    auto colon = lower.find("://");
    if (colon == std::string::npos) return;
    std::string scheme = lower.substr(0, colon);
    if (scheme != "http" && scheme != "https") return;
    std::string_view authority(lower);
    authority.remove_prefix(colon + 3);
    authority = authority.substr(0, authority.find_first_of("/?#"));
    if (auto at = authority.rfind('@'); at != std::string_view::npos)
        authority.remove_prefix(at + 1);
    // The port after the host (after "]" for an IPv6 literal).
    auto close = authority.rfind(']');
    auto port_colon = authority.rfind(':');
    int written = -1;
    if (port_colon != std::string_view::npos &&
        (close == std::string_view::npos || port_colon > close)) {
        auto digits = authority.substr(port_colon + 1);
        if (digits.empty() || digits.size() > 5 ||
            digits.find_first_not_of("0123456789") != std::string_view::npos)
            return;
        written = std::stoi(std::string(digits));
        if (written > 65535) return;
    }
    protocol = scheme;
    port = written >= 0 ? written : scheme == "https" ? 443 : 80;
}

} // namespace

bool content_type(const std::string& type) {
    return type == "phishing" || type == "malware";
}

EventFacts event_facts(const Incident& inc, const Event& ev) {
    EventFacts f;
    f.first = ev.time;
    f.last = ev.last_seen ? *ev.last_seen : ev.time;
    int year = this_year();
    for (const auto& l : ev.lines) {
        if (auto t = line_time(l.text, inc.clock.zone, year)) {
            if (t->unix < f.first.unix) f.first = *t;
            if (t->unix > f.last.unix && !ev.last_seen) f.last = *t;
        }
        if (f.source_port < 0) f.source_port = port_near(l.text, ev.source);
    }
    if (ev.count > 0)
        f.count = static_cast<std::size_t>(ev.count);
    else if (!ev.lines.empty())
        f.count = ev.lines.size() + ev.lines_more;
    // A URL is where something is served, not where traffic came from.
    auto is_url = [](const std::string& s) {
        std::string l = sdk::ascii_lower(s);
        return l.rfind("https://", 0) == 0 || l.rfind("http://", 0) == 0;
    };
    bool url_side = is_url(ev.source) || is_url(ev.destination);
    f.where = is_url(ev.source) ? ev.source : is_url(ev.destination) ? ev.destination : ev.source;
    // The kind of report: as the incident file says, else what the event plainly is. An event
    // at a URL is content ("a credential phishing page" is no login attack of the page's).
    std::string type = ev.type;
    if (type.empty() && !url_side) {
        bool login_port = ev.port == 22 || ev.port == 23 || ev.port == 21 || ev.port == 3389 ||
                          ev.port == 110 || ev.port == 143 || ev.port == 993 || ev.port == 995;
        if (mentions(ev.description, {"password", "login", "log in", "brute", "credential"}) ||
            (login_port && !mentions(ev.description, {"scan"})))
            type = "login-attack";
        else if (mentions(ev.description, {"scan", "probe"}))
            type = "port-scan";
    }
    f.report_type = xarf_type_of(type);
    f.report_class = "Activity";
    f.hosted_content = content_type(type) || (type.empty() && url_side);
    f.protocol = ev.protocol;
    f.port = ev.port;
    if (url_side && f.protocol.empty() && f.port < 0)
        url_protocol_port(f.where, f.protocol, f.port);
    return f;
}

bool ongoing(const EventFacts& f, std::int64_t now, std::int64_t window_s) {
    return now - f.last.unix <= window_s;
}

} // namespace renraku::core::notice
