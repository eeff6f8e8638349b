// NRTMv4's parts on their own: the notification's signature (ES256, Ed25519) and its rules,
// JSON text sequences (cut short, damaged, not JSON), the deltas' headers and changes, and a
// delta applied to a mirror: networks added between others and removed (their parents kept
// right), a role whose abuse-mailbox changes, the whole refused when one change is bad.

#include "mirror/jws.hpp"
#include "mirror/mirror_index.hpp"
#include "mirror/nrtm.hpp"

#include <catch2/catch.hpp>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <memory>

using namespace renraku::core::mirror;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
    fs::path dir = fs::temp_directory_path() / ("renraku-nrtm-unit-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::string b64url(const std::string& bytes) {
    static const char* abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                     (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                     static_cast<unsigned char>(bytes[i + 2]);
        for (int k = 18; k >= 0; k -= 6)
            out.push_back(abc[(v >> k) & 63]);
    }
    if (bytes.size() - i == 1) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        out.push_back(abc[(v >> 18) & 63]);
        out.push_back(abc[(v >> 12) & 63]);
    } else if (bytes.size() - i == 2) {
        unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                     (static_cast<unsigned char>(bytes[i + 1]) << 8);
        out.push_back(abc[(v >> 18) & 63]);
        out.push_back(abc[(v >> 12) & 63]);
        out.push_back(abc[(v >> 6) & 63]);
    }
    return out;
}

// A throw-away signing key, made here with OpenSSL.
struct TestKey {
    std::shared_ptr<EVP_PKEY> key;
    bool ec = false;
    explicit TestKey(bool p256) : ec(p256) {
        EVP_PKEY* k = p256 ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")
                           : EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
        REQUIRE(k != nullptr);
        key.reset(k, EVP_PKEY_free);
    }
    std::string public_pem() const {
        BIO* bio = BIO_new(BIO_s_mem());
        PEM_write_bio_PUBKEY(bio, key.get());
        char* data = nullptr;
        long n = BIO_get_mem_data(bio, &data);
        std::string pem(data, static_cast<std::size_t>(n));
        BIO_free(bio);
        return pem;
    }
    std::string sign(const std::string& input) const {
        EVP_MD_CTX* ctx = EVP_MD_CTX_new();
        REQUIRE(EVP_DigestSignInit(ctx, nullptr, ec ? EVP_sha256() : nullptr, nullptr, key.get()) ==
                1);
        std::size_t n = 0;
        REQUIRE(EVP_DigestSign(ctx, nullptr, &n,
                               reinterpret_cast<const unsigned char*>(input.data()),
                               input.size()) == 1);
        std::string sig(n, '\0');
        REQUIRE(EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &n,
                               reinterpret_cast<const unsigned char*>(input.data()),
                               input.size()) == 1);
        sig.resize(n);
        EVP_MD_CTX_free(ctx);
        if (!ec) return sig;
        // DER to the raw r || s that ES256 signs with.
        const unsigned char* p = reinterpret_cast<const unsigned char*>(sig.data());
        ECDSA_SIG* es = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size()));
        REQUIRE(es != nullptr);
        std::string raw(64, '\0');
        BN_bn2binpad(ECDSA_SIG_get0_r(es), reinterpret_cast<unsigned char*>(raw.data()), 32);
        BN_bn2binpad(ECDSA_SIG_get0_s(es), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
        ECDSA_SIG_free(es);
        return raw;
    }
    std::string jws(const std::string& payload, const std::string& header = "") const {
        std::string h =
            header.empty() ? (ec ? R"({"alg":"ES256"})" : R"({"alg":"EdDSA"})") : header;
        std::string input = b64url(h) + "." + b64url(payload);
        return input + "." + b64url(sign(input));
    }
};

const std::string kSession = "7b3bd4a6-9f41-4c5e-8d42-1c0a5b7e2f10";
const std::string kHash(64, 'a');

