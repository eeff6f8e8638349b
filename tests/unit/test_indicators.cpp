#include "indicator/address.hpp"
#include "indicator/hostname.hpp"
#include "indicator/parse.hpp"

#include <arpa/inet.h>
#include <catch2/catch.hpp>

using renraku::core::parse_indicator;
using renraku::core::ParseError;
using renraku::sdk::Indicator;
using renraku::sdk::type_name;

namespace {

struct Valid {
    const char* input;
    const char* type;
    const char* value;
    const char* registrable; // "" when none or not applicable
};

const Valid kValid[] = {
    {"192.0.2.10", "ipv4", "192.0.2.10", ""},
    {" 192.0.2.10\t", "ipv4", "192.0.2.10", ""},
    {"192[.]0[.]2[.]10", "ipv4", "192.0.2.10", ""},
    {"0.0.0.0", "ipv4", "0.0.0.0", ""},
    {"255.255.255.255", "ipv4", "255.255.255.255", ""},
    {"2001:db8::1", "ipv6", "2001:db8::1", ""},
    {"2001:DB8:0:0:0:0:0:1", "ipv6", "2001:db8::1", ""},
    {"2001:0db8:0000:0000:0000:0000:0000:0001", "ipv6", "2001:db8::1", ""},
    {"[2001:db8::1]", "ipv6", "2001:db8::1", ""},
    {"fe80::1%eth0", "ipv6", "fe80::1", ""},
    {"::", "ipv6", "::", ""},
    {"::1", "ipv6", "::1", ""},
    {"2001:db8::192.0.2.1", "ipv6", "2001:db8::c000:201", ""},
    {"::ffff:192.0.2.1", "ipv4", "192.0.2.1", ""},
    {"2001:db8:0:1:0:0:0:1", "ipv6", "2001:db8:0:1::1", ""},
    {"192.0.2.0/24", "cidr", "192.0.2.0/24", ""},
    {"192.0.2.77/24", "cidr", "192.0.2.0/24", ""},
    {"192.0.2.1/32", "ipv4", "192.0.2.1", ""},
    {"2001:db8:10::/48", "cidr", "2001:db8:10::/48", ""},
    {"2001:DB8:10:ffff::/48", "cidr", "2001:db8:10::/48", ""},
    {"0.0.0.0/0", "cidr", "0.0.0.0/0", ""},
    {"AS64496", "asn", "AS64496", ""},
    {"as64496", "asn", "AS64496", ""},
    {"ASN64496", "asn", "AS64496", ""},
    {"AS4200000000", "asn", "AS4200000000", ""},
    {"AS1.10", "asn", "AS65546", ""},
    {"www.example.jp", "domain", "www.example.jp", "example.jp"},
    {"WWW.Example.CO.JP.", "domain", "www.example.co.jp", "example.co.jp"},
    {"www.example.co.uk", "domain", "www.example.co.uk", "example.co.uk"},
    {"mail.example.com.au", "domain", "mail.example.com.au", "example.com.au"},
    {"example[.]com", "domain", "example.com", "example.com"},
    {"bücher.example", "domain", "xn--bcher-kva.example", "xn--bcher-kva.example"},
    {"xn--bcher-kva.example", "domain", "xn--bcher-kva.example", "xn--bcher-kva.example"},
    {"日本語.jp", "domain", "xn--wgv71a119e.jp", "xn--wgv71a119e.jp"},
    {"_dmarc.example.com", "domain", "_dmarc.example.com", "example.com"},
    {"co.uk", "domain", "co.uk", ""},
    {"10.2.0.192.in-addr.arpa", "ipv4", "192.0.2.10", ""},
    {"2.0.192.in-addr.arpa.", "cidr", "192.0.2.0/24", ""},
    {"1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", "ipv6",
     "2001:db8::1", ""},
    {"0.1.0.0.8.b.d.0.1.0.0.2.ip6.arpa", "cidr", "2001:db8:10::/48", ""},
    {"https://www.example.co.uk/path?q=1", "url", "https://www.example.co.uk/path?q=1",
     "example.co.uk"},
    {"hxxp://example[.]com/login", "url", "http://example.com/login", "example.com"},
    {"hxxps[:]//evil[.]example[.]net", "url", "https://evil.example.net/", "example.net"},
    {"HTTP://User:pw@WWW.Example.COM:8080/x", "url", "http://www.example.com:8080/x",
     "example.com"},
    {"http://192.0.2.10/x", "url", "http://192.0.2.10/x", ""},
    {"http://[2001:db8::1]:8080/", "url", "http://[2001:db8::1]:8080/", ""},
    {"example.com/phish/index.html", "url", "http://example.com/phish/index.html", "example.com"},
    {"user@mail.example.com.au", "email", "user@mail.example.com.au", "example.com.au"},
    {"First.Last@Example.JP", "email", "First.Last@example.jp", "example.jp"},
    {"user[@]example[.]org", "email", "user@example.org", "example.org"},
    {"mailto:abuse@example.net", "email", "abuse@example.net", "example.net"},
};

const char* const kInvalid[] = {
    "",
    "   ",
    "1.2.3",
    "1.2.3.4.5",
    "256.1.1.1",
    "1.2.3.256",
    "01.2.3.4",
    "1..2.3",
    "1.2.3.4.",
    "::1::",
    "2001:db8:::1",
    "2001:db8::g",
    "12345::1",
    "1:2:3:4:5:6:7:8:9",
    "[2001:db8::1",
    "192.0.2.0/33",
    "192.0.2.0/-1",
    "192.0.2.0/",
    "2001:db8::/129",
    "AS-1",
    "AS-EXAMPLE",
    "AS4294967296",
    "ASN",
    "AS1.70000",
    "exa mple.com",
    "example..com",
    ".example.com",
    "localhost",
    "example.123",
    "exa$mple.com",
    "a\x01b.example.com",
    "example.com\x1b[31m",
    "http://",
    "http://exa mple.com/",
    "http://example.com:99999999/",
    "@example.com",
    "user@",
    "us er@example.com",
    "5.4.3.2.1.in-addr.arpa",
    "x.2.0.192.in-addr.arpa",
    "xn--zzzzzzzz-.example",
};

} // namespace

