#include "feed_update.hpp"

#include "../cache/answer_cache.hpp"
#include "../config/data_layers.hpp"
#include "../net/http_client.hpp"
#include "../net/limiter.hpp"
#include "../notice/draft_folder.hpp"
#include "../util/clock_text.hpp"
#include "feed_discover.hpp"
#include "feed_prefixes.hpp"
#include "renraku/sdk/text.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace fs = std::filesystem;

namespace renraku::core::workflow {

namespace {

// A feed is larger than a registry's answer (AWS's is some 2 MB, Azure's 4 MB): its own bound.
constexpr std::size_t kMaxFeedBytes = 64u << 20;

nlohmann::json read_json(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return nlohmann::json::object();
    auto j = nlohmann::json::parse(in, nullptr, false);
    return j.is_object() ? j : nlohmann::json::object();
}

// A catalogue's file name: inside the data folder, no way up and out.
bool safe_relative(const std::string& file) {
    return !file.empty() && file.front() != '/' && file.find("..") == std::string::npos &&
           file.rfind("platforms/ranges/", 0) == 0;
}

} // namespace

FeedUpdate update_feeds(const Config& config, net::Limiter& limiter, const fs::path& data,
                        std::ostream& out, std::ostream& err) {
    FeedUpdate result;
    DataLayers layers(config);
    fs::path catalogue_file = layers.find("platforms/feeds.json");
    std::error_code missing;
    if (!fs::is_regular_file(catalogue_file, missing)) {
        // A data folder of the user's own without one: nothing to fetch, nothing wrong.
        out << "  no feed catalogue (" << catalogue_file.string() << "): none fetched\n";
        return result;
    }
    nlohmann::json catalogue = read_json(catalogue_file);
    if (!catalogue.contains("feeds") || !catalogue["feeds"].is_array()) {
        err << "renraku: update-data: " << catalogue_file.string()
            << " is not a feed catalogue; no range feed fetched\n";
        ++result.failed;
        return result;
    }
    // Its own client: a feed's size bound, and no answer cache (a feed is kept as a file).
    auto cache = cache::make_memory_cache(1u << 20);
    net::HttpClient http(net::HttpOptions{std::chrono::milliseconds(config.network.timeout_ms * 4),
                                          kMaxFeedBytes, config.network.tls_ca_file, 3, false},
                         net::ConnectTo(config.network.connect_to), limiter, *cache, {});
    fs::path dir = data / "platforms" / "ranges";
    nlohmann::json fetched = read_json(dir / "fetched.json");
    const std::string today = utc_day(std::time(nullptr));
    for (const auto& feed : catalogue["feeds"]) {
        if (!feed.is_object()) continue;
        std::string name = sdk::sanitize(feed.value("name", std::string()), 60);
        std::string file = feed.value("file", std::string());
        if (name.empty() || !safe_relative(file)) continue;
        std::vector<std::string> urls;
        if (feed.contains("urls") && feed["urls"].is_array())
            for (const auto& u : feed["urls"])
                if (u.is_string() && u.get<std::string>().rfind("https://", 0) == 0)
                    urls.push_back(u.get<std::string>());
        std::string why;
        auto fetch = [&](const std::string& url) {
            return http.get({url, "*/*", ""},
                            net::HttpClient::Clock::now() +
                                std::chrono::milliseconds(config.network.timeout_ms * 6));
        };
        if (urls.empty()) {
            auto how = feed_discovery(feed);
            if (!how) {
                ++result.without_address;
                continue;
            }
            // The file's address changes with each file: the page that links it says which.
            auto page = fetch(how->page);
            if (page.status != sdk::HttpStatus::ok)
                why = "the page that links it, " + how->page + ": " +
                      (page.message.empty() ? std::string(sdk::http_status_name(page.status))
                                            : page.message);
            else if (auto link = newest_feed_link(page.body, *how))
                urls.push_back(*link);
            else
                why = how->page + ": links no file " + how->link_prefix + "...*" +
                      how->link_contains + "*" + how->link_suffix;
        }
        std::string body;
        for (const auto& url : urls) {
            if (!why.empty()) break;
            auto r = fetch(url);
            if (r.status != sdk::HttpStatus::ok) {
                why =
                    url + ": " +
                    (r.message.empty() ? std::string(sdk::http_status_name(r.status)) : r.message);
                break;
            }
            // Lists in two parts (Cloudflare's IPv4 and IPv6) are one list.
            if (!body.empty() && body.back() != '\n') body += "\n";
            body += r.body;
        }
        std::size_t prefixes = why.empty() ? count_feed_prefixes(body, feed_json_keys(feed)) : 0;
        if (why.empty() && prefixes == 0) why = urls.front() + ": holds no address prefix";
        if (!why.empty()) {
            err << "renraku: update-data: feed " << name << ": cannot fetch "
                << sdk::sanitize(why, 300) << "; its previous file stays\n";
            ++result.failed;
            continue;
        }
        std::error_code ec;
        fs::create_directories(dir, ec);
        try {
            notice::write_file_atomically(data / file, body);
        } catch (const std::exception& e) {
            err << "renraku: update-data: feed " << name << ": " << e.what() << "\n";
            ++result.failed;
            continue;
        }
        fetched[name] = today;
        ++result.fetched;
        out << "  feed " << name << ": " << prefixes << " prefixes";
        if (feed.contains("discover")) out << " (" << sdk::sanitize(urls.front(), 300) << ")";
        out << "\n";
    }
    if (result.fetched > 0) {
        try {
            notice::write_file_atomically(dir / "fetched.json", fetched.dump(1) + "\n");
        } catch (const std::exception& e) {
            err << "renraku: update-data: " << e.what() << "\n";
        }
    }
    return result;
}

} // namespace renraku::core::workflow
