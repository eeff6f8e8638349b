// The mirror's readers: a registry's published RPSL file (plain or gzip, any bytes), imported
// into an index, then answered from; and range keys from any text.
#include "fuzz_common.hpp"
#include "mirror/mirror_index.hpp"
#include "mirror/rpsl_reader.hpp"

#include <filesystem>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace renraku::core::mirror;
    const std::string input = renraku::fuzz::text(data, size);
    auto file = renraku::fuzz::scratch("ripe.db.inetnum.gz", input);
    try {
        RpslReader reader(file);
        for (int i = 0; i < 10000 && reader.next(); ++i) {
        }
    } catch (const std::exception&) {
    }
    auto index = file.parent_path() / "fuzz-mirror.sqlite";
    try {
        import_mirror(index, "fuzz", {file}, "1");
        MirrorIndex m(index);
        for (const char* a : {"192.0.2.1", "2001:db8::1", "0.0.0.0", "255.255.255.255"})
            (void)m.lookup(a);
    } catch (const MirrorError&) {
    } catch (const std::runtime_error&) {
    }
    std::string first, last;
    (void)range_keys(input.substr(0, 100), first, last);
    return 0;
}
