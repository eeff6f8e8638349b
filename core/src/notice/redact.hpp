#pragma once
// Minimal first disclosure: before anything leaves, our own addresses and host names, user
// names, and every other recipient's indicators are replaced by labels, the same label for the
// same thing throughout one notice.

#include <map>
#include <set>
#include <string>
#include <vector>

namespace renraku::core::notice {

class Redactor {
  public:
    /// `ours`: prefixes, addresses and domains never disclosed. `others`: indicators of other
    /// recipients, shown to this one as "[another party]".
    Redactor(const std::vector<std::string>& ours, std::set<std::string> others,
             bool user_names);

    std::string apply(const std::string& text);
    /// What was replaced, for the dry run: original -> label.
    const std::map<std::string, std::string>& replaced() const { return labels_; }

  private:
    std::string label_for(const std::string& token);
    std::string users(const std::string& text);

    struct Prefix {
        std::string start;
        std::string end;
    };
    std::vector<Prefix> prefixes_;
    std::vector<std::string> domains_;
    std::set<std::string> others_;
    bool user_names_;
    std::map<std::string, std::string> labels_;
    int next_address_ = 1;
    int next_host_ = 1;
};

/// True when `indicator` (an address or host name) is one of ours per `ours`.
bool is_ours(const std::vector<std::string>& ours, const std::string& indicator);

} // namespace renraku::core::notice
