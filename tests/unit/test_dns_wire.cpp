#include "dns/wire.hpp"
#include "dns/zone_finder.hpp"

#include <catch2/catch.hpp>
#include <random>

using renraku::core::dns::parse_message;
using renraku::sdk::RrType;

namespace {

using Bytes = std::vector<std::uint8_t>;

void put16(Bytes& b, unsigned v) {
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v));
}
void put32(Bytes& b, std::uint32_t v) {
    put16(b, v >> 16);
    put16(b, v & 0xFFFF);
}
void put_name(Bytes& b, const std::vector<std::string>& labels) {
    for (const auto& l : labels) {
        b.push_back(static_cast<std::uint8_t>(l.size()));
        b.insert(b.end(), l.begin(), l.end());
    }
    b.push_back(0);
}

// An NXDOMAIN answer for www.example.jp with the zone's SOA in the authority section; the SOA
// owner is a compression pointer to "example.jp" inside the question.
Bytes nxdomain_with_soa() {
    Bytes b;
    put16(b, 0x1234);
    put16(b, 0x8403); // response, authoritative, NXDOMAIN
    put16(b, 1);
    put16(b, 0);
    put16(b, 1);
    put16(b, 0);
    put_name(b, {"www", "example", "jp"}); // at offset 12; "example" at 16
    put16(b, 6);
    put16(b, 1);
    b.push_back(0xC0);
    b.push_back(16); // owner: example.jp
    put16(b, 6);
    put16(b, 1);
    put32(b, 300);
    Bytes rdata;
    put_name(rdata, {"ns1", "example", "jp"});
    put_name(rdata, {"first.last", "example", "jp"});
    for (int i = 0; i < 5; ++i)
        put32(rdata, 2026 + static_cast<std::uint32_t>(i));
    put16(b, static_cast<unsigned>(rdata.size()));
    b.insert(b.end(), rdata.begin(), rdata.end());
    return b;
}

} // namespace

TEST_CASE("an NXDOMAIN answer yields the SOA from the authority section", "[dns]") {
    auto msg = nxdomain_with_soa();
    std::string why;
    auto m = parse_message(msg.data(), msg.size(), why);
    REQUIRE(m);
    CHECK(m->rcode == 3);
    CHECK(m->authoritative);
    REQUIRE(m->authority.size() == 1);
    CHECK(m->authority[0].type == RrType::soa);
    CHECK(m->authority[0].owner == "example.jp");
    CHECK(m->authority[0].soa.mname == "ns1.example.jp");
    CHECK(m->authority[0].soa.rname == "first\\.last.example.jp");
    CHECK(m->authority[0].soa.serial == 2026);
}

TEST_CASE("every truncation of a valid answer is rejected, never read past", "[dns]") {
    auto msg = nxdomain_with_soa();
    for (std::size_t n = 0; n < msg.size(); ++n) {
        std::string why;
        Bytes cut(msg.begin(), msg.begin() + static_cast<long>(n));
        CHECK_FALSE(parse_message(cut.data(), cut.size(), why));
    }
}

TEST_CASE("compression loops and forward pointers are refused", "[dns]") {
    Bytes b;
    put16(b, 1);
    put16(b, 0x8000);
    put16(b, 1);
    put16(b, 0);
    put16(b, 0);
    put16(b, 0);
    b.push_back(0xC0);
    b.push_back(12); // points at itself
    put16(b, 6);
    put16(b, 1);
    std::string why;
    CHECK_FALSE(parse_message(b.data(), b.size(), why));
    b[12] = 0xC0;
    b[13] = 40; // forward, past the end
    CHECK_FALSE(parse_message(b.data(), b.size(), why));
}

TEST_CASE("random garbage never crashes the parser", "[dns]") {
    std::mt19937 rng(20261125);
    auto base = nxdomain_with_soa();
    for (int i = 0; i < 20000; ++i) {
        Bytes b = base;
        int flips = 1 + static_cast<int>(rng() % 8);
        for (int k = 0; k < flips; ++k)
            b[rng() % b.size()] = static_cast<std::uint8_t>(rng());
        if (i % 3 == 0) b.resize(rng() % (b.size() + 1));
        std::string why;
        (void)parse_message(b.data(), b.size(), why);
    }
    SUCCEED();
}

TEST_CASE("a CNAME loop in the reverse tree ends in a bounded number of questions", "[dns]") {
    // 1.2.0.192.in-addr.arpa -> x.loop.arpa-example -> back, for ever, as a hostile zone could.
    int asked = 0;
    auto ask = [&asked](const std::string& name, RrType) {
        ++asked;
        renraku::sdk::DnsAnswer a;
        a.status = renraku::sdk::DnsStatus::ok;
        a.server = "test";
        renraku::sdk::DnsRecord r;
        r.owner = name;
        r.type = renraku::sdk::RrType::cname;
        r.text = name == "1.2.0.192.in-addr.arpa" ? "1.loop.2.0.192.in-addr.arpa"
                                                 : "1.2.0.192.in-addr.arpa";
        a.answer.push_back(r);
        return a;
    };
    auto z = renraku::core::dns::find_zone(ask, "1.2.0.192.in-addr.arpa");
    CHECK(z.status == renraku::sdk::DnsStatus::error);
    CHECK_THAT(z.message, Catch::Contains("CNAME chain too long"));
    CHECK(asked <= 10);
}