std::string notification(const std::string& extra = "", std::int64_t version = 3,
                         const std::string& deltas = R"([{"version":2,"url":"d2.json","hash":")" +
                                                     std::string(64, 'b') +
                                                     R"("},{"version":3,"url":"d3.json","hash":")" +
                                                     std::string(64, 'c') + R"("}])") {
    return R"({"nrtm_version":4,"type":"notification","source":"TEST","session_id":")" + kSession +
           R"(","version":)" + std::to_string(version) +
           R"(,"timestamp":"2026-12-05T07:00:00Z","snapshot":{"version":1,"url":"s1.json.gz","hash":")" +
           kHash + R"("},"deltas":)" + deltas + extra + "}";
}

void write_seq(const fs::path& file, const std::vector<std::string>& records, bool gz = false) {
    std::string text;
    for (const auto& r : records)
        text += "\x1e" + r + "\n";
    if (!gz) {
        std::ofstream(file, std::ios::binary) << text;
        return;
    }
    gzFile g = gzopen(file.c_str(), "wb");
    gzwrite(g, text.data(), static_cast<unsigned>(text.size()));
    gzclose(g);
}

std::string header(const std::string& type, std::int64_t version,
                   const std::string& session = kSession) {
    return R"({"nrtm_version":4,"type":")" + type + R"(","source":"TEST","session_id":")" +
           session + R"(","version":)" + std::to_string(version) + "}";
}

std::string object_record(const std::string& rpsl) {
    return nlohmann::json{{"object", rpsl}}.dump();
}

std::string add_modify(const std::string& rpsl) {
    return nlohmann::json{{"action", "add_modify"}, {"object", rpsl}}.dump();
}

} // namespace

TEST_CASE("the notification's signature: ES256 and Ed25519 verify, anything else is refused",
          "[nrtm]") {
    for (bool p256 : {true, false}) {
        TestKey key(p256), other(p256);
        std::string payload = notification();
        std::string why;
        auto got = verify_jws(key.jws(payload), key.public_pem(), why);
        REQUIRE(got);
        CHECK(*got == payload);
        CHECK_FALSE(verify_jws(key.jws(payload), other.public_pem(), why));
        CHECK_THAT(why, Catch::Contains("does not verify"));
        // One payload byte changed under the same signature.
        std::string jws = key.jws(payload);
        std::string forged =
            jws.substr(0, jws.find('.') + 1) + b64url(payload + " ") + jws.substr(jws.rfind('.'));
        CHECK_FALSE(verify_jws(forged, key.public_pem(), why));
        // A header the verifier must not pass over.
        std::string alg = p256 ? "ES256" : "EdDSA";
        CHECK_FALSE(verify_jws(key.jws(payload, R"({"alg":")" + alg + R"(","crit":["exp"]})"),
                               key.public_pem(), why));
        CHECK_THAT(why, Catch::Contains("critical"));
        CHECK_FALSE(verify_jws(key.jws(payload, R"({"alg":"none"})"), key.public_pem(), why));
        CHECK_FALSE(verify_jws(key.jws(payload, R"({"alg":"HS256"})"), key.public_pem(), why));
        // The algorithm must be the key's.
        CHECK_FALSE(verify_jws(key.jws(payload, p256 ? R"({"alg":"EdDSA"})" : R"({"alg":"ES256"})"),
                               key.public_pem(), why));
        CHECK_FALSE(verify_jws(jws + ".", key.public_pem(), why));
        CHECK_FALSE(verify_jws(jws, "not a key", why));
        CHECK_THAT(why, Catch::Contains("not a PEM public key"));
    }
    TestKey ed(false);
    std::string why;
    CHECK(verify_jws(ed.jws("{}", R"({"alg":"Ed25519"})"), ed.public_pem(), why));
}

TEST_CASE("base64url is strict and SHA-256 is the published hash", "[nrtm]") {
    CHECK(base64url_decode("aGVsbG8") == std::optional<std::string>("hello"));
    CHECK_FALSE(base64url_decode("aGVsbG8="));
    CHECK_FALSE(base64url_decode("aGV+bG8"));
    CHECK_FALSE(base64url_decode("a"));
    CHECK_FALSE(base64url_decode("aGVsbG9")); // a tail with bits left over
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    fs::path dir = scratch("hash");
    std::ofstream(dir / "f", std::ios::binary) << "abc";
    CHECK(sha256_file_hex(dir / "f") == sha256_hex("abc"));
    CHECK(sha256_file_hex(dir / "missing").empty());
}

