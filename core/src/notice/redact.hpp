#pragma once
// Minimal first disclosure: before anything leaves, our own addresses and host names (and the
// host field of our syslog lines), our users' names, and every other recipient's indicators are
// replaced by labels, the same label for the same thing throughout one notice. What each label
// hides is our own record (notice.json), never part of what is sent.

#include "../indicator/ours.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace renraku::core::notice {

class Redactor {
  public:
    /// `ours`: our prefixes, domains and short host names. `others`: indicators of other
    /// recipients, shown to this one as "[another party]". `user_names`: replace user names.
    /// Addresses of private networks (RFC 1918, CGN, loopback, link-local, unique-local) are
    /// always labelled "[internal address N]": in our logs they are our inside, whatever
    /// [site] says, and mean nothing to anyone else.
    Redactor(Ours ours, std::set<std::string> others, bool user_names);

    /// Free text (a description, an excerpt).
    std::string apply(const std::string& text);
    /// A log line: its syslog host field too.
    std::string apply_log_line(const std::string& line);

    /// What was replaced, for the dry run and our own record: original -> label.
    const std::map<std::string, std::string>& replaced() const { return labels_; }

  private:
    std::string label_for(const std::string& token);
    std::string new_label(const std::string& key, const char* kind, int& counter);
    std::string users(const std::string& text);
    std::string tokens(const std::string& text, int depth);

    Ours ours_;
    std::set<std::string> others_;
    bool user_names_;
    std::map<std::string, std::string> labels_; // lower-case original -> label
    int next_address_ = 1;
    int next_internal_ = 1;
    int next_host_ = 1;
    int next_mailbox_ = 1;
    int next_user_ = 1;
};

/// True when `indicator` (an address, host name, URL or e-mail address) is one of ours per
/// `ours` (prefixes, addresses, domains).
bool is_ours(const std::vector<std::string>& ours, const std::string& indicator);

} // namespace renraku::core::notice
