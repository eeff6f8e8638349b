// NRTMv4's readers: the first byte chooses what the rest is — a notification (as a JWS to
// verify, and as the JSON payload to check), a delta file (read, then applied to a small
// mirror), or a snapshot file (imported). Any bytes, plain or gzip.
#include "fuzz_common.hpp"
#include "mirror/jws.hpp"
#include "mirror/mirror_index.hpp"
#include "mirror/nrtm.hpp"

#include <filesystem>

namespace {

// A throw-away Ed25519 public key: the fuzzer cannot sign with it, but every path up to the
// signature check is taken.
const std::string kKey = "-----BEGIN PUBLIC KEY-----\n"
                         "MCowBQYDK2VwAyEAn11Ihwg8GflIMx2NNTWIqFUbJZfvhjGgwBNWUUABaB8=\n"
                         "-----END PUBLIC KEY-----\n";
const std::string kSession = "0f6f3d5e-8c1b-4f7a-9a5e-2b1c3d4e5f60";

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace renraku::core::mirror;
    if (size == 0) return 0;
    const std::string input = renraku::fuzz::text(data + 1, size - 1);
    std::string why;
    switch (data[0] % 3) {
    case 0: {
        (void)verify_jws(input, kKey, why);
        (void)verify_jws(input, input, why); // the input as the key, too
        if (auto n = parse_notification(input, "RIPE", why)) {
            (void)nrtm_file_url("https://nrtm.example/nrtmv4/RIPE/u.jose", n->snapshot.url);
            for (const auto& d : n->deltas)
                (void)nrtm_file_url("https://nrtm.example/nrtmv4/RIPE/u.jose", d.url);
        }
        break;
    }
    case 1: {
        auto file = renraku::fuzz::scratch("delta.json", input);
        try {
            auto changes = read_nrtm_delta(file, NrtmExpect{"delta", "RIPE", kSession, 2}, why);
            if (!changes) break;
            auto mirror = file.parent_path() / "fuzz-nrtm.sqlite";
            auto base = renraku::fuzz::scratch(
                "base.db", "inetnum: 10.0.0.0 - 10.255.255.255\nabuse-c: A1\n\n"
                           "inetnum: 10.1.0.0 - 10.1.255.255\n\nrole: A\nnic-hdl: A1\n"
                           "abuse-mailbox: a@example.net\n");
            import_mirror(mirror, "fuzz", {base}, "1");
            apply_changes(mirror, *changes, {{"nrtm_version", "2"}});
            MirrorIndex m(mirror);
            for (const char* a : {"10.1.2.3", "10.0.0.1", "2001:db8::1"})
                (void)m.lookup(a);
        } catch (const MirrorError&) {
        }
        break;
    }
    default: {
        auto file = renraku::fuzz::scratch("snapshot.json", input);
        try {
            NrtmSnapshotReader reader(file, NrtmExpect{"snapshot", "RIPE", kSession, 1});
            for (int i = 0; i < 10000 && reader.next(); ++i) {
            }
        } catch (const MirrorError&) {
        }
        break;
    }
    }
    return 0;
}
