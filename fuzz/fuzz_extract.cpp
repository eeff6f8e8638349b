// Free text evidence: log lines, mail headers, notes.
#include "extract/extract.hpp"
#include "fuzz_common.hpp"
#include "indicator/parse.hpp"

#include <cstdlib>
#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    renraku::core::Extractor ex(renraku::core::ExtractOptions{size > 0 && (data[0] & 1) != 0});
    std::istringstream in(renraku::fuzz::text(data, size));
    ex.read(in, "fuzz");
    // What is kept is parsed again in full for a lookup: it must give back the same indicator.
    for (const auto& e : ex.found()) {
        auto parsed = renraku::core::parse_value(e.value);
        const auto* ind = std::get_if<renraku::sdk::Indicator>(&parsed);
        if (ind == nullptr || ind->value != e.value || ind->type != e.type) std::abort();
    }
    return 0;
}
