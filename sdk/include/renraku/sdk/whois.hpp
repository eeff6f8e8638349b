#pragma once
/// @file whois.hpp
/// @brief The whois (TCP port 43) service the core hands to sources.
///
/// The core connects (honouring `network.connect_to`), sends the query, reads at most
/// `network.whois_max_bytes`, decodes the answer to UTF-8 from the server's charset, follows
/// referrals (`ReferralServer: whois://`, IANA's `refer:`, "transferred to" notes naming a
/// registry of the request's `transfer_names`) with a loop guard and a depth
/// limit, and keeps to each server's rate limit and concurrency cap. Identical questions are
/// asked once per run, and an answer is reused for every later address inside the network
/// range it describes.

#include <map>
#include <string>
#include <vector>

namespace renraku::sdk {

struct WhoisRequest {
    /// "whois.ripe.net" or "whois.ripe.net:43".
    std::string server;
    /// The bare question: an address, a prefix, "AS64496", a domain.
    std::string query;
    /// Query templates per server, "{}" standing for the question: {"whois.arin.net": "n + {}"}.
    /// Used for the first server and for every referral target; a server without one gets the
    /// bare question.
    std::map<std::string, std::string> templates;
    /// Charsets per server ("utf-8", "iso-8859-1", "iso-2022-jp", "euc-jp", "shift_jis");
    /// a server without one is read as UTF-8, with invalid bytes taken as ISO-8859-1.
    std::map<std::string, std::string> charsets;
    /// Names registries go by in "transferred to NAME" notes, lower case, with their whois
    /// servers: {"ripe ncc": "whois.ripe.net"}. A note naming none of them is not followed.
    std::map<std::string, std::string> transfer_names;
    /// Follow referrals to other servers.
    bool follow_referrals = true;
    /// For address questions: the address, so that a cached answer whose range covers it can
    /// be reused. Empty for other questions.
    std::string address;
};

enum class WhoisStatus {
    ok,
    timeout,      ///< connect or read took longer than network.timeout_ms
    unreachable,  ///< connection refused, no route, name not resolved
    rate_limited, ///< the server said so ("%ERROR:201", "Query rate limit exceeded"), or our own
                  ///< limit for it would be exceeded before the deadline
    too_large,    ///< more than the size cap; `text` holds what was read
    error,
};

/// @brief "ok", "timeout", ... for messages.
const char* whois_status_name(WhoisStatus s);

struct WhoisHop {
    std::string server; ///< host:port asked
    std::string query;  ///< exactly what was sent, without CRLF
};

struct WhoisAnswer {
    WhoisStatus status = WhoisStatus::error;
    std::string message; ///< for failures: one line naming the server
    std::string server;  ///< the server whose answer `text` is (the last one followed)
    std::string text;    ///< that answer, in UTF-8
    /// Every server asked, in order; more than one when referrals were followed.
    std::vector<WhoisHop> chain;
    /// The answers of the servers before the last, in UTF-8, in chain order.
    std::vector<std::string> earlier_texts;
    bool from_cache = false;
};

class Whois {
  public:
    virtual ~Whois() = default;
    /// @brief Ask a whois server. Never throws.
    virtual WhoisAnswer query(const WhoisRequest& request) = 0;
};

} // namespace renraku::sdk
