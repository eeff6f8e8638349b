#include "net/charset.hpp"

#include <catch2/catch.hpp>
#include <string>

using renraku::core::net::decode_to_utf8;

namespace {
// "日本" in ISO-2022-JP: shift to JIS X 0208, two characters, and (when `close`) back to ASCII.
std::string nihon_iso2022jp(bool close) {
    std::string s = "\x1b$BF|K\\";
    if (close) s += "\x1b(B";
    return s;
}
} // namespace

TEST_CASE("Registry text decodes to UTF-8, and a converter used again starts afresh",
          "[charset]") {
    auto first = decode_to_utf8(nihon_iso2022jp(true) + " ok", "iso-2022-jp");
    CHECK(first.text == "\xE6\x97\xA5\xE6\x9C\xAC ok");
    CHECK(first.replaced == 0);
    // An answer cut off in the shifted state must not leave the next one shifted: "AB" read as
    // JIS X 0208 would not be "AB".
    auto cut = decode_to_utf8(nihon_iso2022jp(false), "iso-2022-jp");
    CHECK(cut.text == "\xE6\x97\xA5\xE6\x9C\xAC");
    auto plain = decode_to_utf8("AB", "iso-2022-jp");
    CHECK(plain.text == "AB");
    // The escape sequence announces ISO-2022-JP even when no charset was configured.
    CHECK(decode_to_utf8(nihon_iso2022jp(true), "").text == "\xE6\x97\xA5\xE6\x9C\xAC");
    // An undecodable byte becomes U+FFFD and is counted, and the next answer is unaffected.
    auto bad = decode_to_utf8("a\x81\xFF" "b", "shift_jis");
    CHECK(bad.replaced >= 1);
    CHECK(decode_to_utf8("\x93\xfa\x96\x7b", "shift_jis").text == "\xE6\x97\xA5\xE6\x9C\xAC");
}

TEST_CASE("More charsets than a thread keeps converters for still decode right", "[charset]") {
    const char* names[] = {"iso-8859-1", "euc-jp", "shift_jis", "iso-2022-jp", "iso-8859-2",
                           "iso-8859-5", "iso-8859-7", "koi8-r", "cp1252", "iso-8859-15"};
    for (int round = 0; round < 3; ++round)
        for (const char* name : names) {
            INFO(name);
            CHECK(decode_to_utf8("plain ascii", name).text == "plain ascii");
        }
    CHECK(decode_to_utf8("\xA4\xA2", "euc-jp").text == "\xE3\x81\x82"); // あ
    CHECK(decode_to_utf8("caf\xE9", "iso-8859-1").text == "caf\xC3\xA9");
    // Unknown to iconv: read as UTF-8 with Latin-1 for the bytes that are not.
    CHECK(decode_to_utf8("caf\xE9 \xC3\xA9", "no-such-charset").text == "caf\xC3\xA9 \xC3\xA9");
    CHECK(decode_to_utf8("caf\xE9 \xC3\xA9", "utf-8").text == "caf\xC3\xA9 \xC3\xA9");
}
