#pragma once
// DNSSEC validation in process (libunbound): the run's questions go through a validating
// resolver that forwards to the configured DNS servers (or the system's), from the root's
// trust anchor (Debian's dns-root-data) or a configured one. c-ares answers when validation is
// off; with it on, libunbound asks and validates, and the same bounded parser reads its answer.

#include "renraku/sdk/dns.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

struct ub_ctx;
struct ub_result;

namespace renraku::core::dns {

/// The trust anchor used when none is configured: the root's, as Debian ships it.
inline constexpr const char* kRootAnchorFile = "/usr/share/dns/root.key";

struct ValidatorOptions {
    std::vector<std::string> servers; // "127.0.0.1:5353", "[::1]:53"; empty: /etc/resolv.conf
    std::string anchor_file;          // DS or DNSKEY records in zone-file form; empty: the root's
};

class Validator {
  public:
    /// Throws std::invalid_argument naming the setting when a server or the anchor is unusable.
    explicit Validator(const ValidatorOptions& options);
    ~Validator();
    Validator(const Validator&) = delete;
    Validator& operator=(const Validator&) = delete;

    /// Called on the resolver's thread, from process(), with the answer read and judged.
    using Done = std::function<void(sdk::DnsAnswer)>;
    /// Start a question; false (with `why`) when it cannot be asked at all.
    bool start(const std::string& name, sdk::RrType type, Done done, int& id, std::string& why);
    /// Stop waiting for a question; its Done is not called. False when it has already ended.
    bool cancel(int id);
    /// The descriptor that becomes readable when answers are waiting for process().
    int fd() const;
    void process();

    const std::string& server_label() const { return server_label_; }
    /// True once an answer showed that no chain of trust reaches the anchor at all (a resolver
    /// that strips DNSSEC records, a private world under the real root's anchor): answers are
    /// then indeterminate, not bogus, and one warning says which setting to change.
    bool anchor_unreachable() const { return anchor_state_ == AnchorState::unreachable; }

    struct Question; // public for the library's callback

    /// The answer read from libunbound's result; exposed for tests of the reading.
    sdk::DnsAnswer read_result(int err, ::ub_result* result, sdk::RrType asked);

  private:
    enum class AnchorState { unknown, reachable, unreachable };
    void check_anchor();

    void finished(Question* q, int err, ::ub_result* result);
    friend void on_validated(void* arg, int err, ::ub_result* result);

    ub_ctx* ctx_ = nullptr;
    std::map<int, std::unique_ptr<Question>> open_; // questions asked, by libunbound's id
    std::string server_label_;
    std::string anchor_file_;
    std::string anchor_owner_;
    AnchorState anchor_state_ = AnchorState::unknown;
};

/// The owner name of the first record in a trust-anchor file ("." for the root's), or empty.
std::string anchor_owner_of(const std::string& file);

} // namespace renraku::core::dns