TEST_CASE("the notification's rules", "[nrtm]") {
    std::string why;
    auto n = parse_notification(notification(R"(,"next_signing_key":"PEM")"), "TEST", why);
    REQUIRE(n);
    CHECK(n->version == 3);
    CHECK(n->session_id == kSession);
    CHECK(n->snapshot.url == "s1.json.gz");
    REQUIRE(n->deltas.size() == 2);
    CHECK(n->deltas[1].version == 3);
    CHECK(n->next_signing_key == "PEM");
    CHECK(n->time == 1796454000);

    CHECK_FALSE(parse_notification(notification(), "RIPE", why));
    CHECK_THAT(why, Catch::Contains("source is not RIPE"));
    CHECK_FALSE(parse_notification(notification("", 4), "TEST", why));
    CHECK_THAT(why, Catch::Contains("last delta"));
    std::string gap = R"([{"version":2,"url":"d2","hash":")" + kHash +
                      R"("},{"version":4,"url":"d4","hash":")" + kHash + R"("}])";
    CHECK_FALSE(parse_notification(notification("", 4, gap), "TEST", why));
    CHECK_THAT(why, Catch::Contains("contiguous"));
    std::string bad_hash = R"([{"version":2,"url":"d2","hash":"00"}])";
    CHECK_FALSE(parse_notification(notification("", 2, bad_hash), "TEST", why));
    CHECK_FALSE(parse_notification(notification("", 3, "[]"), "TEST", why));
    std::string text = notification();
    for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{
             {"2026-12-05T07:00:00Z", "2026-12-05 07:00:00"},
             {"\"nrtm_version\":4", "\"nrtm_version\":3"},
             {"\"type\":\"notification\"", "\"type\":\"snapshot\""},
             {kSession, "not-a-uuid"},
             {"\"version\":1", "\"version\":9"}}) {
        std::string changed = text;
        changed.replace(changed.find(from), from.size(), to);
        CHECK_FALSE(parse_notification(changed, "TEST", why));
    }
    CHECK_FALSE(parse_notification("[1,2]", "TEST", why));
    CHECK_FALSE(parse_notification("{", "TEST", why));
}

TEST_CASE("the files a notification names stay on its host", "[nrtm]") {
    std::string unf = "https://nrtm.example/nrtmv4/TEST/update-notification-file.jose";
    CHECK(nrtm_file_url(unf, "nrtm-delta.2.abc.json.gz") ==
          "https://nrtm.example/nrtmv4/TEST/nrtm-delta.2.abc.json.gz");
    CHECK(nrtm_file_url(unf, "https://nrtm.example/nrtmv4/TEST/x.json") ==
          "https://nrtm.example/nrtmv4/TEST/x.json");
    CHECK(nrtm_file_url(unf, "https://elsewhere.example/x.json").empty());
    CHECK(nrtm_file_url(unf, "https://nrtm.example.evil/x.json").empty());
    CHECK(nrtm_file_url(unf, "../../etc/passwd").empty());
    CHECK(nrtm_file_url(unf, "..").empty());
    CHECK(nrtm_file_url(unf, "http://nrtm.example/x").empty());
    CHECK(nrtm_file_url(unf, "file:///etc/passwd").empty());
}