TEST_CASE("valid indicators normalise as expected", "[indicator]") {
    for (const auto& v : kValid) {
        INFO("input: " << v.input);
        auto parsed = parse_indicator(v.input);
        if (auto* err = std::get_if<ParseError>(&parsed)) FAIL("rejected: " << err->message);
        const auto& ind = std::get<Indicator>(parsed);
        CHECK(type_name(ind.type) == v.type);
        CHECK(ind.value == v.value);
        CHECK(ind.registrable == v.registrable);
        CHECK(ind.input == v.input);
    }
    STATIC_REQUIRE(sizeof(kValid) / sizeof(kValid[0]) >= 30);
}

TEST_CASE("malformed indicators give one clear line, never a crash", "[indicator]") {
    for (const char* input : kInvalid) {
        INFO("input: " << input);
        auto parsed = parse_indicator(input);
        REQUIRE(std::holds_alternative<ParseError>(parsed));
        const auto& msg = std::get<ParseError>(parsed).message;
        CHECK(!msg.empty());
        CHECK(msg.find('\n') == std::string::npos);
    }
    STATIC_REQUIRE(sizeof(kInvalid) / sizeof(kInvalid[0]) >= 30);
}

TEST_CASE("parsed to the value only, an indicator has the same value, type and verdict",
          "[indicator]") {
    // Text extraction parses to the value only and a lookup parses that value again in full.
    for (const auto& v : kValid) {
        INFO("input: " << v.input);
        auto full = std::get<Indicator>(parse_indicator(v.input));
        auto light = parse_indicator(v.input, renraku::core::ParseDepth::value);
        REQUIRE(std::holds_alternative<Indicator>(light));
        auto& ind = std::get<Indicator>(light);
        CHECK(ind.value == full.value);
        CHECK(ind.type == full.type);
        CHECK(ind.host == full.host);
        CHECK(ind.address == full.address);
        CHECK(ind.registered.empty());
        auto again = std::get<Indicator>(renraku::core::parse_value(full.value));
        CHECK(again.value == full.value);
        CHECK(again.type == full.type);
        CHECK(again.host == full.host);
        CHECK(again.host_unicode == full.host_unicode);
        CHECK(again.registrable == full.registrable);
        CHECK(again.registered == full.registered);
    }
    for (const char* input : kInvalid) {
        INFO("input: " << input);
        CHECK(std::holds_alternative<ParseError>(
            parse_indicator(input, renraku::core::ParseDepth::value)));
    }
}

