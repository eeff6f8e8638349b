#pragma once
/// @file channel.hpp
/// @brief Recording how a piece of evidence travelled.
///
/// A contact read from a forged answer sends a notice to whoever forged it, so every evidence
/// entry says over which channel it came: verified HTTPS, clear-text whois, DNS (and what
/// DNSSEC validation said), or shipped data. Call the helper for the answer a finding was read
/// from; the core scores and shows the channel (a DNSSEC-bogus answer is never a recipient).

#include "renraku/sdk/dns.hpp"
#include "renraku/sdk/finding.hpp"
#include "renraku/sdk/http.hpp"
#include "renraku/sdk/outcome.hpp"

#include <string>

namespace renraku::sdk {

/// @brief Evidence read from a DNS answer.
void note_channel(Evidence& e, const DnsAnswer& answer);
/// @brief Evidence read from a zone's SOA (find_zone).
void note_channel(Evidence& e, const ZoneInfo& zone);
/// @brief Evidence read from an HTTP(S) answer.
void note_channel(Evidence& e, const HttpResponse& response);
/// @brief Evidence read from a whois (port 43, clear text) answer.
void note_whois_channel(Evidence& e);
/// @brief Evidence read from a data file (shipped, or refreshed by update-data).
void note_data_channel(Evidence& e, const std::string& file, const std::string& date);

/// @brief For a source that answered over whois although the registry also serves RDAP over
/// HTTPS: every whois finding gets the clear_text_whois signal (the core adds the caveat).
void mark_clear_text(Outcome& out);

/// @brief True for a channel that authenticates what it carried: HTTPS with a verified
/// certificate, a DNSSEC-secure answer, shipped or mirrored data.
bool authenticated(const Evidence& e);

/// @brief The weaker of two validations along one path: bogus > indeterminate > insecure >
/// secure. A chain is only as trustworthy as its weakest answer.
Dnssec weaker(Dnssec a, Dnssec b);

} // namespace renraku::sdk
