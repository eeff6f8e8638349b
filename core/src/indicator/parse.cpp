#include "parse.hpp"

#include "address.hpp"
#include "hostname.hpp"
#include "input.hpp"
#include "renraku/sdk/text.hpp"

#include "../util/trim.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>

namespace renraku::core {

using sdk::Indicator;
using sdk::IndicatorType;

namespace {

constexpr std::size_t kMaxIndicatorBytes = 2048;

bool iequals_prefix(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (sdk::ascii_lower_char(s[i]) != prefix[i]) return false;
    return true;
}

ParseError error(std::string why) {
    return ParseError{std::move(why)};
}

// An indicator made in the result that carries it: moving an Indicator moves eight strings,
// and a log's extraction parses tens of thousands.
ParseResult made_indicator(Indicator*& ind) {
    ParseResult out{std::in_place_type<Indicator>};
    ind = &std::get<Indicator>(out);
    return out;
}

ParseResult address_indicator(const IpAddress& ip) {
    Indicator* ind = nullptr;
    ParseResult out = made_indicator(ind);
    ind->type = ip.v6 ? IndicatorType::ipv6 : IndicatorType::ipv4;
    ind->address = ip.to_string();
    ind->value = ind->address;
    ind->prefix_len = ip.bits();
    return out;
}

ParseResult prefix_indicator(const IpAddress& ip, int len) {
    if (len == ip.bits()) return address_indicator(ip);
    Indicator* ind = nullptr;
    ParseResult out = made_indicator(ind);
    ind->type = IndicatorType::cidr;
    ind->address = ip.masked(len).to_string();
    ind->prefix_len = len;
    ind->value = ind->address + "/" + std::to_string(len);
    return out;
}

ParseResult parse_address(std::string_view s) {
    std::string why;
    if (s.find(':') != std::string_view::npos) {
        auto ip = parse_ipv6(s, why);
        if (!ip) return error(why);
        // An IPv4-mapped address names an IPv4 host; its registry is the IPv4 one.
        static constexpr std::array<std::uint8_t, 12> mapped{0, 0, 0, 0, 0,    0,
                                                             0, 0, 0, 0, 0xff, 0xff};
        if (std::equal(mapped.begin(), mapped.end(), ip->bytes.begin())) {
            IpAddress v4;
            std::copy(ip->bytes.begin() + 12, ip->bytes.end(), v4.bytes.begin());
            return address_indicator(v4);
        }
        return address_indicator(*ip);
    }
    auto ip = parse_ipv4(s, why);
    if (!ip) return error(why);
    return address_indicator(*ip);
}

ParseResult parse_cidr(std::string_view s) {
    auto slash = s.find('/');
    auto addr_text = s.substr(0, slash);
    auto len_text = s.substr(slash + 1);
    std::string why;
    std::optional<IpAddress> ip = addr_text.find(':') != std::string_view::npos
                                      ? parse_ipv6(addr_text, why)
                                      : parse_ipv4(addr_text, why);
    if (!ip) return error(why);
    int len = -1;
    auto [ptr, ec] = std::from_chars(len_text.data(), len_text.data() + len_text.size(), len);
    if (len_text.empty() || ec != std::errc() || ptr != len_text.data() + len_text.size() ||
        len < 0 || len > ip->bits()) {
        return error("not a prefix: length \"" + std::string(len_text) + "\" must be 0 to " +
                     std::to_string(ip->bits()));
    }
    return prefix_indicator(*ip, len);
}

ParseResult parse_asn(std::string_view s) {
    std::string_view digits = iequals_prefix(s, "asn") ? s.substr(3) : s.substr(2);
    if (!digits.empty() && digits.front() == '-')
        return error("not an AS number (\"AS-\" names an as-set, not an autonomous system)");
    std::uint64_t value = 0;
    auto dot = digits.find('.');
    auto parse_part = [](std::string_view p, std::uint64_t& out, std::uint64_t max) {
        if (p.empty() || p.size() > 10) return false;
        for (char c : p)
            if (c < '0' || c > '9') return false;
        auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), out);
        return ec == std::errc() && ptr == p.data() + p.size() && out <= max;
    };
    if (dot != std::string_view::npos) {
        std::uint64_t high = 0;
        std::uint64_t low = 0;
        if (!parse_part(digits.substr(0, dot), high, 65535) ||
            !parse_part(digits.substr(dot + 1), low, 65535))
            return error("not an AS number: asdot form needs two numbers from 0 to 65535");
        value = (high << 16) | low;
    } else if (!parse_part(digits, value, 4294967295ULL)) {
        return error("not an AS number: need AS followed by 0 to 4294967295");
    }
    Indicator ind;
    ind.type = IndicatorType::asn;
    ind.asn = static_cast<std::uint32_t>(value);
    ind.value = "AS" + std::to_string(value);
    return ind;
}

