#pragma once
// What a delivery status code (RFC 3463) means, in our own words: a follow-up says why the
// earlier message did not arrive without quoting the remote server's diagnostic, which is
// another party's text and may say anything.

#include <string>
#include <string_view>

namespace renraku::core::notice {

/// The status code in a feedback detail ("status 5.1.1: smtp; 550 ..."), or empty.
std::string status_code_in(std::string_view detail);

/// What became of the earlier message, as a clause after "we wrote to X, but": "the message
/// could not be delivered: the mailbox does not exist (status 5.1.1)"; `lang` "ja" for
/// Japanese.
std::string delivery_failure_text(std::string_view detail, std::string_view lang);

/// "we have had no answer in 14 days".
std::string silence_text(int days, std::string_view lang);

} // namespace renraku::core::notice
