// The workbench's API as a client may call it: a request line, headers, a blank line, a body;
// the token sometimes right. Routing, the token, JSON bodies, the path's percent-decoding, the
// plan made of client-given results, drafts of a pasted incident. No source is loaded: nothing
// is asked of a network. (The HTTP framing itself is cpp-httplib's.)
#include "fuzz_common.hpp"
#include "server/api.hpp"

#include <sstream>

namespace {

renraku::core::server::Workbench& bench() {
    static renraku::core::server::Workbench b = [] {
        renraku::core::Runtime rt;
        rt.config.cache.backend = "none";
        rt.config.notice.ledger = renraku::fuzz::scratch("ledger.sqlite", "");
        auto work = renraku::fuzz::scratch("work-marker", "").parent_path() / "work";
        return renraku::core::server::Workbench(std::move(rt), work);
    }();
    return b;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string input = renraku::fuzz::text(data, size);
    renraku::core::server::ApiRequest r;
    std::istringstream in(input);
    std::string line;
    std::getline(in, line);
    std::istringstream first(line);
    first >> r.method >> r.path;
    while (std::getline(in, line) && !line.empty() && r.headers.size() < 32) {
        auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string name = line.substr(0, colon);
        for (auto& c : name)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        r.headers[name] =
            line.substr(colon + 1 + (colon + 1 < line.size() && line[colon + 1] == ' '));
    }
    std::ostringstream rest;
    rest << in.rdbuf();
    r.body = rest.str();
    // Past the door (an input starting with '-' knocks without the token), the routes
    // themselves are fuzzed.
    if (input.empty() || input[0] != '-') r.headers["authorization"] = "Bearer FUZZTOKEN";
    if (r.headers.find("content-type") == r.headers.end())
        r.headers["content-type"] = "application/json";
    // Every pasted incident makes a folder: the work folder is emptied now and then.
    static unsigned runs = 0;
    if (++runs % 256 == 0) {
        std::error_code ec;
        std::filesystem::remove_all(bench().work() / "incidents", ec);
        std::filesystem::create_directories(bench().work() / "incidents", ec);
    }
    renraku::core::server::Api api(bench(), "FUZZTOKEN");
    if (api.wants_stream(r)) {
        api.stream_lookup(r, [](const std::string&) { return true; });
        return 0;
    }
    api.handle(r);
    return 0;
}
