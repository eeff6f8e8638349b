// Indicators as users and logs write them: defanged, bracketed, IDN, every IP form.
#include "fuzz_common.hpp"
#include "indicator/input.hpp"
#include "indicator/parse.hpp"
#include "indicator/special.hpp"

#include <cstdlib>

namespace {

using renraku::sdk::Indicator;

// Extraction parses to the value only; a lookup parses the value it kept again, in full. The
// first must accept what a full parse accepts, with its value and type, and the second must
// come to the full parse's indicator.
void check_depths(const std::string& s, const renraku::core::ParseResult& full) {
    auto light = renraku::core::parse_indicator(s, renraku::core::ParseDepth::value);
    const auto* f = std::get_if<Indicator>(&full);
    const auto* l = std::get_if<Indicator>(&light);
    if ((f == nullptr) != (l == nullptr)) std::abort();
    if (f == nullptr) return;
    if (l->value != f->value || l->type != f->type || l->host != f->host ||
        l->address != f->address)
        std::abort();
    // What a lookup of an extracted value works from.
    auto again = renraku::core::parse_value(f->value);
    const auto* a = std::get_if<Indicator>(&again);
    if (a == nullptr || a->value != f->value || a->type != f->type || a->host != f->host ||
        a->host_unicode != f->host_unicode || a->address != f->address ||
        a->prefix_len != f->prefix_len || a->asn != f->asn || a->registrable != f->registrable ||
        a->registered != f->registered)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string s = renraku::fuzz::text(data, size);
    renraku::core::refang(s);
    renraku::core::strip_context(s);
    auto parsed = renraku::core::parse_indicator(s);
    if (auto* ind = std::get_if<Indicator>(&parsed); ind && !ind->address.empty()) {
        renraku::core::special_purpose(ind->address, ind->prefix_len);
        renraku::core::special_purpose_kind(ind->address, ind->prefix_len);
    }
    check_depths(s, parsed);
    return 0;
}
