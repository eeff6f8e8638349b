#include "extract/extract.hpp"
#include "indicator/input.hpp"
#include "indicator/ours.hpp"
#include "indicator/parse.hpp"
#include "indicator/special.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using namespace renraku;

namespace {

// value -> type name, for what was found
std::map<std::string, std::string> found_in(const std::string& text, bool keep_special = false) {
    core::Extractor ex(core::ExtractOptions{keep_special});
    std::istringstream in(text);
    ex.read(in, "sample");
    std::map<std::string, std::string> out;
    for (const auto& e : ex.found()) {
        out[e.value] = std::string(sdk::type_name(e.type));
        // A lookup parses the value again, in full: the same indicator must come back.
        auto again = core::parse_value(e.value);
        REQUIRE(std::holds_alternative<sdk::Indicator>(again));
        CHECK(std::get<sdk::Indicator>(again).value == e.value);
        CHECK(std::get<sdk::Indicator>(again).type == e.type);
    }
    return out;
}

} // namespace

TEST_CASE("extraction: what real logs, headers and notes hold", "[unit][extract]") {
    struct Case {
        const char* line;
        std::map<std::string, std::string> expected;
    };
    const Case cases[] = {
        {R"(203.0.113.9 - - [25/Nov/2026:03:14:07 +0900] "GET /wp-login.php HTTP/1.1" 404 153 "-" "Mozilla/5.0")",
         {}}, // documentation space: left out by default
        {R"(198.18.0.1 - - [25/Nov/2026:03:14:07 +0900] "GET /index.html HTTP/1.1" 200 9 "http://shop.example.co.jp/cart?id=1" "curl/8.0")",
         {{"http://shop.example.co.jp/cart?id=1", "url"}}},
        {"Nov 25 03:14:07 fw kernel: DROP IN=eth0 SRC=185.220.101.4 DST=10.0.0.5 PROTO=TCP "
         "SPT=51234 DPT=22",
         {{"185.220.101.4", "ipv4"}}},
        {"Nov 25 03:14:09 host sshd[812]: Failed password for root from 45.33.32.156 port 51234 "
         "ssh2",
         {{"45.33.32.156", "ipv4"}}},
        {"Received: from mail.example.net (mail.example.net [81.2.69.142]) by mx.example.jp",
         {{"mail.example.net", "domain"}, {"81.2.69.142", "ipv4"}, {"mx.example.jp", "domain"}}},
        {"From: \"Support\" <phish@bad-example.com>", {{"phish@bad-example.com", "email"}}},
        {"reply-to=billing@bad-example.com; ok", {{"billing@bad-example.com", "email"}}},
        {"C2 at hxxps://evil-example[.]com/gate.php and 91[.]198[.]174[.]192",
         {{"https://evil-example.com/gate.php", "url"}, {"91.198.174.192", "ipv4"}}},
        {"conn from [2a00:1450:4001:80b::200e]:443 and 2606:4700:4700::1111",
         {{"2a00:1450:4001:80b::200e", "ipv6"}, {"2606:4700:4700::1111", "ipv6"}}},
        {"src,dst,port\n", {}},
        {"\"8.8.8.8\",\"1.1.1.1:53\",udp", {{"8.8.8.8", "ipv4"}, {"1.1.1.1", "ipv4"}}},
        {"see access.log, version 1.2.3, build 2026.11.25, time 03:14:07, mac 00:1a:2b:3c:4d:5e",
         {}},
        {"the box at localhost and printer.local and nas.internal said hi", {}},
        {"AS13335 was mentioned, as was www.例え.jp.", {{"www.xn--r8jz45g.jp", "domain"}}},
    };
    for (const auto& c : cases) {
        INFO(c.line);
        CHECK(found_in(c.line) == c.expected);
    }
}

TEST_CASE("extraction: each once, with its lines, and special addresses left out with a note",
          "[unit][extract]") {
    core::Extractor ex(core::ExtractOptions{});
    std::istringstream in("a 81.2.69.142 b\nnothing\nagain 81.2.69.142:8080\n"
                          "local 192.168.1.20 and ::1\nlocal again 192.168.1.20:25\n");
    ex.read(in, "fw.log");
    REQUIRE(ex.found().size() == 1);
    const auto& e = ex.found().front();
    CHECK(e.value == "81.2.69.142");
    CHECK(e.lines() == std::vector<std::size_t>{1, 3});
    CHECK(e.count == 2);
    CHECK(e.port == 8080);
    CHECK(*e.file == "fw.log");
    REQUIRE(ex.left_out().size() == 2);
    CHECK(ex.left_out()[0].special == "private-use, RFC 1918");
    CHECK(ex.left_out()[1].special == "loopback, RFC 4291");
    // Seen again: counted where it was put the first time, with its first port.
    CHECK(ex.left_out()[0].count == 2);
    CHECK(ex.left_out()[0].lines() == std::vector<std::size_t>{4, 5});
    CHECK(ex.left_out()[0].port == 25);

    core::Extractor all(core::ExtractOptions{true});
    std::istringstream again("local 192.168.1.20\n");
    all.read(again, "-");
    CHECK(all.found().size() == 1);
}

