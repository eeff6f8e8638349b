// NRTMv4 end to end, against the test world's nrtm.db.ripe.net (loopback HTTPS), with files a
// throw-away key signed: `mirror update` loads the snapshot, then applies the deltas — a role's
// abuse-mailbox changed, a network added, a network's abuse-c changed — and the next lookup
// says so; a notification whose signature fails, a delta whose hash is not the announced one,
// a replayed older notification and a damaged snapshot are refused with the mirror kept; the
// registry's announced next key takes over; a new session loads the new snapshot.

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
// What the world serves as https://nrtm.db.ripe.net/nrtmv4/RIPE/.
const fs::path kServed = fs::path(RENRAKU_TEST_BUILD_DIR) / "world-run" / "nrtm";
const std::string kPublish =
    std::string("/usr/bin/python3 ") + RENRAKU_TEST_SOURCE_DIR + "/tests/tools/nrtm_publish.py";
const std::string kSession1 = "0f6f3d5e-8c1b-4f7a-9a5e-2b1c3d4e5f60";
const std::string kSession2 = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";

std::string role_with(const std::string& mailbox) {
    return "role: Example Customer Abuse Desk\naddress: London GB\nnic-hdl: EXC1-RIPE\n"
           "abuse-mailbox: " +
           mailbox + "\nmnt-by: BTENT-MNT\nsource: RIPE # Filtered\n";
}

// Publishes a plan into the served folder (the folder emptied first: each plan is the whole
// publication, as the registry's is).
void publish(const fs::path& work, json plan) {
    fs::remove_all(kServed);
    fs::create_directories(kServed);
    if (!plan.contains("snapshot"))
        plan["snapshot"] = {
            {"version", 1},
            {"files",
             {(kSplit / "ripe.db.inetnum").string(), (kSplit / "ripe.db.role").string(),
              (kSplit / "ripe.db.organisation").string()}}};
    plan["source"] = "RIPE";
    if (!plan.contains("session_id")) plan["session_id"] = kSession1;
    if (!plan.contains("key")) plan["key"] = (work / "key1.pem").string();
    std::ofstream(work / "plan.json") << plan.dump(1);
    auto [rc, out] = test::run(kPublish + " publish '" + (work / "plan.json").string() +
                               "' --dir '" + kServed.string() + "'");
    INFO(out);
    REQUIRE(rc == 0);
}

const json kDelta2 = {
    {"version", 2},
    {"changes", {{{"action", "add_modify"}, {"object", role_with("cert@customer.example")}}}}};
const json kDelta3 = {
    {"version", 3},
    {"changes",
     {{{"action", "add_modify"},
       {"object", "inetnum: 62.239.238.128 - 62.239.238.255\nnetname: SECOND-CUSTOMER\n"
                  "abuse-c: EXC1-RIPE\nstatus: ASSIGNED PA\nsource: RIPE # Filtered\n"}},
      {{"action", "delete"}, {"object_class", "mntner"}, {"primary_key", "BTENT-MNT"}}}}};
// The customer's network now names another role as its abuse-c (the network's own attribute
// changed; the old role stays as it was).
const json kDelta4 = {
    {"version", 4},
    {"changes",
     {{{"action", "add_modify"},
       {"object", "role: Customer SOC\nnic-hdl: SOC1-RIPE\nabuse-mailbox: soc@customer.example\n"
                  "source: RIPE # Filtered\n"}},
      {{"action", "add_modify"},
       {"object", "inetnum: 62.239.238.0 - 62.239.238.127\nnetname: EXAMPLE-CUSTOMER\n"
                  "country: GB\nabuse-c: SOC1-RIPE\nadmin-c: EXC1-RIPE\nstatus: ASSIGNED PA\n"
                  "source: RIPE # Filtered\n"}}}}};

std::string to_of(const json& result) {
    for (const auto& c : result["contacts"])
        if (c.value("recommend", "") == "to") return c.value("email", std::string());
    return {};
}

} // namespace

