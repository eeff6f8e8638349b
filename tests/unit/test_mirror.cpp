// The mirror's parts on their own: the streaming RPSL reader (continuations, comments, bounds,
// damaged files), range keys, and the index's answers (most specific network, parents, the
// abuse contact's inheritance), as the registry's whois would compose them.

#include "mirror/mirror_index.hpp"
#include "mirror/rpsl_reader.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <zlib.h>

using namespace renraku::core::mirror;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
    fs::path dir = fs::temp_directory_path() / ("renraku-mirror-unit-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void write_gz(const fs::path& file, const std::string& text) {
    gzFile gz = gzopen(file.c_str(), "wb");
    REQUIRE(gz != nullptr);
    gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
    gzclose(gz);
}

} // namespace

TEST_CASE("the RPSL reader: objects, continuation lines, comments, gzip or plain", "[mirror]") {
    fs::path dir = scratch("reader");
    std::string text = "% comment at the top\n#another\n\n"
                       "inetnum:  192.0.2.0 - 192.0.2.255\n"
                       "descr:    first line\n"
                       "          second line\n"
                       "+         third line\n"
                       "abuse-c:  AB1-TEST # a trailing comment\n"
                       "source:   TEST\n"
                       "\n\n"
                       "role:     Abuse Desk\n"
                       "nic-hdl:  AB1-TEST\n"
                       "abuse-mailbox: abuse@example.net"; // no newline at the end
    write_gz(dir / "a.gz", text);
    std::ofstream(dir / "plain") << text;
    for (const char* name : {"a.gz", "plain"}) {
        RpslReader r(dir / name);
        auto first = r.next();
        REQUIRE(first);
        CHECK(first->cls == "inetnum");
        CHECK(first->key == "192.0.2.0 - 192.0.2.255");
        CHECK(first->first("descr") == "first line second line third line");
        CHECK(first->first("abuse-c") == "AB1-TEST");
        auto second = r.next();
        REQUIRE(second);
        CHECK(second->cls == "role");
        CHECK(second->first("abuse-mailbox") == "abuse@example.net");
        CHECK_FALSE(r.next());
        CHECK(r.error().empty());
    }
}