// "2.0.192.in-addr.arpa" -> 192.0.2.0/24; a full name -> the address itself.
ParseResult parse_reverse_name(const std::string& name) {
    bool v6 = sdk::is_at_or_below(name, "ip6.arpa");
    std::string_view zone = v6 ? "ip6.arpa" : "in-addr.arpa";
    std::string_view rest = std::string_view(name).substr(0, name.size() - zone.size());
    if (rest.empty()) return error("a reverse zone root names no network");
    rest.remove_suffix(1); // the dot before the zone
    std::vector<std::string_view> labels;
    std::size_t start = 0;
    while (start <= rest.size()) {
        auto dot = rest.find('.', start);
        labels.push_back(rest.substr(start, dot == rest.npos ? rest.npos : dot - start));
        if (dot == rest.npos) break;
        start = dot + 1;
    }
    IpAddress ip;
    ip.v6 = v6;
    if (v6) {
        if (labels.size() > 32) return error("not an ip6.arpa name: more than 32 nibbles");
        for (std::size_t i = 0; i < labels.size(); ++i) {
            auto l = labels[labels.size() - 1 - i];
            if (l.size() != 1 || !std::isxdigit(static_cast<unsigned char>(l[0])))
                return error("not an ip6.arpa name: each label must be one hex digit");
            unsigned nib = static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(l[0]))
                                                     ? l[0] - '0'
                                                     : std::tolower(l[0]) - 'a' + 10);
            auto& b = ip.bytes[i / 2];
            b = static_cast<std::uint8_t>(i % 2 == 0 ? nib << 4 : b | nib);
        }
        return prefix_indicator(ip, static_cast<int>(labels.size()) * 4);
    }
    if (labels.size() > 4) return error("not an in-addr.arpa name: more than four octets");
    for (std::size_t i = 0; i < labels.size(); ++i) {
        std::string why;
        std::string quad(labels[labels.size() - 1 - i]);
        auto one = parse_ipv4(quad + ".0.0.0", why);
        if (!one) return error("not an in-addr.arpa name: " + why.substr(why.find(':') + 2));
        ip.bytes[i] = one->bytes[0];
    }
    return prefix_indicator(ip, static_cast<int>(labels.size()) * 8);
}

ParseResult parse_domain(std::string_view s, ParseDepth depth) {
    std::string why;
    auto host = normalize_host(s, why, depth == ParseDepth::full);
    if (!host) return error("not a domain or host name: " + why);
    if (sdk::is_at_or_below(host->ascii, "in-addr.arpa") ||
        sdk::is_at_or_below(host->ascii, "ip6.arpa"))
        return parse_reverse_name(host->ascii);
    Indicator* ind = nullptr;
    ParseResult out = made_indicator(ind);
    ind->type = IndicatorType::domain;
    ind->value = host->ascii;
    ind->host = std::move(host->ascii);
    ind->host_unicode = std::move(host->unicode);
    ind->registrable = std::move(host->registrable);
    ind->registered = std::move(host->registered);
    return out;
}

ParseResult parse_email(std::string_view s, ParseDepth depth) {
    // Every "mailto:" off, so that the address written is read back as itself.
    while (iequals_prefix(s, "mailto:"))
        s.remove_prefix(7);
    auto at = s.rfind('@');
    auto local = s.substr(0, at);
    auto domain = s.substr(at + 1);
    if (local.empty() || local.size() > 64)
        return error("not an e-mail address: the part before @ must be 1 to 64 characters");
    for (unsigned char c : local)
        if (c <= 0x20 || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' || c == ';' ||
            c == '@' || c == '"')
            return error("not an e-mail address: the part before @ has a character not allowed");
    auto parsed = parse_domain(domain, depth);
    if (auto* err = std::get_if<ParseError>(&parsed)) return error("e-mail domain " + err->message);
    auto& ind = std::get<Indicator>(parsed);
    if (ind.type != IndicatorType::domain)
        return error("not an e-mail address: the domain is a reverse name");
    ind.type = IndicatorType::email;
    ind.value.assign(local);
    ind.value += '@';
    ind.value += ind.host;
    return parsed;
}

