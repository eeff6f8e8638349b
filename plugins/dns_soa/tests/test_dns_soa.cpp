#include "harness.hpp"
#include "renraku/sdk/signals.hpp"

#include <catch2/catch.hpp>

using namespace renraku;
namespace sig = renraku::sdk::signals;

TEST_CASE("forward zone: the RNAME of the zone holding the name", "[dns_soa]") {
    test::PluginHarness h(test::plugin_path("dns_soa"));
    auto o = h.lookup("www.example.test");
    REQUIRE(o.status == sdk::Outcome::Status::ok);
    REQUIRE(o.findings.size() == 1);
    const auto& f = o.findings.front();
    CHECK(f.contact.email == "hostmaster@example.test");
    CHECK(f.role == sdk::Role::soa);
    CHECK(f.scope.kind == "zone");
    CHECK(f.scope.value == "example.test");
    CHECK(f.evidence.server == test::kWorldDns);
    CHECK(f.evidence.object == "example.test SOA");
    CHECK(f.evidence.field == "RNAME");
    CHECK_THAT(f.evidence.excerpt, Catch::Contains("hostmaster.example.test"));
    CHECK(test::has_signal(f, sig::soa_rname));
    CHECK_FALSE(test::has_signal(f, sig::reverse_zone));
}

TEST_CASE("a delegated subzone has its own contact", "[dns_soa]") {
    test::PluginHarness h(test::plugin_path("dns_soa"));
    auto o = h.lookup("host.sub.example.test");
    REQUIRE(o.findings.size() == 1);
    CHECK(o.findings[0].contact.email == "dns-admin@sub.example.test");
    CHECK(o.findings[0].scope.value == "sub.example.test");
}

TEST_CASE("an escaped dot in the RNAME stays in the local part", "[dns_soa]") {
    test::PluginHarness h(test::plugin_path("dns_soa"));
    auto o = h.lookup("escaped.test");
    REQUIRE(o.findings.size() == 1);
    CHECK(o.findings[0].contact.email == "first.last@escaped.test");
}

TEST_CASE("IPv4 reverse zone: the provider's RNAME with the reverse-zone signal", "[dns_soa]") {
    test::PluginHarness h(test::plugin_path("dns_soa"));
    auto o = h.lookup("192.0.2.10");
    REQUIRE(o.findings.size() == 1);
    const auto& f = o.findings[0];
    CHECK(f.contact.email == "ipadmin@upstream-isp.test");
    CHECK(f.scope.value == "2.0.192.in-addr.arpa");
    CHECK(test::has_signal(f, sig::reverse_zone));
    REQUIRE(o.notes.size() == 1);
    CHECK(o.notes[0] == "PTR 10.2.0.192.in-addr.arpa -> www.example.test");
}

TEST_CASE("RFC 2317 classless delegation leads to the customer's zone", "[dns_soa]") {
    test::PluginHarness h(test::plugin_path("dns_soa"));
    auto o = h.lookup("192.0.2.130");
    REQUIRE(o.findings.size() == 1);
    const auto& f = o.findings[0];
    CHECK(f.contact.email == "noc@customer.test");
    CHECK(f.scope.value == "128/26.2.0.192.in-addr.arpa");
    CHECK(test::has_signal(f, sig::classless_delegation));
    CHECK_FALSE(test::has_signal(f, sig::reverse_zone));
    REQUIRE(f.caveats.size() == 1);
    CHECK_THAT(f.caveats[0], Catch::Contains("RFC 2317"));
}

TEST_CASE("IPv6 reverse zone and a prefix", "[dns_soa]") {
    test::PluginHarness h(test::plugin_path("dns_soa"));
    auto o = h.lookup("2001:db8:10::10");
    REQUIRE(o.findings.size() == 1);
    CHECK(o.findings[0].contact.email == "ip6-admin@upstream-isp.test");
    CHECK(o.findings[0].scope.value == "0.1.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
    auto p = h.lookup("192.0.2.0/24");
    REQUIRE(p.findings.size() == 1);
    CHECK(p.findings[0].contact.email == "ipadmin@upstream-isp.test");
    CHECK(p.notes.empty()); // no PTR for a prefix
}

TEST_CASE("a name that does not exist: the zone above, flagged when it is a public suffix",
          "[dns_soa]") {
    test::PluginHarness h(test::plugin_path("dns_soa"));
    auto inside = h.lookup("nxdomain.example.test");
    REQUIRE(inside.findings.size() == 1);
    CHECK(inside.findings[0].contact.email == "hostmaster@example.test");
    auto suffix = h.lookup("nonexistent.test");
    REQUIRE(suffix.findings.size() == 1);
    CHECK(suffix.findings[0].contact.email == "registry-admin@nic.test");
    CHECK(test::has_signal(suffix.findings[0], sig::public_suffix_zone));
}

TEST_CASE("undelegated reverse space: the registry's zone, flagged", "[dns_soa]") {
    test::PluginHarness h(test::plugin_path("dns_soa"));
    auto o = h.lookup("198.51.100.7");
    REQUIRE(o.findings.size() == 1);
    CHECK(o.findings[0].contact.email == "dns-ops@rir.test");
    CHECK(o.findings[0].scope.value == "in-addr.arpa");
    CHECK(test::has_signal(o.findings[0], sig::public_suffix_zone));
}

TEST_CASE("no server answers: a transient failure — a timeout too", "[dns_soa]") {
    test::PluginHarness h(test::plugin_path("dns_soa"));
    auto none = h.lookup("www.example.invalid");
    CHECK(none.status == sdk::Outcome::Status::transient);
    CHECK_THAT(none.message, Catch::Contains("no DNS answer for www.example.invalid"));
    // The server refuses; through the validating resolver that comes back as SERVFAIL.
    CHECK_THAT(none.message, Catch::Matches(".*(refused|servfail).*"));
    auto slow = h.lookup("x.timeout.test");
    CHECK(slow.status == sdk::Outcome::Status::transient);
    CHECK_THAT(slow.message, Catch::Contains("timeout"));
    CHECK_THAT(slow.message, Catch::Contains("x.timeout.test"));
}

TEST_CASE("forward and reverse can be switched off", "[dns_soa]") {
    test::PluginHarness h(test::plugin_path("dns_soa"), "reverse = false\n");
    CHECK(h.lookup("192.0.2.10").findings.empty());
    CHECK(h.lookup("www.example.test").findings.size() == 1);
}