TEST_CASE("an IPv4 address is written as inet_ntop writes it", "[indicator]") {
    std::uint32_t x = 2463534242U; // xorshift: addresses of every width of octet
    for (int i = 0; i < 20000; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        renraku::core::IpAddress ip;
        for (std::size_t b = 0; b < 4; ++b)
            ip.bytes[b] = static_cast<std::uint8_t>(i < 256 ? (b == 0 ? i : i % 11) : x >> (8 * b));
        char buf[INET_ADDRSTRLEN] = {};
        inet_ntop(AF_INET, ip.bytes.data(), buf, sizeof buf);
        INFO(buf);
        REQUIRE(ip.to_string() == buf);
    }
}

TEST_CASE("an IPv6 address is written as inet_ntop writes it", "[indicator]") {
    // Every pattern of zero and non-zero groups (the "::" choice, ties, the IPv4 tails), each
    // with several kinds of group, then random addresses.
    const std::uint16_t kinds[] = {0x1, 0xffff, 0xdb8, 0x10, 0xabc0, 0xf};
    std::uint32_t x = 2463534242U;
    auto next = [&x] {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        return x;
    };
    auto check = [](const renraku::core::IpAddress& ip) {
        char buf[INET6_ADDRSTRLEN] = {};
        inet_ntop(AF_INET6, ip.bytes.data(), buf, sizeof buf);
        INFO(buf);
        REQUIRE(ip.to_string() == buf);
    };
    for (unsigned mask = 0; mask < 256; ++mask) {
        for (auto kind : kinds) {
            renraku::core::IpAddress ip;
            ip.v6 = true;
            for (std::size_t w = 0; w < 8; ++w) {
                std::uint16_t v = (mask >> w) & 1 ? kind : 0;
                if (w == 7 && v != 0 && kind == 0xf) v = static_cast<std::uint16_t>(next());
                ip.bytes[2 * w] = static_cast<std::uint8_t>(v >> 8);
                ip.bytes[2 * w + 1] = static_cast<std::uint8_t>(v & 0xff);
            }
            check(ip);
        }
    }
    for (int i = 0; i < 20000; ++i) {
        renraku::core::IpAddress ip;
        ip.v6 = true;
        std::uint32_t zeros = next();
        for (std::size_t b = 0; b < 16; ++b)
            ip.bytes[b] = (zeros >> (b / 2)) & 1 ? 0 : static_cast<std::uint8_t>(next() >> 8);
        check(ip);
    }
}

TEST_CASE("a listed top-level domain is told apart the same way when asked again",
          "[indicator]") {
    using renraku::core::has_listed_suffix;
    for (int round = 0; round < 2; ++round) { // the second round is answered from what is kept
        CHECK(has_listed_suffix("www.example.jp"));
        CHECK(has_listed_suffix("a.example.COM.") == false); // as given: lower case, no dot
        CHECK(has_listed_suffix("a.example.com"));
        CHECK_FALSE(has_listed_suffix("access.log"));
        CHECK_FALSE(has_listed_suffix("nas.internal"));
        CHECK_FALSE(has_listed_suffix("com"));
        CHECK_FALSE(has_listed_suffix("example."));
    }
    // More made-up suffixes than are kept: the answers stay right past the bound.
    for (int i = 0; i < 5000; ++i)
        REQUIRE_FALSE(has_listed_suffix("a.zz" + std::to_string(i) + "q"));
    CHECK(has_listed_suffix("b.example.org"));
    CHECK(has_listed_suffix("x.y.co.uk"));
}

