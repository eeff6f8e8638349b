// Local mirrors of the registries' databases, end to end: `mirror update --from DIR` imports the
// RIPE NCC's split files (gzipped, as published), `mirror status` says what each mirror holds,
// and a lookup answers from a fresh mirror without asking the registry — with the same `to` as
// the live answer — while a range it lacks, or a stale mirror, is asked live. A damaged file
// leaves the previous mirror in use.

#include "cli_runner.hpp"
#include "harness.hpp"
#include "notice_world.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace renraku;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path kSplit = fs::path(RENRAKU_TEST_SOURCE_DIR) / "tests/data/synthetic/mirror/ripe";

// The split files gzipped into a folder, under the names the RIPE NCC publishes.
fs::path published_files(const std::string& name) {
    fs::path dir = test::temp_dir(name);
    for (const char* f : {"ripe.db.inetnum", "ripe.db.role", "ripe.db.organisation"}) {
        auto [rc, out] = test::run("gzip -c '" + (kSplit / f).string() + "' > '" +
                                   (dir / (std::string(f) + ".gz")).string() + "'");
        REQUIRE(rc == 0);
    }
    fs::copy_file(kSplit / "RIPE.CURRENTSERIAL", dir / "RIPE.CURRENTSERIAL");
    return dir;
}

fs::path mirror_config(const fs::path& dir, int max_age_hours = 24) {
    fs::path file = dir / "renraku.toml";
    std::ofstream(file) << test::world_config_text() << "\n[mirror]\nregistries = [\"ripe\"]\n"
                        << "max_age_hours = " << max_age_hours << "\ndir = \""
                        << (dir / "mirrors").string() << "\"\n";
    return file;
}

std::string to_of(const json& result) {
    for (const auto& c : result["contacts"])
        if (c.value("recommend", "") == "to") return c.value("email", std::string());
    return {};
}

} // namespace

TEST_CASE("mirror update imports the published files, and a lookup answers from the mirror with "
          "no question, and agrees with the live answer",
          "[cli][mirror]") {
    fs::path files = published_files("mirror-files");
    fs::path work = test::temp_dir("mirror-work");
    fs::path config = mirror_config(work);
    auto update = test::run_cli({"mirror", "update", "--registry", "ripe", "--from",
                                 files.string(), "-c", config.string()});
    INFO(update.out << update.err);
    REQUIRE(update.exit_code == 0);
    CHECK_THAT(update.out, Catch::Contains("mirror ripe: 3 networks, 4 contact objects, serial "
                                           "2026120401"));
    auto status = test::run_cli({"mirror", "status", "-c", config.string()});
    CHECK_THAT(status.out, Catch::Contains("ripe: 3 networks"));
    CHECK_THAT(status.out, Catch::Contains("answers lookups"));
    CHECK_THAT(status.out, Catch::Contains("apnic: no mirror"));

    // Mirrored: no question to the RIPE NCC at all.
    auto run = test::run_cli({"lookup", "-c", config.string(), "-v", "-s", "ripe", "-f", "json",
                              "62.239.237.1", "62.239.238.5"});
    INFO(run.err);
    auto mirrored = json::parse(run.out);
    CHECK_THAT(run.err, Catch::Contains("mirror ripe \"62.239.237.1\" -> found, serial 2026120401"));
    CHECK(run.err.find("rdap.db.ripe.net") == std::string::npos);
    CHECK(run.err.find("whois ") == std::string::npos);
    CHECK(to_of(mirrored[0]) == "protect@bt.com");
    // The abuse contact inherited from the parent's organisation; a customer's own abuse-c.
    CHECK(to_of(mirrored[1]) == "abuse@customer.example");
    const auto& ev = mirrored[0]["contacts"][0]["evidence"][0];
    CHECK(ev["transport"] == "mirror");
    CHECK(ev["serial"] == "2026120401");
    CHECK_THAT(ev["data_file"].get<std::string>(), Catch::Contains("ripe.db.inetnum.gz"));
    CHECK_FALSE(ev["data_date"].get<std::string>().empty());

    // The live answer (no mirror) names the same abuse contact.
    auto live = test::lookup_json({"62.239.237.1"}, "ripe", RENRAKU_TEST_WORLD_CONFIG);
    CHECK(to_of(live[0]) == to_of(mirrored[0]));

    // A range the mirror lacks is asked live, and says so.
    auto lacking = test::run_cli({"lookup", "-c", config.string(), "-s", "ripe",
                                  "2a00:2381:ffff::1"});
    CHECK_THAT(lacking.out, Catch::Contains("the mirror of ripe has no network for "
                                            "2a00:2381:ffff::1: asked live"));
    CHECK_THAT(lacking.out, Catch::Contains("To: "));
}

