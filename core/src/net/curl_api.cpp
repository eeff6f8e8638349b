#include "curl_api.hpp"

#include <dlfcn.h>

#include <mutex>
#include <stdexcept>
#include <string>

namespace renraku::core::curl {

namespace {

template <class F> void bind(void* lib, const char* name, F& into) {
    void* f = dlsym(lib, name);
    if (f == nullptr) throw std::runtime_error(std::string("libcurl has no ") + name);
    into = reinterpret_cast<F>(f);
}

Api load() {
    // Kept for the life of the process: handles made from it may live until exit.
    void* lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
        const char* why = dlerror();
        throw std::runtime_error(std::string("cannot load libcurl.so.4: ") +
                                 (why != nullptr ? why : "unknown error"));
    }
    Api a{};
    bind(lib, "curl_easy_init", a.easy_init);
    bind(lib, "curl_easy_cleanup", a.easy_cleanup);
    bind(lib, "curl_easy_reset", a.easy_reset);
    bind(lib, "curl_easy_perform", a.easy_perform);
    bind(lib, "curl_easy_strerror", a.easy_strerror);
    bind(lib, "curl_easy_setopt", a.easy_setopt);
    bind(lib, "curl_easy_getinfo", a.easy_getinfo);
    bind(lib, "curl_slist_append", a.slist_append);
    bind(lib, "curl_slist_free_all", a.slist_free_all);
    decltype(&::curl_global_init) global_init = nullptr;
    bind(lib, "curl_global_init", global_init);
    global_init(CURL_GLOBAL_DEFAULT);
    return a;
}

} // namespace

const Api& api() {
    // A function-local static: made once, by the first thread that needs it; a failure is
    // thrown to that caller and tried again by the next.
    static const Api loaded = load();
    return loaded;
}

} // namespace renraku::core::curl
