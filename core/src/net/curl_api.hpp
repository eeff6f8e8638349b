#pragma once
// libcurl, loaded the first time a command asks something over HTTP or sends mail, not when the
// program starts: linking it makes every start load its TLS stack (about 11 ms of a 21 ms
// `renraku --help`). The calls keep libcurl's names under renraku::core::curl and its own types
// from <curl/curl.h>, so the compiler still checks each one.

#include <curl/curl.h>

namespace renraku::core::curl {

/// libcurl's functions, resolved once (thread-safe); throws std::runtime_error naming the
/// library when it cannot be loaded. curl_global_init has run when this returns.
struct Api {
    decltype(&::curl_easy_init) easy_init;
    decltype(&::curl_easy_cleanup) easy_cleanup;
    decltype(&::curl_easy_reset) easy_reset;
    decltype(&::curl_easy_perform) easy_perform;
    decltype(&::curl_easy_strerror) easy_strerror;
    CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
    decltype(&::curl_slist_append) slist_append;
    decltype(&::curl_slist_free_all) slist_free_all;
};
const Api& api();

inline CURL* easy_init() {
    return api().easy_init();
}
inline void easy_cleanup(CURL* c) {
    api().easy_cleanup(c);
}
inline void easy_reset(CURL* c) {
    api().easy_reset(c);
}
inline CURLcode easy_perform(CURL* c) {
    return api().easy_perform(c);
}
inline const char* easy_strerror(CURLcode rc) {
    return api().easy_strerror(rc);
}
template <class T> CURLcode easy_setopt(CURL* c, CURLoption option, T value) {
    return api().easy_setopt(c, option, value);
}
template <class T> CURLcode easy_getinfo(CURL* c, CURLINFO info, T* into) {
    return api().easy_getinfo(c, info, into);
}
inline curl_slist* slist_append(curl_slist* list, const char* text) {
    return api().slist_append(list, text);
}
inline void slist_free_all(curl_slist* list) {
    api().slist_free_all(list);
}

} // namespace renraku::core::curl