TEST_CASE("NRTMv4: snapshot, deltas, refusals that keep the mirror, key rotation, new session",
          "[cli][mirror][nrtm]") {
    fs::path work = test::temp_dir("nrtm-work");
    for (const char* k : {"key1", "key2"}) {
        auto [rc, out] = test::run(
            kPublish + " keygen --kind " + (std::string(k) == "key1" ? "p256" : "ed25519") +
            " --private '" + (work / (std::string(k) + ".pem")).string() + "' --public '" +
            (work / (std::string(k) + ".pub")).string() + "'");
        REQUIRE(rc == 0);
    }
    fs::path config = work / "renraku.toml";
    std::ofstream(config) << test::world_config_text() << "\n[mirror]\nregistries = [\"ripe\"]\n"
                          << "dir = \"" << (work / "mirrors").string() << "\"\n"
                          << "nrtm_keys = { ripe = \"key1.pub\" }\n";
    auto update = [&] {
        return test::run_cli({"mirror", "update", "--registry", "ripe", "-c", config.string()});
    };
    auto to_for = [&](const std::string& address) {
        return to_of(test::lookup_json({address}, "ripe", config.string())[0]);
    };

    // The snapshot alone.
    publish(work, json::object());
    auto first = update();
    INFO(first.out << first.err);
    REQUIRE(first.exit_code == 0);
    CHECK_THAT(first.out, Catch::Contains("NRTMv4 snapshot of version 1: 3 networks, 4 contact "
                                          "objects"));
    CHECK_THAT(first.out, Catch::Contains("at NRTMv4 version 1 (0 deltas applied)"));
    CHECK(to_for("62.239.238.5") == "abuse@customer.example");
    auto status = test::run_cli({"mirror", "status", "-c", config.string()});
    CHECK_THAT(status.out, Catch::Contains("NRTMv4 version 1 of session " + kSession1));
    CHECK_THAT(status.out, Catch::Contains("answers lookups"));
    // Nothing of the download is left beside the mirror.
    for (const auto& e : fs::directory_iterator(work / "mirrors"))
        CHECK(e.path().filename() == "ripe.sqlite");

    // Two deltas: the role's abuse-mailbox changes, a network is added; an object the mirror
    // does not keep (a mntner) is passed over.
    publish(work, {{"deltas", {kDelta2, kDelta3}}});
    auto second = update();
    INFO(second.out << second.err);
    REQUIRE(second.exit_code == 0);
    CHECK_THAT(second.out, Catch::Contains("at NRTMv4 version 3 (2 deltas applied)"));
    CHECK(second.out.find("snapshot") == std::string::npos);
    auto after = test::run_cli({"lookup", "-c", config.string(), "-v", "-s", "ripe", "-f", "json",
                                "62.239.238.5", "62.239.238.200"});
    INFO(after.err);
    auto results = json::parse(after.out);
    CHECK(to_of(results[0]) == "cert@customer.example");
    CHECK(to_of(results[1]) == "cert@customer.example");
    CHECK(results[0]["contacts"][0]["evidence"][0]["transport"] == "mirror");
    CHECK(results[0]["contacts"][0]["evidence"][0]["serial"] == "3");
    CHECK(after.err.find("rdap.db.ripe.net") == std::string::npos);
    CHECK_THAT(update().out, Catch::Contains("up to date at NRTMv4 version 3"));

    // Refused, each keeping the mirror at version 3: a signature that does not verify, a delta
    // whose hash is not the one announced, a truncated delta, an older notification replayed.
    publish(work, {{"deltas", {kDelta2, kDelta3, kDelta4}}, {"tamper", "signature"}});
    auto forged = update();
    CHECK(forged.exit_code == 1);
    CHECK_THAT(forged.err, Catch::Contains("the signature does not verify"));
    CHECK_THAT(forged.err, Catch::Contains("the mirror is kept as it was"));
    publish(work, {{"deltas", {kDelta2, kDelta3, kDelta4}}, {"tamper", "delta-hash"}});
    auto bad_hash = update();
    CHECK(bad_hash.exit_code == 1);
    CHECK_THAT(bad_hash.err, Catch::Contains("the delta of version 4 does not have the hash"));
    CHECK_THAT(bad_hash.out, Catch::Contains("stopped at NRTMv4 version 3"));
    publish(work, {{"deltas", {kDelta2, kDelta3, kDelta4}}, {"tamper", "delta-truncated"}});
    CHECK(update().exit_code == 1);
    publish(work, {{"deltas", {kDelta2}}});
    auto replay = update();
    CHECK(replay.exit_code == 1);
    CHECK_THAT(replay.err, Catch::Contains("older than the mirror's 3"));
    CHECK(to_for("62.239.238.5") == "cert@customer.example");
    CHECK_THAT(test::run_cli({"mirror", "status", "-c", config.string()}).out,
               Catch::Contains("NRTMv4 version 3 of"));

    // The registry announces its next key, then signs with it.
    publish(work, {{"deltas", {kDelta2, kDelta3, kDelta4}},
                   {"next_signing_key", (work / "key2.pub").string()}});
    REQUIRE(update().exit_code == 0);
    CHECK(to_for("62.239.238.5") == "soc@customer.example");
    // The second customer's network still names the old role.
    CHECK(to_for("62.239.238.200") == "cert@customer.example");
    json delta5 = {{"version", 5},
                   {"changes",
                    {{{"action", "delete"},
                      {"object_class", "inetnum"},
                      {"primary_key", "62.239.238.128 - 62.239.238.255"}}}}};
    publish(work, {{"deltas", {kDelta2, kDelta3, kDelta4, delta5}},
                   {"key", (work / "key2.pem").string()}});
    auto rotated = update();
    INFO(rotated.out << rotated.err);
    CHECK(rotated.exit_code == 0);
    CHECK_THAT(rotated.out, Catch::Contains("signed with the next key the registry announced"));
    CHECK_THAT(rotated.out, Catch::Contains("at NRTMv4 version 5 (1 delta applied)"));
    // The removed network's addresses fall to the one around it (BT's, by its organisation).
    CHECK(to_for("62.239.238.200") == "protect@bt.com");

    // A new session whose snapshot is damaged: refused, the old mirror answers; then whole.
    json session2 = {{"session_id", kSession2},
                     {"key", (work / "key2.pem").string()},
                     {"snapshot",
                      {{"version", 7},
                       {"objects",
                        {"inetnum: 62.239.238.0 - 62.239.238.127\nnetname: MOVED\n"
                         "abuse-c: NEW1-RIPE\nsource: RIPE\n",
                         "role: New Desk\nnic-hdl: NEW1-RIPE\nabuse-mailbox: "
                         "abuse@new-holder.example\nsource: RIPE\n"}}}}};
    json damaged = session2;
    damaged["tamper"] = "snapshot-hash";
    publish(work, damaged);
    auto refused = update();
    CHECK(refused.exit_code == 1);
    CHECK_THAT(refused.err, Catch::Contains("the snapshot of version 7 does not have the hash"));
    CHECK(to_for("62.239.238.5") == "soc@customer.example");
    publish(work, session2);
    auto reloaded = update();
    INFO(reloaded.out << reloaded.err);
    CHECK(reloaded.exit_code == 0);
    CHECK_THAT(reloaded.out, Catch::Contains("NRTMv4 snapshot of version 7: 1 networks"));
    CHECK(to_for("62.239.238.5") == "abuse@new-holder.example");
    fs::remove_all(kServed);
}