TEST_CASE("extraction keeps the evidence: escapes, URLs in parameters, postfix's brackets",
          "[unit][extract]") {
    // %-escapes decoded before e-mail addresses are looked for; a URL inside a parameter is an
    // indicator of its own; postfix writes the address in brackets after the name it was given.
    CHECK(
        found_in(
            R"(81.2.69.142 - - [25/Nov/2026:03:14:07 +0900] "GET /reset?mail=victim%40bad-example.com HTTP/1.1" 200 1)") ==
        std::map<std::string, std::string>{{"81.2.69.142", "ipv4"},
                                           {"victim@bad-example.com", "email"}});
    auto in_param = found_in(R"(GET /?u=http%3A%2F%2Fevil-example.com%2Flogin HTTP/1.1)");
    CHECK(in_param.count("http://evil-example.com/login") == 1);
    auto plain_param = found_in("https://shop.example.co.jp/r?next=http://evil-example.com/login");
    CHECK(plain_param.count("http://evil-example.com/login") == 1);
    CHECK(found_in("Nov 25 03:14:07 mx postfix/smtpd[1]: connect from unknown[81.2.69.142]") ==
          std::map<std::string, std::string>{{"81.2.69.142", "ipv4"}});
}

TEST_CASE("extraction: every file's lines, first and last time, count, sshd's ports, ours",
          "[unit][extract]") {
    core::Ours ours({"192.0.2.0/24", "corp.example.jp"}, {"bastion"});
    core::Extractor ex(core::ExtractOptions{true, &ours});
    std::istringstream auth(
        "Nov 25 03:14:07 bastion sshd[812]: Failed password for root from 45.33.32.156 port "
        "51234 ssh2\n"
        "Nov 25 03:14:09 bastion sshd[812]: Failed password for root from 45.33.32.156 port "
        "51236 ssh2\n"
        "Nov 25 03:15:00 bastion sshd[813]: Accepted key for ops from 192.0.2.7 port 50000 ssh2 "
        "on gw.corp.example.jp\n");
    ex.read(auth, "auth.log");
    std::istringstream web(
        R"(45.33.32.156 - - [26/Nov/2026:10:00:00 +0900] "GET /wp-login.php HTTP/1.1" 404 1)"
        "\n");
    ex.read(web, "access.log");
    const core::Extracted* attacker = nullptr;
    for (const auto& e : ex.found())
        if (e.value == "45.33.32.156") attacker = &e;
    REQUIRE(attacker);
    CHECK(attacker->count == 3);
    // sshd's lines: TCP to our port 22, the other side's port apart (the first one seen).
    CHECK(attacker->protocol == "tcp");
    CHECK(attacker->our_port == 22);
    CHECK(attacker->their_port == 51234);
    CHECK(attacker->first_time == "Nov 25 03:14:07");
    CHECK(attacker->last_time == "26/Nov/2026:10:00:00 +0900");
    using Lines = std::vector<std::pair<std::string, std::vector<std::size_t>>>;
    CHECK(attacker->by_file() == Lines{{"auth.log", {1, 2}}, {"access.log", {1}}});
    CHECK(attacker->more() == 0);
    // Ours: marked, still found (the context of the events).
    std::map<std::string, bool> ours_of;
    for (const auto& e : ex.found())
        ours_of[e.value] = e.ours;
    CHECK(ours_of.at("192.0.2.7"));
    CHECK(ours_of.at("gw.corp.example.jp"));
    CHECK_FALSE(ours_of.at("45.33.32.156"));

    // Seen more often than the lines kept: the rest counted as "more".
    core::Extractor many(core::ExtractOptions{});
    std::string text;
    for (int i = 0; i < 50; ++i)
        text += "hit from 45.33.32.156\n";
    std::istringstream lots(text);
    many.read(lots, "fw.log");
    REQUIRE(many.found().size() == 1);
    CHECK(many.found()[0].count == 50);
    CHECK(many.found()[0].lines().size() == core::Extractor::kMaxLines);
    CHECK(many.found()[0].more() == 50 - core::Extractor::kMaxLines);
}

TEST_CASE("extraction is linear: a long line of near-misses", "[unit][extract]") {
    std::string line;
    for (int i = 0; i < 20000; ++i)
        line += "1.2.3 a.b:c [x] ";
    core::Extractor ex(core::ExtractOptions{});
    ex.read_line(line, "-", 1); // bounded by kMaxLineBytes through read(); here the whole line
    CHECK(ex.found().empty());
}

