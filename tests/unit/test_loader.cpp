#include "harness.hpp"
#include "plugin/loader.hpp"

#include <catch2/catch.hpp>

using namespace renraku;

TEST_CASE("the in-tree plugins load and describe themselves", "[loader]") {
    auto soa = core::load_plugin(test::plugin_path("dns_soa"));
    REQUIRE(soa.refused.empty());
    CHECK(soa.info.name == "dns_soa");
    CHECK(soa.info.version == "1.1.0");
    CHECK((soa.info.types & sdk::bit(sdk::IndicatorType::ipv6)) != 0);
    auto rfc = core::load_plugin(test::plugin_path("rfc2142"));
    REQUIRE(rfc.refused.empty());
    CHECK(rfc.info.name == "rfc2142");
}

TEST_CASE("a plugin built for another ABI is refused before its factory runs", "[loader]") {
    // Its factory calls abort(): reaching it would end this test program.
    auto p = core::load_plugin(test::extra_plugin_path("abi_mismatch"));
    CHECK_THAT(p.refused, Catch::Contains("ABI mismatch"));
    CHECK_THAT(p.refused, Catch::Contains(std::string("expected \"") + core::core_abi() + "\""));
    CHECK_THAT(p.refused, Catch::Contains("found \"renraku-sdk/1 gcc-9 libstdc++-cxx11\""));
    CHECK_THAT(p.refused, Catch::Contains("abi_mismatch.so"));
    CHECK_FALSE(p.factory);
}

TEST_CASE("a library that is not a plugin, or not a library, is refused", "[loader]") {
    auto p = core::load_plugin(test::extra_plugin_path("not_a_plugin"));
    CHECK_THAT(p.refused, Catch::Contains("not a renraku plugin"));
    auto junk = test::write_temp_config("this is not ELF", "junk.so");
    auto q = core::load_plugin(junk);
    CHECK_THAT(q.refused, Catch::Contains("load error"));
}

TEST_CASE("scanning folders loads each plugin once and refuses duplicates", "[loader]") {
    auto plugins =
        core::load_plugins({RENRAKU_TEST_PLUGIN_BUILD_DIR, RENRAKU_TEST_PLUGIN_BUILD_DIR});
    int ok = 0;
    int dup = 0;
    for (const auto& p : plugins) {
        if (p.refused.empty()) ++ok;
        if (p.refused.find("duplicate source name") != std::string::npos) ++dup;
    }
    CHECK(ok == dup);
    CHECK(ok >= 2);
}

TEST_CASE("a plugin assigned over another lets the old factory go before the old library",
          "[loader]") {
    // Were the old library released first, the old factory's destructor would run in code
    // that is no longer mapped, and this test program would end with a fault.
    auto first = core::load_plugin(test::plugin_path("dns_soa"));
    auto second = core::load_plugin(test::plugin_path("rfc2142"));
    REQUIRE(first.refused.empty());
    REQUIRE(second.refused.empty());
    first = std::move(second);
    CHECK(first.info.name == "rfc2142");
    REQUIRE(first.factory);
    CHECK(first.factory->info().name == "rfc2142"); // the code behind it is still there
}
