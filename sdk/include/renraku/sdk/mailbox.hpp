#pragma once
/// @file mailbox.hpp
/// @brief The one rule every e-mail address passes, where it enters (a source reports a
/// contact) and where it leaves (a notice's From, To, Cc and SMTP envelope).
///
/// Registry records, DNS answers and web pages are written by strangers: an address read from
/// them may hold line breaks that write SMTP commands, a second address in a comment or quoted
/// local part, a lookalike domain, or a literal IP. The rule is deliberately narrower than RFC
/// 5322: what a responder writes to is a plain mailbox, so anything else is refused by name and
/// never rewritten into something else.

#include <string>
#include <string_view>

namespace renraku::sdk {

/// @brief The verdict on one address.
struct MailboxCheck {
    /// The address as it is sent: the local part as written, `@`, the domain in lower-case ASCII
    /// (a Unicode domain in its IDNA A-label form). Empty when refused.
    std::string address;
    /// Why the address is refused ("local part longer than 64 octets"); empty when accepted.
    std::string refused;
    /// Set when the address is accepted but its domain mixes scripts or is made of letters that
    /// look like Latin ones ("mail.pаypal.com" with a Cyrillic "а"): kept and shown with this
    /// caveat, never recommended as a recipient.
    std::string confusable;

    bool ok() const { return !address.empty(); }
};

/// @brief Check one bare address (`local@domain`, blanks at either end ignored): an RFC 5321
/// dot-atom local part of at most 64 octets (no quoted strings, no comments, ASCII only), `@`,
/// and a host name with at least two labels (letters, digits, hyphens; IDNA for Unicode; no IP
/// literal, no all-numeric top label), at most 254 octets in all.
MailboxCheck check_mailbox(std::string_view text);

/// @brief The address of a `mailto:` URI (RFC 6068), or of a bare address: the scheme taken
/// off, everything from `?` dropped (no `cc=`/`bcc=`/`body=`), percent-escapes decoded, then
/// exactly one address by check_mailbox() (a list of addresses is refused).
MailboxCheck mailbox_from_uri(std::string_view uri);

/// @brief A display name and an address as one header value writes them: "Name <addr>",
/// "\"Name\" <addr>" or "addr". The address is not checked here.
struct NamedAddress {
    std::string name;
    std::string address;
};
NamedAddress split_named_address(std::string_view text);

} // namespace renraku::sdk