TEST_CASE("ports, brackets and angle brackets around indicators", "[unit][indicator]") {
    auto a = core::strip_context("192.0.2.1:443");
    CHECK(a.text == "192.0.2.1");
    CHECK(a.port == 443);
    auto b = core::strip_context("[2001:db8::1]:8443");
    CHECK(b.text == "2001:db8::1");
    CHECK(b.port == 8443);
    CHECK(core::strip_context("[192.0.2.1]").text == "192.0.2.1");
    CHECK(core::strip_context("<abuse@example.net>").text == "abuse@example.net");
    CHECK(core::strip_context("192.0.2.1:99999").text == "192.0.2.1:99999"); // not a port
    CHECK(core::strip_context("2001:db8::1").text == "2001:db8::1");         // not a port either
    CHECK(core::strip_context("example.net:80").text == "example.net:80");
}

TEST_CASE("special-purpose addresses are named with their RFC", "[unit][indicator]") {
    auto check = [](const char* addr, int len, const char* name) {
        INFO(addr);
        auto s = core::special_purpose(addr, len);
        REQUIRE(s);
        CHECK(s->name == name);
    };
    check("10.1.2.3", 32, "private-use");
    check("172.31.255.255", 32, "private-use");
    check("100.64.0.1", 32, "shared address space (carrier-grade NAT)");
    check("127.0.0.1", 32, "loopback");
    check("169.254.1.1", 32, "link-local");
    check("192.0.2.0", 24, "documentation (TEST-NET-1)");
    check("224.0.0.251", 32, "multicast");
    check("fe80::1", 128, "link-local");
    check("fd12:3456::1", 128, "unique-local");
    check("2001:db8::", 32, "documentation");
    check("::1", 128, "loopback");
    // Blocks are found by the address's first byte: blocks shorter than a byte cover several
    // first bytes, blocks that share one are tried in the table's order.
    check("0.1.2.3", 32, "\"this network\"");
    check("239.255.255.255", 32, "multicast");
    check("240.1.1.1", 32, "reserved");
    check("255.255.255.255", 32, "reserved"); // 240.0.0.0/4 comes first in the table
    check("198.19.255.255", 32, "benchmarking");
    check("192.168.255.1", 32, "private-use");
    check("fc00::1", 128, "unique-local");
    check("fdff:ffff::1", 128, "unique-local");
    check("febf:ffff::1", 128, "link-local");
    check("ff02::1", 128, "multicast");
    check("::2", 128, "deprecated IPv4-compatible");
    check("::", 128, "unspecified address");
    check("64:ff9b:1::1", 128, "local-use IPv4/IPv6 translation");
    check("100::1", 128, "discard-only");
    check("2001::1", 128, "Teredo (an IPv4 host's tunnel; look up the IPv4 address it holds)");
    check("2001:2::1", 128, "benchmarking");
    check("2001:2f::1", 128, "ORCHIDv2");
    check("3fff:fff::1", 128, "documentation");
    check("5f00::1", 128, "segment routing (SRv6) SIDs");
    for (const char* ordinary :
         {"8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "192.31.196.1",
          "2002:c000:0201::1", "198.20.0.0", "fec0::1", "fe00::1", "2001:3::1", "2001:db9::1",
          "4000::1", "64:ff9b::1", "1.0.0.0", "223.255.255.255"}) {
        INFO(ordinary);
        CHECK_FALSE(core::special_purpose(ordinary, -1));
    }
    // A prefix wider than a block is partly ordinary space.
    CHECK_FALSE(core::special_purpose("10.0.0.0", 7));
    CHECK(core::special_purpose("10.0.0.0", 8));
    CHECK_FALSE(core::special_purpose("fc00::", 6));
    CHECK(core::special_purpose("fc00::", 7));
    // The kind carries the label extraction prints, the same text for every address of a block.
    auto kind = core::special_purpose_kind("10.9.8.7", 32);
    REQUIRE(kind);
    CHECK(kind->label == "private-use, RFC 1918");
    CHECK(core::special_purpose_kind("10.1.1.1", 32)->label.data() == kind->label.data());
    CHECK_FALSE(core::special_purpose_kind("not an address", 32));
}

TEST_CASE("the index of values finds each one, through growth and equal hashes",
          "[unit][extract]") {
    std::vector<std::string> values;
    core::ValueIndex index;
    auto value_at = [&values](std::size_t i) -> std::string_view { return values[i]; };
    for (std::size_t i = 0; i < 5000; ++i) {
        values.push_back("v" + std::to_string(i));
        // Every seventh value shares one hash, so probing past equal hashes is exercised.
        std::size_t h = i % 7 == 0 ? 42 : core::ValueIndex::hash_of(values.back());
        REQUIRE_FALSE(index.find(values.back(), h, value_at));
        index.insert(h, i);
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
        std::size_t h = i % 7 == 0 ? 42 : core::ValueIndex::hash_of(values[i]);
        auto at = index.find(values[i], h, value_at);
        REQUIRE(at);
        CHECK(*at == i);
    }
    CHECK_FALSE(index.find("v5000", core::ValueIndex::hash_of("v5000"), value_at));
    CHECK_FALSE(index.find("absent", 42, value_at));
}
