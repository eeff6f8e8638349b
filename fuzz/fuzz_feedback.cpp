// What comes back after a notice: delivery status notifications and replies.
#include "fuzz_common.hpp"
#include "ledger/ledger.hpp"
#include "notice/feedback.hpp"

namespace {
renraku::core::Ledger& ledger() {
    // An empty file is an empty SQLite database.
    static renraku::core::Ledger l(renraku::fuzz::scratch("ledger.sqlite", ""));
    return l;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    renraku::core::notice::read_returned(renraku::fuzz::text(data, size), ledger(), 0);
    return 0;
}
