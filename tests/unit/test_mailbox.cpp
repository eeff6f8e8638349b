// The one address rule (sdk::check_mailbox), where addresses enter (a source's contact, a
// mailto: URI, free registry text) and where they leave (a message's headers, the envelope).

#include "engine/contact_gate.hpp"
#include "notice/mime.hpp"
#include "renraku/registry/whois_text.hpp"
#include "renraku/sdk/mailbox.hpp"
#include "renraku/sdk/signals.hpp"

#include <catch2/catch.hpp>

using namespace renraku;

TEST_CASE("address rule: plain mailboxes pass as written, the domain in lower case",
          "[unit][mailbox]") {
    for (const char* ok : {"abuse@example.net", "first.last@sub.example.co.jp",
                           "a+tag@x.test", "o'brien@example.ie", "x_y-z@a-b.example",
                           "!#$%&'*+-/=?^_`{|}~@example.org"}) {
        INFO(ok);
        auto m = sdk::check_mailbox(ok);
        CHECK(m.ok());
        CHECK(m.address == ok);
        CHECK(m.confusable.empty());
    }
    CHECK(sdk::check_mailbox("Abuse@Example.NET").address == "Abuse@example.net");
    CHECK(sdk::check_mailbox("  abuse@example.net \t").address == "abuse@example.net");
    // A Unicode domain is sent in its A-label form; a whole-script one is not a lookalike.
    auto idn = sdk::check_mailbox("info@例え.jp");
    REQUIRE(idn.ok());
    CHECK(idn.address == "info@xn--r8jz45g.jp");
    CHECK(idn.confusable.empty());
    CHECK(sdk::check_mailbox("info@пример.рф").confusable.empty());
    CHECK(sdk::check_mailbox("abuse@münchen.de").confusable.empty());
}

