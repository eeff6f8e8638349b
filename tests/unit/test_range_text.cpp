#include "indicator/range_text.hpp"

#include <catch2/catch.hpp>

using renraku::core::tidy_range;

TEST_CASE("ranges are written as CIDR where exact, compressed otherwise", "[output]") {
    CHECK(tidy_range("2001:240:: - 2001:240:ffff:ffff:ffff:ffff:ffff:ffff") == "2001:240::/32");
    CHECK(tidy_range("2001:0DB8:0000:0000:0000:0000:0000:0000 - 2001:0db8:0000:0000:ffff:ffff:ffff:ffff") ==
          "2001:db8::/64");
    CHECK(tidy_range("192.0.2.0 - 192.0.2.255") == "192.0.2.0/24");
    CHECK(tidy_range("0.0.0.0 - 255.255.255.255") == "0.0.0.0/0");
    CHECK(tidy_range("192.0.2.7 - 192.0.2.7") == "192.0.2.7/32");
    // Not one prefix: both ends kept, compressed.
    CHECK(tidy_range("2001:0db8:0000::1 - 2001:0db8:0000::0005") == "2001:db8::1 - 2001:db8::5");
    CHECK(tidy_range("192.0.2.0 - 192.0.3.127") == "192.0.2.0 - 192.0.3.127");
    CHECK(tidy_range("192.0.2.128 - 192.0.3.127") == "192.0.2.128 - 192.0.3.127");
    CHECK(tidy_range("2001:0db8:0:0::/48") == "2001:db8::/48");
    // Anything else is left as it was.
    CHECK(tidy_range("192.0.2.0/24") == "192.0.2.0/24");
    CHECK(tidy_range("AS64496 - AS64511") == "AS64496 - AS64511");
    CHECK(tidy_range("192.0.2.0 - 2001:db8::") == "192.0.2.0 - 2001:db8::");
    CHECK(tidy_range("example.test") == "example.test");
    CHECK(tidy_range(" - ") == " - ");
}
