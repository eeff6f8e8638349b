#include "mime.hpp"

#include "renraku/sdk/mailbox.hpp"
#include "renraku/sdk/text.hpp"

#include <cstdio>
#include <ctime>
#include <functional>

namespace renraku::core::notice {

namespace {

std::string boundary(const std::string& seed, const char* kind) {
    // Made from the content, so a message is written the same way twice; "=_" cannot occur in
    // base64 or in our headers, so the boundary never appears inside a part.
    char buf[64];
    std::snprintf(buf, sizeof buf, "=_renraku_%s_%016zx", kind, std::hash<std::string>{}(seed));
    return buf;
}

bool ascii(const std::string& s) {
    for (unsigned char c : s)
        if (c >= 0x80 || c < 0x20) return false;
    return true;
}

} // namespace

std::string base64(const std::string& data, bool wrap) {
    static const char* const kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve(data.size() * 4 / 3 + data.size() / 57 * 2 + 8);
    std::size_t line = 0;
    for (std::size_t i = 0; i < data.size(); i += 3) {
        unsigned v = static_cast<unsigned char>(data[i]) << 16;
        if (i + 1 < data.size()) v |= static_cast<unsigned char>(data[i + 1]) << 8;
        if (i + 2 < data.size()) v |= static_cast<unsigned char>(data[i + 2]);
        out.push_back(kAlphabet[(v >> 18) & 63]);
        out.push_back(kAlphabet[(v >> 12) & 63]);
        out.push_back(i + 1 < data.size() ? kAlphabet[(v >> 6) & 63] : '=');
        out.push_back(i + 2 < data.size() ? kAlphabet[v & 63] : '=');
        line += 4;
        if (wrap && line >= 76) {
            out += "\r\n";
            line = 0;
        }
    }
    if (wrap && line > 0) out += "\r\n";
    return out;
}

std::string crlf(const std::string& text) {
    std::string out;
    out.reserve(text.size() + text.size() / 40);
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\r') {
            out += "\r\n";
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string encode_header(const std::string& value) {
    if (ascii(value)) return value;
    // Encoded words of at most 75 characters, split between UTF-8 characters.
    std::string out;
    std::size_t i = 0;
    while (i < value.size()) {
        std::size_t take = 0;
        while (i + take < value.size() && take < 39) {
            std::size_t len = 1;
            auto c = static_cast<unsigned char>(value[i + take]);
            if (c >= 0xF0)
                len = 4;
            else if (c >= 0xE0)
                len = 3;
            else if (c >= 0xC0)
                len = 2;
            if (take + len > 39) break;
            take += len;
        }
        if (take == 0) take = 1;
        out += (out.empty() ? "" : "\r\n ") + std::string("=?UTF-8?B?") +
               base64(value.substr(i, take), false) + "?=";
        i += take;
    }
    return out;
}

std::string rfc5322_date(long long unix) {
    std::time_t t = static_cast<std::time_t>(unix);
    std::tm tm{};
    gmtime_r(&t, &tm);
    static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday],
                  tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                  tm.tm_sec);
    return buf;
}

std::string mime_entity(const std::string& text, const std::vector<Attachment>& attachments,
                        const std::string& seed) {
    std::string text_part = "Content-Type: text/plain; charset=UTF-8\r\n"
                            "Content-Transfer-Encoding: base64\r\n\r\n" +
                            base64(crlf(text), true);
    if (attachments.empty()) return text_part;
    std::string b = boundary(seed, "mixed");
    std::string out = "Content-Type: multipart/mixed; boundary=\"" + b + "\"\r\n\r\n";
    out += "--" + b + "\r\n" + text_part;
    for (const auto& a : attachments) {
        out += "--" + b + "\r\n";
        out += "Content-Type: " + a.content_type + "; name=\"" + a.filename + "\"\r\n";
        out += "Content-Disposition: attachment; filename=\"" + a.filename + "\"\r\n";
        out += "Content-Transfer-Encoding: base64\r\n\r\n";
        out += base64(a.data, true);
    }
    out += "--" + b + "--\r\n";
    return out;
}

