#include "renraku/sdk/reverse.hpp"
#include "renraku/sdk/text.hpp"

#include <catch2/catch.hpp>

using namespace renraku::sdk;

TEST_CASE("RNAME decodes per RFC 1035", "[text]") {
    CHECK(rname_to_email("hostmaster.example.jp") == "hostmaster@example.jp");
    CHECK(rname_to_email("hostmaster.example.jp.") == "hostmaster@example.jp");
    CHECK(rname_to_email("first\\.last.example.jp") == "first.last@example.jp");
    CHECK(rname_to_email("a\\.b\\.c.mail.example.jp") == "a.b.c@mail.example.jp");
    CHECK(rname_to_email("Admin.EXAMPLE.JP") == "Admin@example.jp");
    CHECK(rname_to_email("dns\\045admin.example.jp") == "dns-admin@example.jp");
    CHECK_FALSE(rname_to_email("example.jp")); // no local part left for a domain
    CHECK_FALSE(rname_to_email("."));
    CHECK_FALSE(rname_to_email(""));
    CHECK_FALSE(rname_to_email("bad\\027esc.example.jp")); // control byte in the local part
    CHECK_FALSE(rname_to_email("trailing\\"));
    CHECK_FALSE(rname_to_email("a..b.jp"));
    CHECK_FALSE(rname_to_email("x\\999.example.jp"));
}

TEST_CASE("split_dns_name undoes escapes and bounds labels", "[text]") {
    auto labels = split_dns_name("a\\.b.c");
    REQUIRE(labels);
    CHECK(*labels == std::vector<std::string>{"a.b", "c"});
    CHECK_FALSE(split_dns_name(std::string(64, 'a') + ".jp"));
    CHECK(split_dns_name(std::string(63, 'a') + ".jp"));
}

TEST_CASE("sanitize neutralises terminal escapes and bad bytes", "[text]") {
    CHECK(sanitize("plain text") == "plain text");
    CHECK(sanitize("日本語 OK") == "日本語 OK");
    CHECK(sanitize("\x1b[2Jclear") == "\\x1b[2Jclear");
    CHECK(sanitize("bell\x07") == "bell\\x07");
    CHECK(sanitize("csi \xc2\x9b"
                   "31m") == "csi \\u{9b}31m");
    CHECK(sanitize("bidi \xe2\x80\xae"
                   "x") == "bidi \\u{202e}x");
    CHECK(sanitize("bad \xff\xfe") == "bad \\xff\\xfe");
    CHECK(sanitize("overlong \xc0\xaf") == "overlong \\xc0\\xaf");
    CHECK(sanitize("cr\r\nlf") == "cr\\x0d\\x0alf");
    CHECK(sanitize("del\x7f") == "del\\x7f");
    auto cut = sanitize(std::string(100, 'x'), 10);
    CHECK(cut == std::string(10, 'x') + "…");
    for (int c = 0; c < 256; ++c) {
        std::string s(1, static_cast<char>(c));
        auto out = sanitize(s);
        for (unsigned char o : out)
            CHECK((o >= 0x20 && o != 0x7f));
    }
}

TEST_CASE("is_at_or_below compares whole labels", "[text]") {
    CHECK(is_at_or_below("www.example.jp", "example.jp"));
    CHECK(is_at_or_below("example.jp", "example.jp"));
    CHECK_FALSE(is_at_or_below("badexample.jp", "example.jp"));
    CHECK_FALSE(is_at_or_below("jp", "example.jp"));
}

TEST_CASE("reverse names for addresses and prefixes", "[text]") {
    CHECK(reverse_name("192.0.2.10", 32) == "10.2.0.192.in-addr.arpa");
    CHECK(reverse_name("192.0.2.0", 24) == "2.0.192.in-addr.arpa");
    CHECK(reverse_name("192.0.2.128", 26) == "2.0.192.in-addr.arpa");
    CHECK(reverse_name("10.0.0.0", 8) == "10.in-addr.arpa");
    CHECK(reverse_name("2001:db8:10::", 48) == "0.1.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
    CHECK(reverse_name("2001:db8::1", 128) ==
          "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
    CHECK_FALSE(reverse_name("not-an-address", 32));
}

TEST_CASE("a desk's web address from data is https with a host and nothing that starts a header",
          "[text]") {
    CHECK(is_https_address("https://abuse.cloudflare.com/"));
    CHECK(is_https_address("https://support.google.com/code/contact/cloud_platform_report"));
    CHECK(is_https_address(
        "https://api.cloudflare.com/client/v4/accounts/{account_id}/abuse-reports/{report_type}"));
    CHECK_FALSE(is_https_address("http://example.com/report"));
    CHECK_FALSE(is_https_address("javascript:alert(1)"));
    CHECK_FALSE(is_https_address("https://"));
    CHECK_FALSE(is_https_address("https:///path"));
    CHECK_FALSE(is_https_address("https://example.com/\r\nBcc: x@example.net"));
    CHECK_FALSE(is_https_address("https://example.com/a b"));
    CHECK_FALSE(is_https_address("https://example.com/\"><script>"));
    CHECK_FALSE(is_https_address("https://ex\xc3\xa4mple.com/"));
    CHECK_FALSE(is_https_address("https://example.com/" + std::string(2000, 'a')));
}
