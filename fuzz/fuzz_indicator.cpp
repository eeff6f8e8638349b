// Indicators as users and logs write them: defanged, bracketed, IDN, every IP form.
#include "fuzz_common.hpp"
#include "indicator/input.hpp"
#include "indicator/parse.hpp"
#include "indicator/special.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string s = renraku::fuzz::text(data, size);
    renraku::core::refang(s);
    renraku::core::strip_context(s);
    auto parsed = renraku::core::parse_indicator(s);
    if (auto* ind = std::get_if<renraku::sdk::Indicator>(&parsed); ind && !ind->address.empty())
        renraku::core::special_purpose(ind->address, ind->prefix_len);
    return 0;
}