ParseResult parse_url(std::string_view s, ParseDepth depth) {
    auto scheme_end = s.find("://");
    std::string scheme = "http";
    std::string_view rest = s;
    if (scheme_end != std::string_view::npos) {
        scheme = sdk::ascii_lower(s.substr(0, scheme_end));
        rest = s.substr(scheme_end + 3);
        if (scheme.empty()) return error("not a URL: empty scheme");
        for (char c : scheme)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.')
                return error("not a URL: bad scheme");
    }
    auto host_end = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, host_end);
    std::string_view tail = host_end == std::string_view::npos ? "" : rest.substr(host_end);
    if (auto at = authority.rfind('@'); at != std::string_view::npos)
        authority = authority.substr(at + 1);
    std::string_view host = authority;
    std::string_view port;
    if (!authority.empty() && authority.front() == '[') {
        auto close = authority.find(']');
        if (close == std::string_view::npos) return error("not a URL: unbalanced [ in host");
        host = authority.substr(0, close + 1);
        if (close + 1 < authority.size()) {
            if (authority[close + 1] != ':') return error("not a URL: junk after ]");
            port = authority.substr(close + 2);
        }
    } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        port = authority.substr(colon + 1);
    }
    for (char c : port)
        if (c < '0' || c > '9') return error("not a URL: port must be a number");
    if (port.size() > 5) return error("not a URL: port out of range");
    if (host.empty()) return error("not a URL: no host");

    Indicator ind;
    bool literal = host.front() == '[' || std::all_of(host.begin(), host.end(), [](char c) {
                       return (c >= '0' && c <= '9') || c == '.';
                   });
    std::string literal_text; // "[2001:db8::1]"
    std::string_view host_text;
    if (literal) {
        auto parsed = parse_address(host);
        if (auto* err = std::get_if<ParseError>(&parsed)) return error("URL host " + err->message);
        const auto& addr = std::get<Indicator>(parsed);
        ind.address = addr.address;
        ind.prefix_len = addr.prefix_len;
        literal_text = addr.is_ipv6() ? "[" + addr.address + "]" : addr.address;
        host_text = literal_text;
    } else {
        auto parsed = parse_domain(host, depth);
        if (auto* err = std::get_if<ParseError>(&parsed)) return error("URL host " + err->message);
        auto& dom = std::get<Indicator>(parsed);
        if (dom.type != IndicatorType::domain) return error("not a URL: host is a reverse name");
        ind.host = std::move(dom.host);
        ind.host_unicode = std::move(dom.host_unicode);
        ind.registrable = std::move(dom.registrable);
        ind.registered = std::move(dom.registered);
        host_text = ind.host;
    }
    ind.type = IndicatorType::url;
    // Appended in place: the chain of + made a string for each part.
    ind.value.reserve(scheme.size() + 3 + host_text.size() + 1 + port.size() +
                      std::max<std::size_t>(tail.size(), 1));
    ind.value.append(scheme).append("://").append(host_text);
    if (!port.empty()) ind.value.append(":").append(port);
    ind.value.append(tail.empty() ? std::string_view("/") : tail);
    return ind;
}

// A table: asked of every byte of a log.
constexpr std::array<bool, 256> kOpeningBrackets = [] {
    std::array<bool, 256> t{};
    t['('] = t['['] = t['{'] = true;
    return t;
}();

bool opens_bracket(char c) {
    return kOpeningBrackets[static_cast<unsigned char>(c)];
}

// Whether refang() could change the text: every defanging it undoes starts with a bracket,
// but for the schemes, which start the text.
bool maybe_defanged(std::string_view text) {
    for (char c : text)
        if (opens_bracket(c)) return true;
    return iequals_prefix(text, "hxxp") || iequals_prefix(text, "fxp");
}

} // namespace

std::string refang(std::string_view text) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kBrackets{{
        {"[.]", "."},
        {"(.)", "."},
        {"{.}", "."},
        {"[dot]", "."},
        {"(dot)", "."},
        {"[:]", ":"},
        {"[://]", "://"},
        {"[@]", "@"},
        {"[at]", "@"},
        {"(at)", "@"},
        {"[/]", "/"},
    }};
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kSchemes{{
        {"hxxps://", "https://"},
        {"hxxp://", "http://"},
        {"fxp://", "ftp://"},
        {"hxxp[s]://", "https://"},
    }};
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        bool replaced = false;
        // Every defanging starts with a bracket: the text up to the next one is copied at once.
        std::size_t bracket = i;
        while (bracket < text.size() && !opens_bracket(text[bracket]))
            ++bracket;
        out.append(text.substr(i, bracket - i));
        i = bracket;
        if (i == text.size()) break;
        for (const auto& [from, to] : kBrackets) {
            if (iequals_prefix(text.substr(i), from)) {
                out += to;
                i += from.size();
                replaced = true;
                break;
            }
        }
        if (!replaced) out.push_back(text[i++]);
    }
    // Schemes last, so that "hxxps[:]//" is first made "hxxps://".
    for (const auto& [from, to] : kSchemes) {
        if (iequals_prefix(out, from)) {
            out.replace(0, from.size(), to);
            break;
        }
    }
    return out;
}

