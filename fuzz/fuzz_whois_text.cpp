// Whois answers of address registries: RPSL objects, JPNIC's brackets, referrals, ranges,
// rate-limit refusals, charsets.
#include "fuzz_common.hpp"
#include "net/charset.hpp"
#include "net/whois_client.hpp"
#include "renraku/registry/whois_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string s = renraku::fuzz::text(data, size);
    namespace net = renraku::core::net;
    for (const char* charset : {"", "iso-2022-jp", "euc-jp", "shift_jis", "latin1"})
        net::decode_to_utf8(s, charset);
    net::find_referral(s, {{"ripe", "whois.ripe.net"}});
    net::find_range(s);
    net::rate_limit_line(s);
    renraku::registry::parse_whois_objects(s);
    renraku::registry::parse_bracketed(s);
    renraku::registry::find_emails(s);
    renraku::registry::abuse_contact_comment(s);
    renraku::registry::registry_date_days(s);
    return 0;
}