std::string signed_entity(const std::string& entity, const std::string& signature,
                          const std::string& micalg, const std::string& seed) {
    std::string b = boundary(seed, "signed");
    std::string out = "Content-Type: multipart/signed; micalg=\"" + micalg +
                      "\"; protocol=\"application/pgp-signature\"; boundary=\"" + b +
                      "\"\r\n\r\n";
    out += "This is an OpenPGP/MIME signed message (RFC 3156).\r\n";
    out += "--" + b + "\r\n" + entity;
    // The CRLF before the boundary belongs to the boundary, not to the signed part (RFC 3156 §5).
    out += "\r\n--" + b + "\r\n";
    out += "Content-Type: application/pgp-signature; name=\"signature.asc\"\r\n"
           "Content-Description: OpenPGP digital signature\r\n"
           "Content-Disposition: attachment; filename=\"signature.asc\"\r\n\r\n";
    out += crlf(signature);
    out += "\r\n--" + b + "--\r\n";
    return out;
}

std::string encrypted_entity(const std::string& armored, const std::string& seed) {
    std::string b = boundary(seed, "encrypted");
    std::string out = "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; "
                      "boundary=\"" +
                      b + "\"\r\n\r\n";
    out += "This is an OpenPGP/MIME encrypted message (RFC 3156).\r\n";
    out += "--" + b + "\r\nContent-Type: application/pgp-encrypted\r\n"
                      "Content-Description: PGP/MIME version identification\r\n\r\nVersion: 1\r\n\r\n";
    out += "--" + b + "\r\nContent-Type: application/octet-stream; name=\"encrypted.asc\"\r\n"
                      "Content-Disposition: inline; filename=\"encrypted.asc\"\r\n\r\n";
    out += crlf(armored);
    out += "\r\n--" + b + "--\r\n";
    return out;
}

Mailbox parse_mailbox(const std::string& text) {
    auto named = sdk::split_named_address(text);
    return {std::move(named.name), std::move(named.address)};
}

std::string gate_address(const std::string& address, const std::string& what) {
    auto check = sdk::check_mailbox(address);
    if (!check.ok())
        throw AddressRefused(what + " address \"" + sdk::sanitize(address, 120) +
                             "\" is not a mailbox (" + check.refused + ")");
    if (!check.confusable.empty())
        throw AddressRefused(what + " address \"" + sdk::sanitize(address, 120) +
                             "\" is refused: " + check.confusable);
    return check.address;
}

std::string mailbox_header(const Mailbox& m) {
    std::string name;
    for (char c : m.name) // a display name is one line of text
        name.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c);
    name = std::string(sdk::trim_blanks(name));
    if (name.empty()) return m.address;
    if (!ascii(name)) return encode_header(name) + " <" + m.address + ">";
    // RFC 5322 phrase: atoms, or a quoted string with its quotes and backslashes escaped.
    std::string quoted = "\"";
    for (char c : name) {
        if (c == '"' || c == '\\') quoted.push_back('\\');
        quoted.push_back(c);
    }
    return quoted + "\" <" + m.address + ">";
}

std::string message(const MailHeaders& h, const std::string& entity) {
    auto list = [](const std::vector<Mailbox>& boxes, const char* what) {
        std::string out;
        for (std::size_t i = 0; i < boxes.size(); ++i) {
            Mailbox m = boxes[i];
            m.address = gate_address(m.address, what);
            std::string item = mailbox_header(m);
            // A long display name and its address on two lines (RFC 5322 §2.1.1: 78 a line).
            if (item.size() > 70 && item.back() == '>')
                item.replace(item.rfind(" <"), 2, "\r\n <");
            out += (i == 0 ? "" : ",\r\n ") + item;
        }
        return out;
    };
    if (h.to.empty()) throw AddressRefused("no To address");
    std::string out;
    out += "From: " + list({h.from}, "From") + "\r\n";
    out += "To: " + list(h.to, "To") + "\r\n";
    if (!h.cc.empty()) out += "Cc: " + list(h.cc, "Cc") + "\r\n";
    out += "Subject: " + encode_header(h.subject) + "\r\n";
    out += "Date: " + h.date + "\r\n";
    out += "Message-ID: <" + h.message_id + ">\r\n";
    for (const auto& [name, value] : h.extra)
        out += name + ": " + encode_header(value) + "\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += entity;
    return out;
}

} // namespace renraku::core::notice