TEST_CASE("a value is read back as itself, even one that looks defanged", "[indicator]") {
    struct Case {
        const char* input;
        const char* value;
    };
    // Found by the indicator fuzz target: the value of the first keeps "(.)", which a second
    // parse_indicator would take for a defanged dot.
    const Case cases[] = {
        {"p[.]m/([.])/", "http://p.m/(.)/"},
        {"hxxps://example[.]com/a[.]b/([at])", "https://example.com/a.b/(@)"},
        {"mailto:MAILTO:abuse@example.net", "abuse@example.net"},
        {"[2001:db8::1]:443", "2001:db8::1"},
    };
    for (const auto& c : cases) {
        INFO(c.input);
        auto first = std::get<Indicator>(parse_indicator(c.input));
        CHECK(first.value == c.value);
        auto again = renraku::core::parse_value(first.value);
        REQUIRE(std::holds_alternative<Indicator>(again));
        CHECK(std::get<Indicator>(again).value == first.value);
        CHECK(std::get<Indicator>(again).host == first.host);
    }
    CHECK(std::holds_alternative<ParseError>(renraku::core::parse_value("")));
}

TEST_CASE("a name that starts like an AS number is a name", "[indicator]") {
    // Found by the indicator fuzz target: "aS\u00ADnnn..." (a soft hyphen, which IDN mapping
    // drops) gave a domain whose value, read back, was taken for a bad AS number; a name typed
    // as "as13335.example.net" was refused the same way.
    auto domain = [](const char* s) {
        auto parsed = parse_indicator(s);
        REQUIRE(std::holds_alternative<Indicator>(parsed));
        const auto& ind = std::get<Indicator>(parsed);
        CHECK(type_name(ind.type) == "domain");
        auto again = renraku::core::parse_value(ind.value);
        REQUIRE(std::holds_alternative<Indicator>(again));
        CHECK(std::get<Indicator>(again).value == ind.value);
        return ind.value;
    };
    CHECK(domain("as13335.example.net") == "as13335.example.net");
    CHECK(domain("ASN1.Example.COM") == "asn1.example.com");
    CHECK(domain("as-example.net") == "as-example.net");
    CHECK(domain("aS\xc2\xad" "900.2n-44") == "as900.2n-44");
    CHECK(std::get<Indicator>(parse_indicator("as1@example.net")).value == "as1@example.net");
    // What is an AS number still is, and an as-set is still refused with its own message.
    CHECK(std::get<Indicator>(parse_indicator("AS1.10")).asn == 65546);
    CHECK(std::get<Indicator>(parse_indicator("asn64496")).asn == 64496);
    auto set = parse_indicator("AS-EXAMPLE");
    REQUIRE(std::holds_alternative<ParseError>(set));
    CHECK_THAT(std::get<ParseError>(set).message, Catch::Contains("as-set"));
    CHECK(std::holds_alternative<ParseError>(parse_indicator("AS1.70000")));
    CHECK(std::holds_alternative<ParseError>(renraku::core::parse_value("a b.example")));
}

TEST_CASE("a 300-character label and an over-long name are refused", "[indicator]") {
    std::string label(300, 'a');
    auto parsed = parse_indicator(label + ".example.com");
    REQUIRE(std::holds_alternative<ParseError>(parsed));
    CHECK_THAT(std::get<ParseError>(parsed).message, Catch::Contains("300 characters"));
    std::string long_name;
    for (int i = 0; i < 60; ++i)
        long_name += "abcde.";
    long_name += "com";
    REQUIRE(std::holds_alternative<ParseError>(parse_indicator(long_name)));
    REQUIRE(std::holds_alternative<ParseError>(parse_indicator(std::string(5000, '1'))));
}

