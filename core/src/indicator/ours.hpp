#pragma once
// What is ours: our prefixes and addresses, our domains (and every name under them), and the
// short host names our logs write. Our own addresses and names are context in a log, never
// another party to tell, and never disclosed ([site] in the config, and an incident's
// [policy] redact).

#include <string>
#include <string_view>
#include <vector>

namespace renraku::core {

class Ours {
  public:
    Ours() = default;
    /// `entries`: prefixes ("203.0.113.0/24"), addresses and domains ("corp.example.jp");
    /// `hosts`: short host names ("bastion").
    explicit Ours(const std::vector<std::string>& entries,
                  const std::vector<std::string>& hosts = {});

    /// Add a prefix, an address or a domain; false when it is none of them.
    bool add(std::string_view entry);
    void add_host(std::string_view short_name);

    /// An address inside one of our prefixes.
    bool address(std::string_view text) const;
    /// A name at or below one of our domains, or one of our short host names (alone, or as the
    /// first label of a name).
    bool name(std::string_view host) const;
    /// An address, prefix, host name, URL or e-mail address of ours (a URL's or mailbox's host
    /// decides).
    bool contains(std::string_view indicator) const;
    /// Ours for certain, to leave out of lookups: as contains(), but a short host name only
    /// alone ("bastion"), not as the first label of another's name ("mx1.isp.example").
    bool owns(std::string_view indicator) const;
    /// One of our short host names, exactly.
    bool short_host(std::string_view word) const;

    bool empty() const { return prefixes_.empty() && domains_.empty() && hosts_.empty(); }
    const std::vector<std::string>& domains() const { return domains_; }
    const std::vector<std::string>& hosts() const { return hosts_; }

  private:
    bool contains(std::string_view indicator, bool first_label) const;

    struct Range {
        std::string start; // address bytes
        std::string end;
    };
    std::vector<Range> prefixes_;
    std::vector<std::string> domains_; // lower case
    std::vector<std::string> hosts_;   // lower case
};

/// A prefix or address as its first and last address bytes; false when it is none.
bool prefix_range(std::string_view text, std::string& start, std::string& end);

} // namespace renraku::core