TEST_CASE("address rule: what is refused, and why", "[unit][mailbox]") {
    struct Case {
        std::string text;
        std::string why;
    };
    std::string long_local(65, 'a');
    std::string long_label(64, 'b');
    const Case cases[] = {
        {"", "empty"},
        {"abuse", "no @"},
        {"abuse@x.test\r\nRCPT TO:<spy@evil.test>", "line break"},
        {"abuse@x.test>\r\nBcc: spy@evil.test", "line break"},
        {"\"spy@evil.test\"@x.test", "quoted local part"},
        {"\"abuse\"@x.test", "quoted local part"},
        {"abuse@x.test>, <spy@evil.test", "more than one @"},
        {"abuse(spy@evil.test)@x.test", "more than one @"},
        {"abuse(comment)@x.test", "character '('"},
        {"abuse@[127.0.0.1]", "IP address literal"},
        {"abuse@127.0.0.1", "numeric label"},
        {"abuse@localhost", "no dot"},
        {"abuse@x.test.", "ends with a dot"},
        {"abuse@x..test", "empty label"},
        {"abuse@-x.test", "hyphen"},
        {"abuse@x_y.test", "character '_'"},
        {"abuse@x.test?cc=spy@evil.test", "more than one @"},
        {"abuse@x.test?subject=hi", "character '?'"},
        {".abuse@x.test", "begins or ends with a dot"},
        {"ab..use@x.test", "two dots"},
        {"abusé@x.test", "non-ASCII local part"},
        {"ab use@x.test", "character ' '"},
        {long_local + "@x.test", "longer than 64"},
        {"a@" + long_label + ".test", "longer than 63"},
        {"a@" + std::string(250, 'c') + ".test", "longer than 254"},
        {"a@xn--zz.test", "not a valid A-label"},
        {"@x.test", "no local part"},
        {"abuse@", "no domain"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        auto m = sdk::check_mailbox(c.text);
        CHECK_FALSE(m.ok());
        CHECK(m.address.empty());
        CHECK_THAT(m.refused, Catch::Contains(c.why));
    }
}

TEST_CASE("address rule: lookalike and mixed-script domains are kept and flagged",
          "[unit][mailbox]") {
    // "mail.pаypal.com" with a Cyrillic а (U+0430): kept whole, in A-label form, flagged.
    auto mixed = sdk::check_mailbox("abuse@mail.p\xD0\xB0ypal.com");
    REQUIRE(mixed.ok());
    CHECK(mixed.address.rfind("abuse@mail.xn--", 0) == 0);
    CHECK(mixed.address.size() > std::string("abuse@mail.p").size() + 8);
    CHECK_THAT(mixed.confusable, Catch::Contains("mixes Latin and Cyrillic"));
    // The same written as its A-label is the same verdict.
    auto again = sdk::check_mailbox(mixed.address);
    REQUIRE(again.ok());
    CHECK(again.address == mixed.address);
    CHECK(again.confusable == mixed.confusable);
    // All-Cyrillic letters that read as "paypal" under .com.
    auto whole = sdk::check_mailbox("abuse@\xD1\x80\xD0\xB0\xD1\x83\xD1\x80\xD0\xB0\xD3\x8F.com");
    REQUIRE(whole.ok());
    CHECK_THAT(whole.confusable, Catch::Contains("look like Latin"));
    // Japanese mixes Han, kana and Latin by nature.
    CHECK(sdk::check_mailbox("info@日本のshopカタカナ.jp").confusable.empty());
}

TEST_CASE("address rule: mailto URIs give exactly one address or none", "[unit][mailbox]") {
    CHECK(sdk::mailbox_from_uri("mailto:abuse@x.test").address == "abuse@x.test");
    CHECK(sdk::mailbox_from_uri("MAILTO:abuse@x.test").address == "abuse@x.test");
    CHECK(sdk::mailbox_from_uri("mailto:abuse@x.test?cc=spy@evil.test&bcc=spy2@evil.test")
              .address == "abuse@x.test");
    CHECK(sdk::mailbox_from_uri("mailto:abuse%40x.test").address == "abuse@x.test");
    CHECK(sdk::mailbox_from_uri("abuse@x.test").address == "abuse@x.test");
    CHECK_THAT(sdk::mailbox_from_uri("mailto:a@x.test,spy@evil.test").refused,
               Catch::Contains("more than one address"));
    CHECK_THAT(sdk::mailbox_from_uri("mailto:abuse@x.test%0D%0ARCPT%20TO:%3Cspy@evil.test%3E")
                   .refused,
               Catch::Contains("line break"));
    CHECK_THAT(sdk::mailbox_from_uri("mailto:abuse@x.test>\r\nRCPT TO:<spy@evil.test>").refused,
               Catch::Contains("line break"));
    CHECK_THAT(sdk::mailbox_from_uri("mailto:abuse%4").refused, Catch::Contains("percent"));
    CHECK_THAT(sdk::mailbox_from_uri("mailto:%22spy@evil.test%22@x.test").refused,
               Catch::Contains("quoted"));
}

TEST_CASE("find_emails: a word is taken whole or not at all", "[unit][mailbox]") {
    using registry::find_emails;
    CHECK(find_emails("Please send abuse to abuse@Example.NET.") ==
          std::vector<std::string>{"abuse@example.net"});
    CHECK(find_emails("% Abuse contact for '192.0.2.0 - 192.0.2.255' is 'abuse@x.test'") ==
          std::vector<std::string>{"abuse@x.test"});
    CHECK(find_emails("e-mail: <a@x.test>, b@y.test; (c@z.test) mailto:d@w.test") ==
          std::vector<std::string>{"a@x.test", "b@y.test", "c@z.test", "d@w.test"});
    std::vector<std::string> refused;
    // Once cut to a part that passes; now refused whole, and said.
    CHECK(find_emails("\"spy@evil.test\"@x.test", &refused).empty());
    CHECK(find_emails(std::string(10000, 'a') + "@x.test", &refused).empty());
    auto cyrillic = find_emails("abuse@mail.p\xD0\xB0ypal.com", &refused);
    REQUIRE(cyrillic.size() == 1);
    CHECK(cyrillic[0] != "abuse@mail.p");
    CHECK(cyrillic[0].rfind("abuse@mail.xn--", 0) == 0);
    CHECK(find_emails("abuse@[127.0.0.1]", &refused).empty());
    REQUIRE(refused.size() == 3);
    CHECK_THAT(refused[0], Catch::Contains("more than one @"));
    CHECK_THAT(refused[1], Catch::Contains("longer than 254"));
    CHECK_THAT(refused[2], Catch::Contains("IP address literal"));
    // A field holds one address: anything else is refused whole, never split into parts.
    using registry::mailbox_of_field;
    refused.clear();
    CHECK(mailbox_of_field(" abuse@x.test ", &refused) == std::optional<std::string>("abuse@x.test"));
    CHECK(mailbox_of_field("mailto:abuse@X.test", &refused) == std::optional<std::string>("abuse@x.test"));
    CHECK_FALSE(mailbox_of_field("not published", &refused));
    CHECK(refused.empty()); // no @: nothing to say
    for (const char* bad : {"abuse@x.test\r\nBcc: spy@evil.test", "abuse@x.test>, <spy@evil.test",
                            "abuse(spy@evil.test)@x.test", "a@x.test, b@x.test",
                            "abuse@x.test spy@evil.test"})
        CHECK_FALSE(mailbox_of_field(bad, &refused));
    REQUIRE(refused.size() == 5);
    CHECK_THAT(refused[0], Catch::Contains("line break"));
    // In free text, brackets and parentheses wrap a word, they do not split one.
    refused.clear();
    CHECK(find_emails("(abuse@x.test) <noc@x.test>").size() == 2);
    CHECK(find_emails("abuse(spy@evil.test)@x.test", &refused).empty());
    CHECK(refused.size() == 1);
    // Not addresses at all: nothing, and nothing said.
    refused.clear();
    CHECK(find_emails("@handle user@ a@@b", &refused).empty());
    CHECK(refused.size() == 1); // "a@@b": an @ word with two @
}

TEST_CASE("contact gate: what a source reports passes the rule before it is used",
          "[unit][mailbox]") {
    sdk::Outcome o;
    o.status = sdk::Outcome::Status::ok;
    auto with = [](std::string email, std::string phone = {}) {
        sdk::Finding f;
        f.contact.email = std::move(email);
        f.contact.phone = std::move(phone);
        f.role = sdk::Role::abuse;
        return f;
    };
    o.findings.push_back(with("abuse@X.test"));
    o.findings.push_back(with("abuse@x.test>\r\nRCPT TO:<spy@evil.test>"));
    o.findings.push_back(with("\"spy@evil.test\"@x.test", "+81-3-0000-0000"));
    o.findings.push_back(with("abuse@mail.p\xD0\xB0ypal.com"));
    core::gate_contacts(o);
    REQUIRE(o.findings.size() == 3);
    CHECK(o.findings[0].contact.email == "abuse@x.test");
    CHECK(o.findings[1].contact.email.empty()); // the phone stays, the address does not
    CHECK(o.findings[1].contact.phone == "+81-3-0000-0000");
    CHECK(o.findings[2].contact.email.rfind("abuse@mail.xn--", 0) == 0);
    CHECK(std::find(o.findings[2].signals.begin(), o.findings[2].signals.end(),
                    sdk::signals::mailbox_confusable) != o.findings[2].signals.end());
    REQUIRE(o.notes.size() == 2);
    CHECK_THAT(o.notes[0], Catch::Contains("\\x0d\\x0a") && Catch::Contains("line break"));
    CHECK_THAT(o.notes[1], Catch::Contains("quoted local part"));

    sdk::Outcome only_bad;
    only_bad.status = sdk::Outcome::Status::ok;
    only_bad.findings.push_back(with("abuse@[127.0.0.1]"));
    core::gate_contacts(only_bad);
    CHECK(only_bad.findings.empty());
    CHECK(only_bad.status == sdk::Outcome::Status::no_data);
}

TEST_CASE("last gate: a message names only addresses that pass, display names cannot break "
          "a line",
          "[unit][mailbox][notice]") {
    using namespace core::notice;
    MailHeaders h;
    h.from = {"Example \"CSIRT\"\r\nBcc: spy@evil.test", "csirt@example.jp"};
    h.to = {{"", "abuse@example.net"}};
    h.subject = "s\r\nBcc: spy@evil.test";
    h.date = rfc5322_date(0);
    h.message_id = "x@example.jp";
    std::string m = message(h, "Content-Type: text/plain\r\n\r\nbody\r\n");
    CHECK_THAT(m, Catch::Contains("From: \"Example \\\"CSIRT\\\"  Bcc: spy@evil.test\" "
                                  "<csirt@example.jp>\r\n"));
    CHECK(m.find("\r\nBcc:") == std::string::npos);
    for (const char* bad : {"abuse@x.test>, <spy@evil.test", "abuse@x.test\r\nBcc: s@e.test",
                            "\"spy@evil.test\"@x.test", "abuse@mail.p\xD0\xB0ypal.com"}) {
        INFO(bad);
        MailHeaders b = h;
        b.to = {{"", bad}};
        CHECK_THROWS_AS(message(b, "x"), AddressRefused);
        b = h;
        b.cc = {{"", bad}};
        CHECK_THROWS_AS(message(b, "x"), AddressRefused);
        b = h;
        b.from = {"", bad};
        CHECK_THROWS_AS(message(b, "x"), AddressRefused);
    }
    CHECK(parse_mailbox("\"Example CSIRT\" <csirt@example.jp>").name == "Example CSIRT");
    CHECK(parse_mailbox("Example CSIRT <csirt@example.jp>").address == "csirt@example.jp");
    CHECK(parse_mailbox("csirt@example.jp").address == "csirt@example.jp");
}
