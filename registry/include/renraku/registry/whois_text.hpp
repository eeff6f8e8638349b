#pragma once
/// @file whois_text.hpp
/// @brief Reading registry whois text: RPSL and ARIN key-value blocks, JPNIC's bracketed
/// fields, e-mail addresses inside free text.

#include "renraku/registry/kit.hpp"
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace renraku::registry {

/// @brief One object (a block of "key: value" lines). Keys keep their case as written.
struct WhoisObject {
    std::vector<std::pair<std::string, std::string>> attributes;

    /// @brief The object's class: the key of its first attribute, lower case ("inetnum",
    /// "netrange").
    std::string type() const;
    /// @brief The first value of `key` (compared case-insensitively), or empty.
    std::string get(std::string_view key) const;
    /// @brief Every value of `key`.
    std::vector<std::string> all(std::string_view key) const;
    bool has(std::string_view key) const { return !get(key).empty(); }
};

/// @brief Split RPSL (RIPE, APNIC, AFRINIC, LACNIC) or ARIN text into objects. Lines starting
/// with '%' or '#' are comments; a blank line ends an object; a line starting with white space
/// or '+' continues the previous value. Bounded: at most 10,000 objects.
std::vector<WhoisObject> parse_whois_objects(std::string_view text);

/// @brief JPNIC's layout: "a. [Network Number]   133.1.0.0/16" and "[Last Update]  ...";
/// the key is the text in brackets. One object for the whole answer.
WhoisObject parse_bracketed(std::string_view text);

/// @brief Every e-mail address in a piece of text, in order, without duplicates, each as
/// sdk::check_mailbox() gives it (domain in lower case, A-labels for Unicode).
/// "Please send abuse to abuse@Example.NET." -> {"abuse@example.net"}. Each word holding an @ is
/// taken whole or not at all: a word the address rule refuses is never cut down to a part that
/// passes; with `refused`, it is named there with why (at most 16 of them).
std::vector<std::string> find_emails(std::string_view text,
                                     std::vector<std::string>* refused = nullptr);

/// @brief The one address a field holds (a vCard `email`, a whois `abuse-mailbox:` or
/// `OrgAbuseEmail:`, an abuse header): its whole value, a `mailto:` taken off, by the address
/// rule; a value that is not exactly one address (a list, a line break, a second address in a
/// quoted local part or a comment) is refused whole and named in `refused` (at most 16). A value
/// with no @ ("not published") is nullopt and not said.
std::optional<std::string> mailbox_of_field(std::string_view value,
                                            std::vector<std::string>* refused = nullptr);

/// @brief RIPE-style "% Abuse contact for 'RANGE' is 'MAILBOX'": the range and the mailbox as
/// written (for mailbox_of_field(), which holds it to the one-address rule).
std::optional<std::pair<std::string, std::string>> abuse_contact_comment(std::string_view text);

/// @brief A date in a registry's usual forms ("2014-06-24T12:09:51Z", "2013-05-09",
/// "20140716", "2015/01/14 11:50:03(JST)") as days since 1970-01-01; nullopt when not a date.
std::optional<long> registry_date_days(std::string_view text);

} // namespace renraku::registry
