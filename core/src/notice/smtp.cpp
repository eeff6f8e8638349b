#include "smtp.hpp"

#include "mime.hpp"

#include "../net/curl_api.hpp"
#include <cstring>

namespace renraku::core::notice {

namespace {

struct Upload {
    const std::string* data;
    std::size_t offset = 0;
};

std::size_t read_upload(char* buf, std::size_t size, std::size_t n, void* user) {
    auto* up = static_cast<Upload*>(user);
    std::size_t room = size * n;
    std::size_t left = up->data->size() - up->offset;
    std::size_t take = left < room ? left : room;
    std::memcpy(buf, up->data->data() + up->offset, take);
    up->offset += take;
    return take;
}

// The relay's URL, timeouts, TLS and login: the same for a message and for a greeting.
void set_connection(CURL* c, const SmtpOptions& options) {
    curl::easy_setopt(c, CURLOPT_URL, options.url.c_str());
    curl::easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl::easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout.count()));
    curl::easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.timeout.count()));
    curl::easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    long tls = options.starttls == "required" ? CURLUSESSL_ALL
               : options.starttls == "none"   ? CURLUSESSL_NONE
                                              : CURLUSESSL_TRY;
    curl::easy_setopt(c, CURLOPT_USE_SSL, tls);
    if (!options.ca_file.empty()) curl::easy_setopt(c, CURLOPT_CAINFO, options.ca_file.c_str());
    if (!options.user.empty()) {
        curl::easy_setopt(c, CURLOPT_USERNAME, options.user.c_str());
        curl::easy_setopt(c, CURLOPT_PASSWORD, options.password.c_str());
    }
}

} // namespace

std::string smtp_send(const SmtpOptions& options, const std::string& from,
                      const std::vector<std::string>& recipients, const std::string& message) {
    if (options.url.rfind("smtp://", 0) != 0 && options.url.rfind("smtps://", 0) != 0)
        return "notice.smtp_url \"" + options.url + "\" is not smtp:// or smtps://";
    if (recipients.empty()) return "no recipient";
    // The envelope is the last place an address could write an SMTP command: each one passes
    // the address rule again here, whatever wrote the message.
    std::string mail_from;
    std::vector<std::string> envelope;
    try {
        mail_from = "<" + gate_address(from, "envelope sender") + ">";
        for (const auto& r : recipients)
            envelope.push_back("<" + gate_address(r, "envelope recipient") + ">");
    } catch (const AddressRefused& e) {
        return e.what();
    }
    CURL* c = curl::easy_init();
    if (c == nullptr) return "cannot start libcurl";
    Upload up{&message};
    curl_slist* rcpt = nullptr;
    for (const auto& r : envelope)
        rcpt = curl::slist_append(rcpt, r.c_str());
    curl::easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl::easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl::easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
    curl::easy_setopt(c, CURLOPT_READDATA, &up);
    curl::easy_setopt(c, CURLOPT_UPLOAD, 1L);
    set_connection(c, options);
    CURLcode rc = curl::easy_perform(c);
    std::string error;
    if (rc != CURLE_OK) error = std::string(curl::easy_strerror(rc)) + " (" + options.url + ")";
    curl::slist_free_all(rcpt);
    curl::easy_cleanup(c);
    return error;
}

std::string smtp_check(const SmtpOptions& options) {
    if (options.url.rfind("smtp://", 0) != 0 && options.url.rfind("smtps://", 0) != 0)
        return "notice.smtp_url \"" + options.url + "\" is not smtp:// or smtps://";
    CURL* c = curl::easy_init();
    if (c == nullptr) return "cannot start libcurl";
    // The connection and the protocol's greeting, then nothing: no envelope, no message.
    curl::easy_setopt(c, CURLOPT_CONNECT_ONLY, 1L);
    set_connection(c, options);
    CURLcode rc = curl::easy_perform(c);
    std::string error;
    if (rc != CURLE_OK) error = std::string(curl::easy_strerror(rc)) + " (" + options.url + ")";
    curl::easy_cleanup(c);
    return error;
}

} // namespace renraku::core::notice
