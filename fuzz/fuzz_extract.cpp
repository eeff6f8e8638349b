// Free text evidence: log lines, mail headers, notes.
#include "extract/extract.hpp"
#include "fuzz_common.hpp"

#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    renraku::core::Extractor ex(renraku::core::ExtractOptions{size > 0 && (data[0] & 1) != 0});
    std::istringstream in(renraku::fuzz::text(data, size));
    ex.read(in, "fuzz");
    return 0;
}