TEST_CASE("JSON text sequences: gzip or plain, and what a damaged file says", "[nrtm]") {
    fs::path dir = scratch("seq");
    for (bool gz : {false, true}) {
        write_seq(dir / "ok", {header("snapshot", 1), object_record("role: A\nnic-hdl: A1\n")}, gz);
        JsonSeqReader r(dir / "ok");
        auto h = r.next();
        REQUIRE(h);
        CHECK((*h)["type"] == "snapshot");
        REQUIRE(r.next());
        CHECK_FALSE(r.next());
        CHECK(r.error().empty());
    }
    std::ofstream(dir / "cut", std::ios::binary) << "\x1e" << header("delta", 2) << "\n\x1e{\"ac";
    JsonSeqReader cut(dir / "cut");
    CHECK(cut.next());
    CHECK_FALSE(cut.next());
    CHECK_THAT(cut.error(), Catch::Contains("cut short"));
    std::ofstream(dir / "nors", std::ios::binary) << header("delta", 2) << "\n";
    JsonSeqReader nors(dir / "nors");
    CHECK_FALSE(nors.next());
    CHECK_THAT(nors.error(), Catch::Contains("record separator"));
    std::ofstream(dir / "notjson", std::ios::binary) << "\x1e{not json}\n";
    JsonSeqReader notjson(dir / "notjson");
    CHECK_FALSE(notjson.next());
    CHECK_THAT(notjson.error(), Catch::Contains("not JSON"));
    // A gzip file cut in the middle.
    std::vector<std::string> many{header("snapshot", 1)};
    for (int i = 0; i < 2000; ++i)
        many.push_back(object_record("role: R" + std::to_string(i) + "\nnic-hdl: R" +
                                     std::to_string(i) + "\n"));
    write_seq(dir / "whole.gz", many, true);
    std::ifstream in(dir / "whole.gz", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(dir / "half.gz", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    JsonSeqReader half(dir / "half.gz");
    int read = 0;
    while (half.next())
        ++read;
    CHECK(read < 2001);
    CHECK_FALSE(half.error().empty());
}

TEST_CASE("a delta: its header must match the notification, every change is checked first",
          "[nrtm]") {
    fs::path dir = scratch("delta");
    NrtmExpect expect{"delta", "TEST", kSession, 2};
    std::string why;
    write_seq(
        dir / "good",
        {header("delta", 2),
         R"({"action":"delete","object_class":"inetnum","primary_key":"10.0.0.0 - 10.0.0.255"})",
         add_modify("role: Desk\nnic-hdl: DESK1-TEST\nabuse-mailbox: a@example.net\n"),
         add_modify("route: 10.0.0.0/24\norigin: AS64500\n"),
         add_modify("inetnum: 10.9.0.0 - 10.9.0.255\nnetname: N\n")});
    auto changes = read_nrtm_delta(dir / "good", expect, why);
    INFO(why);
    REQUIRE(changes);
    REQUIRE(changes->size() == 3); // the route is not kept
    CHECK((*changes)[0].remove);
    CHECK((*changes)[0].key == "10.0.0.0 - 10.0.0.255");
    CHECK((*changes)[1].cls == "role");
    CHECK((*changes)[1].key == "DESK1-TEST");
    CHECK((*changes)[2].key == "10.9.0.0 - 10.9.0.255");

    write_seq(dir / "other-version", {header("delta", 3)});
    CHECK_FALSE(read_nrtm_delta(dir / "other-version", expect, why));
    CHECK_THAT(why, Catch::Contains("version"));
    write_seq(dir / "other-session", {header("delta", 2, "00000000-0000-4000-8000-000000000000")});
    CHECK_FALSE(read_nrtm_delta(dir / "other-session", expect, why));
    CHECK_THAT(why, Catch::Contains("session"));
    write_seq(dir / "snapshot", {header("snapshot", 2)});
    CHECK_FALSE(read_nrtm_delta(dir / "snapshot", expect, why));
    write_seq(dir / "bad-action", {header("delta", 2), R"({"action":"upsert"})"});
    CHECK_FALSE(read_nrtm_delta(dir / "bad-action", expect, why));
    CHECK_THAT(why, Catch::Contains("unknown action"));
    write_seq(dir / "no-key", {header("delta", 2), R"({"action":"delete","object_class":"role"})"});
    CHECK_FALSE(read_nrtm_delta(dir / "no-key", expect, why));
    write_seq(dir / "two-objects", {header("delta", 2), add_modify("role: A\n\nrole: B\n")});
    CHECK_FALSE(read_nrtm_delta(dir / "two-objects", expect, why));
}

TEST_CASE("a delta applied: networks added between others and removed, a role changed", "[nrtm]") {
    fs::path dir = scratch("apply");
    fs::path snap = dir / "snap.json";
    write_seq(snap,
              {header("snapshot", 1),
               object_record("inetnum: 10.0.0.0 - 10.255.255.255\nabuse-c: TOP1\nsource: TEST\n"),
               object_record("inetnum: 10.1.2.0 - 10.1.2.255\nnetname: LEAF\nsource: TEST\n"),
               object_record("inetnum: 10.1.9.0 - 10.1.9.255\nnetname: LEAF2\nsource: TEST\n"),
               object_record("role: Top\nnic-hdl: TOP1\nabuse-mailbox: abuse@top.example\n"),
               object_record("role: Mid\nnic-hdl: MID1\nabuse-mailbox: abuse@mid.example\n"),
               object_record("route: 10.0.0.0/8\norigin: AS64500\n")});
    auto reader =
        std::make_shared<NrtmSnapshotReader>(snap, NrtmExpect{"snapshot", "TEST", kSession, 1});
    ImportInput in{"snap.json",
                   [reader](std::string& error) {
                       auto o = reader->next();
                       if (!o && !reader->error().empty()) error = reader->error();
                       return o;
                   },
                   0};
    std::vector<ImportInput> inputs;
    inputs.push_back(std::move(in));
    fs::path file = dir / "test.sqlite";
    auto info = import_objects(file, "test", std::move(inputs), "1",
                               {{"nrtm_session", kSession}, {"nrtm_version", "1"}});
    CHECK(info.networks == 3);
    CHECK(info.objects == 2);
    CHECK(MirrorIndex(file).lookup("10.1.2.3")->text.find("abuse@top.example") !=
          std::string::npos);

    // A network between the top and the leaves: the leaves now inherit from it.
    auto applied = apply_changes(
        file,
        {MirrorChange{false, "inetnum", "10.1.0.0 - 10.1.255.255",
                      "inetnum: 10.1.0.0 - 10.1.255.255\nabuse-c: MID1\nsource: TEST\n"}},
        {{"nrtm_version", "2"}});
    CHECK(applied.added == 1);
    {
        MirrorIndex index(file);
        CHECK(index.info().networks == 4);
        CHECK(index.info().nrtm_version == "2");
        CHECK_THAT(index.lookup("10.1.2.3")->text, Catch::Contains("is 'abuse@mid.example'"));
        CHECK_THAT(index.lookup("10.1.9.1")->text, Catch::Contains("is 'abuse@mid.example'"));
        CHECK_THAT(index.lookup("10.2.0.1")->text, Catch::Contains("is 'abuse@top.example'"));
        // An address past the leaf but in the new network is answered by the new network.
        CHECK(index.lookup("10.1.3.1")->range == "10.1.0.0 - 10.1.255.255");
    }
    // The role's abuse-mailbox changes; then the middle network goes again.
    apply_changes(file,
                  {MirrorChange{false, "role", "MID1",
                                "role: Mid\nnic-hdl: MID1\nabuse-mailbox: new@mid.example\n"}},
                  {{"nrtm_version", "3"}});
    CHECK_THAT(MirrorIndex(file).lookup("10.1.2.3")->text, Catch::Contains("is 'new@mid.example'"));
    applied = apply_changes(file, {MirrorChange{true, "inetnum", "10.1.0.0 - 10.1.255.255", ""}},
                            {{"nrtm_version", "4"}});
    CHECK(applied.removed == 1);
    {
        MirrorIndex index(file);
        CHECK(index.info().networks == 3);
        CHECK_THAT(index.lookup("10.1.2.3")->text, Catch::Contains("is 'abuse@top.example'"));
        CHECK(index.lookup("10.1.3.1")->range == "10.0.0.0 - 10.255.255.255");
    }
    // A leaf removed: its addresses fall to the network around it; a role removed.
    apply_changes(file,
                  {MirrorChange{true, "inetnum", "10.1.2.0 - 10.1.2.255", ""},
                   MirrorChange{true, "role", "TOP1", ""}},
                  {{"nrtm_version", "5"}});
    {
        MirrorIndex index(file);
        auto hit = index.lookup("10.1.2.3");
        REQUIRE(hit);
        CHECK(hit->range == "10.0.0.0 - 10.255.255.255");
        CHECK(hit->text.find("Abuse contact") == std::string::npos);
        CHECK(index.info().objects == 1);
    }
    // A snapshot whose header is another session's is refused before any object.
    NrtmSnapshotReader wrong(snap, NrtmExpect{"snapshot", "TEST", kSession, 2});
    CHECK_FALSE(wrong.next());
    CHECK_THAT(wrong.error(), Catch::Contains("version"));
    CHECK_THROWS_AS(apply_changes(dir / "missing.sqlite", {}, {}), MirrorError);
}