namespace {

// Empty, too long, control characters or white space: nothing to parse.
std::optional<ParseError> unusable(std::string_view text) {
    if (text.empty()) return error("empty indicator");
    if (text.size() > kMaxIndicatorBytes)
        return error("longer than " + std::to_string(kMaxIndicatorBytes) + " bytes");
    // A table, since every byte of every token of a log is asked: 1 for a control character
    // (a tab among them), 2 for a space.
    static constexpr std::array<std::uint8_t, 256> kRefused = [] {
        std::array<std::uint8_t, 256> t{};
        for (int c = 0; c < 0x20; ++c)
            t[static_cast<std::size_t>(c)] = 1;
        t[0x7F] = 1;
        t[' '] = 2;
        return t;
    }();
    for (unsigned char c : text)
        if (std::uint8_t refused = kRefused[c]; refused != 0)
            return error(refused == 1 ? "contains a control character" : "contains white space");
    return std::nullopt;
}

// "AS64496", "ASN64496", "AS1.10" (asdot), or an as-set ("AS-EXAMPLE", refused by parse_asn
// with its own message). Not a name that starts so: "as1.example.net", "as-example.net".
bool looks_like_asn(std::string_view s) {
    std::string_view rest;
    if (iequals_prefix(s, "asn") && s.size() > 3 &&
        (std::isdigit(static_cast<unsigned char>(s[3])) || s[3] == '-'))
        rest = s.substr(3);
    else if (iequals_prefix(s, "as") && s.size() > 2)
        rest = s.substr(2);
    else
        return false;
    if (rest.front() == '-') return rest.find('.') == std::string_view::npos;
    std::size_t dots = 0;
    for (char c : rest) {
        if (c == '.') {
            ++dots;
        } else if (c < '0' || c > '9') {
            return false;
        }
    }
    return dots <= 1 && rest.front() != '.' && rest.back() != '.';
}

// Text with nothing around it and nothing defanged, by its form.
ParseResult parse_plain(std::string_view s, ParseDepth depth) {
    if (s.find("://") != std::string_view::npos) return parse_url(s, depth);
    if (iequals_prefix(s, "mailto:")) return parse_email(s, depth);
    if (looks_like_asn(s)) return parse_asn(s);
    if (s.find('@') != std::string_view::npos) return parse_email(s, depth);
    if (auto slash = s.find('/'); slash != std::string_view::npos) {
        auto head = s.substr(0, slash);
        bool looks_numeric = head.find(':') != std::string_view::npos ||
                             std::all_of(head.begin(), head.end(),
                                         [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
        return looks_numeric ? parse_cidr(s) : parse_url(s, depth);
    }
    if (s.find(':') != std::string_view::npos || (!s.empty() && s.front() == '['))
        return parse_address(s);
    if (std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; }))
        return parse_address(s);
    return parse_domain(s, depth);
}

// The indicator `plain` names, with `input` as written. Apart, so that the result is made in
// place and never moved (one return of one object).
ParseResult parse_as_written(std::string_view plain, std::string_view input, ParseDepth depth) {
    ParseResult result = parse_plain(plain, depth);
    if (auto* ind = std::get_if<Indicator>(&result); ind != nullptr && depth == ParseDepth::full)
        ind->input = std::string(input);
    return result;
}

} // namespace

ParseResult parse_indicator(std::string_view raw, ParseDepth depth) {
    std::string_view text = trim_space(raw);
    if (auto bad = unusable(text)) return *bad;
    // Most text has nothing defanged: refang() would give it back unchanged, as a copy.
    std::string refanged;
    std::string_view plain = text;
    if (maybe_defanged(text)) {
        refanged = refang(text);
        plain = refanged;
    }
    return parse_as_written(strip_context(plain).text, raw, depth);
}

ParseResult parse_value(std::string_view value) {
    if (auto bad = unusable(value)) return *bad;
    return parse_as_written(value, value, ParseDepth::full);
}

} // namespace renraku::core