TEST_CASE("messages say what is wrong", "[indicator]") {
    auto msg = [](const char* s) { return std::get<ParseError>(parse_indicator(s)).message; };
    CHECK_THAT(msg("1.2.3"), Catch::Contains("3 parts, need 4"));
    CHECK_THAT(msg("256.1.1.1"), Catch::Contains("above 255"));
    CHECK_THAT(msg("AS-1"), Catch::Contains("as-set"));
    CHECK_THAT(msg("exa mple.com"), Catch::Contains("white space"));
    CHECK_THAT(msg("a\x01b.example.com"), Catch::Contains("control character"));
    CHECK_THAT(msg("01.2.3.4"), Catch::Contains("leading zero"));
}

TEST_CASE("IDN keeps its Unicode form for display", "[indicator]") {
    auto ind = std::get<Indicator>(parse_indicator("xn--bcher-kva.example"));
    CHECK(ind.host_unicode == "bücher.example");
    auto url = std::get<Indicator>(parse_indicator("https://日本語.jp/"));
    CHECK(url.host == "xn--wgv71a119e.jp");
    CHECK(url.host_unicode == "日本語.jp");
}

TEST_CASE("the registrable domain comes from the Public Suffix List", "[indicator]") {
    // Not "the last two labels": each of these has a multi-label public suffix.
    auto reg = [](const char* s) { return std::get<Indicator>(parse_indicator(s)).registrable; };
    CHECK(reg("a.b.example.co.jp") == "example.co.jp");
    CHECK(reg("www.city.shibuya.tokyo.jp") == "city.shibuya.tokyo.jp");
    CHECK(reg("foo.example.github.io") == "example.github.io");
    CHECK(reg("x.y.example.ac.jp") == "example.ac.jp");
    CHECK(reg("shop.example.com") == "example.com");
}

TEST_CASE("the domain a registry knows ignores the list's private entries", "[indicator]") {
    auto parsed = [](const char* s) { return std::get<Indicator>(parse_indicator(s)); };
    auto pages = parsed("foo.example.github.io");
    CHECK(pages.registrable == "example.github.io"); // GitHub hands these out
    CHECK(pages.registered == "github.io");          // .io's registry knows github.io
    auto blog = parsed("www.example.blogspot.com");
    CHECK(blog.registrable == "example.blogspot.com");
    CHECK(blog.registered == "blogspot.com");
    CHECK(parsed("a.b.example.co.jp").registered == "example.co.jp");
    CHECK(parsed("www.city.shibuya.tokyo.jp").registered == "city.shibuya.tokyo.jp");
    CHECK(parsed("https://shop.example.co.uk/x").registered == "example.co.uk");
    CHECK(parsed("co.uk").registered.empty());
}

TEST_CASE("the ICANN domain found from the registrable one is the one found from the host",
          "[indicator]") {
    // Wildcards, exceptions, private entries, unknown top-level domains, names that are
    // themselves suffixes: the shortcut must agree with the whole search everywhere.
    for (const char* host :
         {"a.b.example.co.jp", "www.city.kawasaki.jp", "x.y.kawasaki.jp", "kawasaki.jp",
          "foo.bar.ck", "www.ck", "a.www.ck", "foo.example.github.io", "github.io",
          "www.example.blogspot.com", "blogspot.com", "co.uk", "a.co.uk", "host.internal",
          "a.b.c.unknowntld", "unknowntld", "jp", "x.city.shibuya.tokyo.jp",
          "a.b.c.d.e.f.example.com", "xn--r8jz45g.jp", "s3.dualstack.us-east-1.amazonaws.com",
          "a.s3.dualstack.us-east-1.amazonaws.com"}) {
        INFO(host);
        std::string h = host;
        std::string reg = renraku::core::registrable_domain(h);
        std::size_t from = reg.empty() ? 0 : h.size() - reg.size();
        CHECK(renraku::core::registered_domain_from(h, from) == renraku::core::registered_domain(h));
    }
}
