#pragma once
// RFC 5322 messages with MIME (RFC 2045-2047), written by hand: UTF-8 text in base64 so that
// every line is 7-bit and a signature over it survives any relay (RFC 3156 §3), CRLF
// throughout, attachments as base64, non-ASCII headers as encoded words.

#include <stdexcept>
#include <string>
#include <vector>

namespace renraku::core::notice {

struct Attachment {
    std::string filename;
    std::string content_type; // "text/plain; charset=UTF-8", "text/csv; charset=UTF-8"
    std::string data;
};

/// A name and an address: `Example CSIRT <csirt@example.jp>`.
struct Mailbox {
    std::string name; // the display name; empty: the address alone
    std::string address;
};

/// An address the last gate refuses: the message is not written.
class AddressRefused : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// "Name <addr>", "\"Name\" <addr>" or "addr" as a Mailbox; the address is not checked here.
Mailbox parse_mailbox(const std::string& text);

/// The last gate for every address a message names (From, To, Cc) and the SMTP envelope:
/// sdk::check_mailbox() accepts it and it is not a lookalike; else AddressRefused naming `what`
/// ("To") and the address. Returns the address as it is sent.
std::string gate_address(const std::string& address, const std::string& what);

struct MailHeaders {
    Mailbox from;
    std::vector<Mailbox> to;
    std::vector<Mailbox> cc;
    std::string subject;
    std::string date;       // RFC 5322 date
    std::string message_id; // without <>
    std::vector<std::pair<std::string, std::string>> extra;
};

/// The MIME entity (headers and body) of a text with attachments: multipart/mixed, or the text
/// part alone when there are none.
std::string mime_entity(const std::string& text, const std::vector<Attachment>& attachments,
                        const std::string& boundary_seed);

/// multipart/signed (RFC 3156 §5) of an entity and its detached armored signature.
std::string signed_entity(const std::string& entity, const std::string& signature,
                          const std::string& micalg, const std::string& boundary_seed);

/// multipart/encrypted (RFC 3156 §4) of armored encrypted data.
std::string encrypted_entity(const std::string& armored, const std::string& boundary_seed);

/// A whole message: the top headers, then the entity. Every address passes gate_address()
/// (AddressRefused otherwise); display names are quoted or written as encoded words, and no
/// header value can break its line.
std::string message(const MailHeaders& h, const std::string& entity);

/// One address header's value: `name <address>` with the name quoted or encoded as needed.
std::string mailbox_header(const Mailbox& m);

/// "=?UTF-8?B?...?=" words for a header value that is not ASCII; the value itself otherwise.
std::string encode_header(const std::string& value);

std::string base64(const std::string& data, bool wrap);

/// "Tue, 25 Nov 2026 03:14:07 +0000" for Unix seconds.
std::string rfc5322_date(long long unix);

/// Lines ended by CRLF, whatever they were ended by.
std::string crlf(const std::string& text);

} // namespace renraku::core::notice