TEST_CASE("the RPSL reader: an object over the bound is skipped, a truncated file is an error",
          "[mirror]") {
    fs::path dir = scratch("bounds");
    std::string big = "role: huge\n";
    while (big.size() < RpslReader::kMaxObject + 100)
        big += "remarks: " + std::string(200, 'x') + "\n";
    write_gz(dir / "big.gz", big + "\nrole: small\nnic-hdl: S1\n");
    RpslReader r(dir / "big.gz");
    auto only = r.next();
    REQUIRE(only);
    CHECK(only->key == "small");
    CHECK(r.skipped() == 1);

    std::string many;
    for (int i = 0; i < 2000; ++i)
        many += "role: r" + std::to_string(i) + "\nnic-hdl: R" + std::to_string(i) + "\n\n";
    write_gz(dir / "whole.gz", many);
    std::ifstream in(dir / "whole.gz", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    std::ofstream(dir / "cut.gz", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    RpslReader cut(dir / "cut.gz");
    int read = 0;
    while (cut.next() && read < 5000)
        ++read;
    CHECK(read < 2000);
    CHECK_THAT(cut.error(), Catch::Contains("cut.gz"));
}

TEST_CASE("range keys: inetnum ranges, inet6num prefixes, and what is neither", "[mirror]") {
    std::string a, b;
    REQUIRE(range_keys("192.0.2.0 - 192.0.2.255", a, b));
    CHECK(a == address_key("192.0.2.0"));
    CHECK(b == address_key("192.0.2.255"));
    REQUIRE(range_keys("2001:db8::/32", a, b));
    CHECK(a == address_key("2001:db8::"));
    CHECK(b == address_key("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"));
    CHECK_FALSE(range_keys("192.0.2.255 - 192.0.2.0", a, b)); // backwards
    CHECK_FALSE(range_keys("2001:db8::/129", a, b));
    CHECK_FALSE(range_keys("nonsense", a, b));
    CHECK(address_key("not an address").empty());
}

TEST_CASE("the index: the most specific network, its parents, and the inherited abuse contact",
          "[mirror]") {
    fs::path dir = scratch("index");
    write_gz(dir / "test.db.inetnum.gz",
             "inetnum: 10.0.0.0 - 10.255.255.255\norg: ORG-P1\nsource: TEST\n\n"
             "inetnum: 10.1.0.0 - 10.1.255.255\nnetname: MIDDLE\nsource: TEST\n\n"
             "inetnum: 10.1.2.0 - 10.1.2.255\nnetname: LEAF\nabuse-c: LEAF1\nsource: TEST\n\n"
             "inetnum: 10.1.0.0 - 10.1.0.255\nnetname: SAME-START\nsource: TEST\n\n"
             "inetnum: 10.9.9.9 - 10.9.9.1\nnetname: BACKWARDS\n\n");
    write_gz(dir / "test.db.inet6num.gz",
             "inet6num: 2001:db8::/32\nmnt-irt: IRT-TEST\nsource: TEST\n");
    write_gz(dir / "test.db.role.gz",
             "role: Parent Abuse\nnic-hdl: PAB1\nabuse-mailbox: abuse@parent.example\n\n"
             "role: Leaf Abuse\nnic-hdl: LEAF1\nabuse-mailbox: abuse@leaf.example\n");
    write_gz(dir / "test.db.organisation.gz",
             "organisation: ORG-P1\norg-name: Parent\nabuse-c: PAB1\n");
    write_gz(dir / "test.db.irt.gz", "irt: IRT-TEST\nabuse-mailbox: irt@v6.example\n");
    auto info = import_mirror(dir / "test.sqlite", "test",
                              {dir / "test.db.inetnum.gz", dir / "test.db.inet6num.gz",
                               dir / "test.db.role.gz", dir / "test.db.organisation.gz",
                               dir / "test.db.irt.gz"},
                              "42");
    CHECK(info.networks == 5);
    CHECK(info.objects == 4);
    MirrorIndex index(dir / "test.sqlite");
    CHECK(index.info().serial == "42");

    auto leaf = index.lookup("10.1.2.3");
    REQUIRE(leaf);
    CHECK(leaf->range == "10.1.2.0 - 10.1.2.255");
    CHECK_THAT(leaf->text, Catch::Contains("% Abuse contact for '10.1.2.0 - 10.1.2.255' is "
                                           "'abuse@leaf.example'"));
    CHECK_THAT(leaf->text, Catch::Contains("nic-hdl: LEAF1"));
    // Past the leaf, and past the nearest range starting before it: the middle network, whose
    // abuse contact comes from the top network's organisation.
    auto middle = index.lookup("10.1.3.1");
    REQUIRE(middle);
    CHECK(middle->range == "10.1.0.0 - 10.1.255.255");
    CHECK_THAT(middle->text, Catch::Contains("is 'abuse@parent.example'"));
    // Two ranges from the same start: the smaller one that covers the address.
    auto same = index.lookup("10.1.0.7");
    REQUIRE(same);
    CHECK(same->range == "10.1.0.0 - 10.1.0.255");
    auto v6 = index.lookup("2001:db8:1::1");
    REQUIRE(v6);
    CHECK_THAT(v6->text, Catch::Contains("is 'irt@v6.example'"));
    CHECK_THAT(v6->text, Catch::Contains("irt: IRT-TEST"));
    CHECK_FALSE(index.lookup("192.0.2.1"));
    CHECK_FALSE(index.lookup("2001:db9::1"));
    CHECK_FALSE(index.lookup("garbage"));
}

TEST_CASE("the index: a failed import keeps the previous mirror, and a file that is not one is "
          "refused",
          "[mirror]") {
    fs::path dir = scratch("keep");
    write_gz(dir / "a.gz", "inetnum: 192.0.2.0 - 192.0.2.255\nsource: TEST\n");
    import_mirror(dir / "m.sqlite", "test", {dir / "a.gz"}, "1");
    std::ofstream(dir / "broken.gz", std::ios::binary) << "\x1f\x8b\x08garbage";
    CHECK_THROWS_AS(import_mirror(dir / "m.sqlite", "test", {dir / "broken.gz"}, "2"),
                    MirrorError);
    MirrorIndex kept(dir / "m.sqlite");
    CHECK(kept.info().serial == "1");
    CHECK(kept.lookup("192.0.2.9"));
    std::ofstream(dir / "not.sqlite") << "not a database";
    CHECK_THROWS_AS(MirrorIndex(dir / "not.sqlite"), MirrorError);
    // No leftovers of the failed import.
    for (const auto& e : fs::directory_iterator(dir))
        CHECK(e.path().filename().string().find(".importing-") == std::string::npos);
}
