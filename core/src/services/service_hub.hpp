#pragma once
// Every network service of one run, shared by all tasks: the answer cache, the politeness
// limiter, the resolver, the whois and HTTPS clients.

#include "../cache/answer_cache.hpp"
#include "../config/config.hpp"
#include "../config/data_layers.hpp"
#include "../dns/resolver.hpp"
#include "../ledger/mailbox_history.hpp"
#include "../net/bootstrap_data.hpp"
#include "../net/http_client.hpp"
#include "../net/limiter.hpp"
#include "../net/whois_client.hpp"
#include "../redis/client.hpp"
#include "mirror_service.hpp"
#include "question_log.hpp"

#include <memory>

namespace renraku::core {

/// How the run uses the cache that outlives it (the run's own memory cache is always used).
enum class CacheMode {
    use,     ///< read and write it
    refresh, ///< ask again, and keep the new answers (--refresh)
    off,     ///< neither (--no-cache)
    offline, ///< read it, and ask no server at all (--offline)
};

/// The configured cache that outlives the run; null for backend "none". Throws ConfigError
/// for a backend this build cannot use, cache::CacheError for a file it cannot open.
std::unique_ptr<cache::AnswerCache> open_shared_cache(const Config& config);

struct ServiceHub {
    explicit ServiceHub(const Config& config, CacheMode mode = CacheMode::use);

    std::vector<std::string> warnings;       // e.g. a cache file that could not be opened
    std::shared_ptr<redis::Pool> redis_pool; // the shared state's server, when one is used
    std::unique_ptr<cache::AnswerCache> cache;
    std::unique_ptr<net::Limiter> limiter;
    dns::Resolver resolver;
    net::WhoisClient whois;
    DataLayers data;      // renraku's data files: refreshed over shipped, or [data] dir
    std::string data_dir; // the bottom layer: shipped reference data, or [data] dir
    net::BootstrapData bootstrap;
    net::HttpClient http;
    MirrorService mirror; // the registries' databases, mirrored locally
    /// Where --verbose writes each question asked; null: nowhere. Set before a run.
    QuestionLog* question_log = nullptr;
    /// What came back from our notices, when a ledger exists: bounced and answering mailboxes.
    std::unique_ptr<Ledger> ledger;
    std::unique_ptr<ContactHistory> history; // over `ledger`; null without one
};

/// The ledger file of a config: [notice] ledger, else the default.
std::filesystem::path ledger_file(const Config& config);

} // namespace renraku::core
