#include "harness.hpp"
#include "renraku/sdk/signals.hpp"

#include <catch2/catch.hpp>

using namespace renraku;
namespace sig = renraku::sdk::signals;

namespace {
std::vector<std::string> emails(const sdk::Outcome& o) {
    std::vector<std::string> out;
    for (const auto& f : o.findings)
        out.push_back(f.contact.email);
    return out;
}
} // namespace

TEST_CASE("a domain with MX gets the role mailboxes of its registrable domain", "[rfc2142]") {
    test::PluginHarness h(test::plugin_path("rfc2142"));
    auto o = h.lookup("www.example.test");
    REQUIRE(o.status == sdk::Outcome::Status::ok);
    CHECK(emails(o) == std::vector<std::string>{"abuse@example.test", "security@example.test",
                                                "noc@example.test", "postmaster@example.test",
                                                "hostmaster@example.test", "root@example.test",
                                                "Administrator@example.test"});
    const auto& abuse = o.findings[0];
    CHECK(abuse.role == sdk::Role::abuse);
    CHECK(abuse.scope.kind == "domain");
    CHECK(abuse.scope.value == "example.test");
    CHECK(abuse.evidence.object == "example.test MX");
    CHECK(abuse.evidence.excerpt == "10 mail.example.test");
    CHECK(test::has_signal(abuse, sig::guessed_role_mailbox));
    CHECK(test::has_signal(abuse, sig::domain_accepts_mail));
    CHECK_FALSE(test::has_signal(abuse, sig::rarely_read_mailbox));
    const auto& root = o.findings[5];
    CHECK(root.role == sdk::Role::root);
    CHECK(test::has_signal(root, sig::rarely_read_mailbox));
    CHECK(o.findings[6].role == sdk::Role::root);
}

TEST_CASE("no MX but an address: implicit MX", "[rfc2142]") {
    test::PluginHarness h(test::plugin_path("rfc2142"));
    auto o = h.lookup("implicit-mx.test");
    REQUIRE_FALSE(o.findings.empty());
    CHECK(test::has_signal(o.findings[0], sig::implicit_mx));
    CHECK(o.findings[0].evidence.field == "implicit MX");
    CHECK(o.findings[0].evidence.excerpt == "192.0.2.20");
}

TEST_CASE("a null MX, no mail route, or no domain: nothing, and says why", "[rfc2142]") {
    test::PluginHarness h(test::plugin_path("rfc2142"));
    auto null_mx = h.lookup("nullmx.test");
    CHECK(null_mx.status == sdk::Outcome::Status::no_data);
    CHECK(null_mx.findings.empty());
    REQUIRE(null_mx.notes.size() == 1);
    CHECK_THAT(null_mx.notes[0], Catch::Contains("null MX (RFC 7505)"));
    auto nomail = h.lookup("nomail.test");
    CHECK(nomail.findings.empty());
    CHECK_THAT(nomail.notes.at(0), Catch::Contains("no MX, A or AAAA"));
    auto nx = h.lookup("nonexistent.test");
    CHECK(nx.findings.empty());
    CHECK_THAT(nx.notes.at(0), Catch::Contains("NXDOMAIN"));
}

TEST_CASE("a public suffix has no site mailboxes", "[rfc2142]") {
    test::PluginHarness h(test::plugin_path("rfc2142"));
    auto o = h.lookup("co.uk");
    CHECK(o.findings.empty());
    CHECK_THAT(o.notes.at(0), Catch::Contains("public suffix"));
    CHECK(h.dns_questions() == 0);
}

TEST_CASE("a timeout is a transient failure", "[rfc2142]") {
    test::PluginHarness h(test::plugin_path("rfc2142"));
    auto o = h.lookup("www.timeout.test");
    CHECK(o.status == sdk::Outcome::Status::transient);
    CHECK_THAT(o.message, Catch::Contains("timeout"));
}

TEST_CASE("mailboxes are configurable", "[rfc2142]") {
    test::PluginHarness h(test::plugin_path("rfc2142"),
                          "mailboxes = [\"abuse\", \"cert\"]\ninclude_rarely_read = false\n");
    auto o = h.lookup("example.test");
    CHECK(emails(o) == std::vector<std::string>{"abuse@example.test", "cert@example.test"});
    CHECK(o.findings[1].role == sdk::Role::other);
}
