// The address rule (sdk::check_mailbox, mailbox_from_uri), the registry kit's searches for
// addresses in text and in one field, and the last gate of a message's headers: whatever the
// input, what is accepted is one plain mailbox that passes again unchanged, and no header a
// message is written with can break its line.
#include "fuzz_common.hpp"
#include "notice/mime.hpp"
#include "renraku/registry/whois_text.hpp"
#include "renraku/sdk/mailbox.hpp"

#include <algorithm>
#include <cstdlib>

namespace {

void require(bool ok) {
    if (!ok) std::abort();
}

void accepted(const renraku::sdk::MailboxCheck& m) {
    if (!m.ok()) {
        require(!m.refused.empty());
        return;
    }
    const std::string& a = m.address;
    require(m.refused.empty());
    require(a.size() <= 254);
    require(std::count(a.begin(), a.end(), '@') == 1);
    for (unsigned char c : a)
        require(c > 0x20 && c < 0x7f && c != '"' && c != '<' && c != '>' && c != ',' &&
                c != '(' && c != ')' && c != '[' && c != ']' && c != '\\');
    // The address as sent is a fixed point of the rule, with the same verdict on lookalikes.
    auto again = renraku::sdk::check_mailbox(a);
    require(again.ok() && again.address == a && again.confusable == m.confusable);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string in = renraku::fuzz::text(data, size);
    accepted(renraku::sdk::check_mailbox(in));
    accepted(renraku::sdk::mailbox_from_uri(in));
    std::vector<std::string> refused;
    for (const auto& e : renraku::registry::find_emails(in, &refused))
        accepted(renraku::sdk::check_mailbox(e));
    require(refused.size() <= 16);
    if (auto e = renraku::registry::mailbox_of_field(in, &refused))
        accepted(renraku::sdk::check_mailbox(*e));
    // The last gate: a message is written only with addresses that pass, and then no header
    // line holds a bare CR or LF of the input's.
    using namespace renraku::core::notice;
    MailHeaders h;
    h.from = {in, "csirt@example.jp"};
    h.to = {{in, in}};
    h.subject = in;
    h.date = "Thu, 01 Jan 1970 00:00:00 +0000";
    h.message_id = "x@example.jp";
    try {
        std::string m = message(h, "");
        for (std::size_t i = 0; i < m.size(); ++i) {
            if (m[i] == '\n') require(i > 0 && m[i - 1] == '\r');
            if (m[i] == '\r') require(i + 1 < m.size() && m[i + 1] == '\n');
            // A line that continues a header starts with a blank; any other is a header name.
            if (m[i] == '\n' && i + 1 < m.size() && m[i + 1] != ' ')
                require(m.compare(i + 1, 3, "To:") == 0 || m.compare(i + 1, 8, "Subject:") == 0 ||
                        m.compare(i + 1, 5, "Date:") == 0 || m.compare(i + 1, 11, "Message-ID:") == 0 ||
                        m.compare(i + 1, 13, "MIME-Version:") == 0 || i + 1 == m.size());
        }
    } catch (const AddressRefused&) {
    }
    return 0;
}