TEST_CASE("a stale mirror is not used, and a damaged file leaves the previous mirror in use",
          "[cli][mirror]") {
    fs::path files = published_files("mirror-stale-files");
    fs::path work = test::temp_dir("mirror-stale");
    // Files from three days ago, over a one-day limit.
    for (const auto& e : fs::directory_iterator(files))
        fs::last_write_time(e.path(),
                            fs::file_time_type::clock::now() - std::chrono::hours(72));
    fs::path config = mirror_config(work, 24);
    REQUIRE(test::run_cli({"mirror", "update", "--from", files.string(), "--registry", "ripe",
                           "-c", config.string()})
                .exit_code == 0);
    auto status = test::run_cli({"mirror", "status", "-c", config.string()});
    CHECK_THAT(status.out, Catch::Contains("stale (over max_age_hours 24): asked live"));
    auto run = test::run_cli({"lookup", "-c", config.string(), "-s", "ripe", "62.239.237.1"});
    CHECK_THAT(run.out, Catch::Contains("hours old, over mirror.max_age_hours (24): asked live"));

    // A truncated inetnum file: refused, named, and the previous mirror kept.
    std::string whole = test::read_file(files / "ripe.db.inetnum.gz");
    std::ofstream(files / "ripe.db.inetnum.gz", std::ios::binary | std::ios::trunc)
        << whole.substr(0, whole.size() / 2);
    auto damaged = test::run_cli({"mirror", "update", "--from", files.string(), "--registry",
                                  "ripe", "-c", config.string()});
    CHECK(damaged.exit_code == 1);
    CHECK_THAT(damaged.err, Catch::Contains("ripe.db.inetnum.gz"));
    CHECK_THAT(damaged.err, Catch::Contains("the previous mirror of ripe is kept"));
    auto after = test::run_cli({"mirror", "status", "-c", config.string()});
    CHECK_THAT(after.out, Catch::Contains("ripe: 3 networks"));

    // Bad input: one clear line each.
    auto unknown = test::run_cli({"mirror", "update", "--registry", "arin", "--from",
                                  files.string(), "-c", config.string()});
    CHECK(unknown.exit_code == 2);
    CHECK_THAT(unknown.err, Catch::Contains("--registry arin: not a registry renraku can mirror"));
    auto nowhere = test::run_cli({"mirror", "update", "--from", "/nonexistent/folder", "-c",
                                  config.string()});
    CHECK(nowhere.exit_code == 2);
    CHECK_THAT(nowhere.err, Catch::Contains("not a folder"));
}

TEST_CASE("mirror update downloads the registry's published files over HTTPS", "[cli][mirror]") {
    // The test world serves ftp.ripe.net's split folder and serial file (on loopback).
    fs::path work = test::temp_dir("mirror-download");
    fs::path config = mirror_config(work);
    auto update =
        test::run_cli({"mirror", "update", "--registry", "ripe", "-c", config.string()});
    INFO(update.out << update.err);
    REQUIRE(update.exit_code == 0);
    CHECK_THAT(update.out, Catch::Contains("mirror ripe: 3 networks, 4 contact objects, serial "
                                           "2026120401"));
    // Nothing of the download is left beside the mirror.
    for (const auto& e : fs::directory_iterator(work / "mirrors"))
        CHECK(e.path().filename() == "ripe.sqlite");
    auto run = test::lookup_json({"62.239.238.5"}, "ripe", config.string());
    CHECK(to_of(run[0]) == "abuse@customer.example");
    // A folder URL that does not hold the files: named, and the mirror kept.
    auto missing = test::run_cli({"mirror", "update", "--registry", "ripe", "--from",
                                  "https://ftp.ripe.net/elsewhere/", "-c", config.string()});
    CHECK(missing.exit_code == 1);
    CHECK_THAT(missing.err, Catch::Contains("https://ftp.ripe.net/elsewhere/ripe.db.inetnum.gz: "
                                            "HTTP 404"));
    CHECK_THAT(missing.err, Catch::Contains("its previous mirror stays"));
    CHECK_THAT(test::run_cli({"mirror", "status", "-c", config.string()}).out,
               Catch::Contains("ripe: 3 networks"));
}

TEST_CASE("the next day's files change a network's abuse contact: the next lookup says so",
          "[cli][mirror]") {
    fs::path files = published_files("mirror-next-day");
    fs::path work = test::temp_dir("mirror-next-day-work");
    fs::path config = mirror_config(work);
    REQUIRE(test::run_cli({"mirror", "update", "--registry", "ripe", "--from", files.string(),
                           "-c", config.string()})
                .exit_code == 0);
    auto before = test::lookup_json({"62.239.238.5"}, "ripe", config.string());
    CHECK(to_of(before[0]) == "abuse@customer.example");
    // The customer's role now names another abuse mailbox, and the serial moves on.
    std::string roles = test::read_file(kSplit / "ripe.db.role");
    auto at = roles.find("abuse@customer.example");
    REQUIRE(at != std::string::npos);
    roles.replace(at, std::string("abuse@customer.example").size(), "cert@customer.example");
    fs::path edited = files / "ripe.db.role";
    std::ofstream(edited) << roles;
    REQUIRE(test::run("gzip -f '" + edited.string() + "'").first == 0);
    std::ofstream(files / "RIPE.CURRENTSERIAL") << "2026120501\n";
    auto update = test::run_cli({"mirror", "update", "--registry", "ripe", "--from",
                                 files.string(), "-c", config.string()});
    CHECK_THAT(update.out, Catch::Contains("serial 2026120501"));
    auto after = test::lookup_json({"62.239.238.5"}, "ripe", config.string());
    CHECK(to_of(after[0]) == "cert@customer.example");
    CHECK(after[0]["contacts"][0]["evidence"][0]["serial"] == "2026120501");
}
