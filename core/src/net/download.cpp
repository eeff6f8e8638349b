#include "download.hpp"

#include "curl_api.hpp"

#include <cstdio>
#include <unistd.h>

namespace renraku::core::net {

namespace {

struct Sink {
    std::FILE* file = nullptr;
    std::uint64_t written = 0;
    std::uint64_t max = 0;
    bool overflow = false;
};

std::size_t on_data(char* data, std::size_t size, std::size_t n, void* user) {
    auto* sink = static_cast<Sink*>(user);
    std::size_t bytes = size * n;
    if (sink->written + bytes > sink->max) {
        sink->overflow = true;
        return 0;
    }
    if (std::fwrite(data, 1, bytes, sink->file) != bytes) return 0;
    sink->written += bytes;
    return bytes;
}

} // namespace

std::string download_file(const std::string& url, const std::filesystem::path& to,
                          const DownloadOptions& options, const ConnectTo& connect_to) {
    if (url.rfind("https://", 0) != 0) return url + ": only https:// is fetched";
    std::filesystem::path part = to;
    part += ".part-" + std::to_string(::getpid());
    Sink sink;
    sink.max = options.max_bytes;
    sink.file = std::fopen(part.c_str(), "wb");
    if (sink.file == nullptr) return "cannot write " + part.string();
    CURL* c = curl::easy_init();
    curl_slist* rules = nullptr;
    for (const auto& [from, target] : connect_to.rules()) {
        std::string rule = (from.host == "*" ? std::string() : from.host) + ":" +
                           std::to_string(from.port) + ":" +
                           (target.host.find(':') != std::string::npos ? "[" + target.host + "]"
                                                                       : target.host) +
                           ":" + std::to_string(target.port);
        rules = curl::slist_append(rules, rule.c_str());
    }
    curl::easy_setopt(c, CURLOPT_URL, url.c_str());
    curl::easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
    curl::easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
    curl::easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl::easy_setopt(c, CURLOPT_MAXREDIRS, 3L);
    curl::easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl::easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl::easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options.ca_file.empty()) curl::easy_setopt(c, CURLOPT_CAINFO, options.ca_file.c_str());
    if (rules != nullptr) curl::easy_setopt(c, CURLOPT_CONNECT_TO, rules);
    curl::easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.timeout.count()));
    // Given up when less than a byte a second comes for the timeout: a stall, not a slow line.
    curl::easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl::easy_setopt(c, CURLOPT_LOW_SPEED_TIME,
                      std::max(1L, static_cast<long>(options.timeout.count() / 1000)));
    curl::easy_setopt(c, CURLOPT_USERAGENT, "renraku");
    curl::easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl::easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    CURLcode rc = curl::easy_perform(c);
    long code = 0;
    curl::easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl::easy_cleanup(c);
    curl::slist_free_all(rules);
    bool closed = std::fclose(sink.file) == 0;
    std::string why;
    if (sink.overflow)
        why = url + ": larger than " + std::to_string(options.max_bytes) + " bytes";
    else if (rc != CURLE_OK)
        why = url + ": " + curl::easy_strerror(rc);
    else if (code != 200)
        why = url + ": HTTP " + std::to_string(code);
    else if (!closed)
        why = "cannot write " + part.string();
    std::error_code ec;
    if (!why.empty()) {
        std::filesystem::remove(part, ec);
        return why;
    }
    std::filesystem::rename(part, to, ec);
    if (ec) {
        std::filesystem::remove(part, ec);
        return "cannot put " + to.string() + " in place: " + ec.message();
    }
    return {};
}

} // namespace renraku::core::net
