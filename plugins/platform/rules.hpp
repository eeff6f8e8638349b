#pragma once
// Platform rules: a host-name suffix or a URL pattern -> the platform whose desk acts on a
// tenant's content there. Read from the shipped rules.json and the user's own file.

#include <cstddef>
#include <string>
#include <vector>

namespace platform {

struct Rule {
    std::string platform;
    std::string kind;                  // "hosting", "cdn", "cloud", "shortener", ...
    std::vector<std::string> suffixes; // lower case, no leading dot
    std::vector<std::string> urls;     // "docs.google.com/forms/": host, then a path prefix
    std::string email;                 // the desk's address, and/or
    std::string form;                  // its web form (https)
    std::string api;                   // its reporting API (https), for a user with an account
    std::string wants;                 // what the desk asks for in a report
    std::string source;                // where the rule comes from
    bool desk_checked = true;          // false: the desk was not re-read from its source
};

struct RuleFile {
    std::string path;
    std::string date;
    std::vector<Rule> rules;
};

/// A rule file, bounded; a malformed rule loses itself. Throws std::runtime_error for a file
/// that cannot be read or is no rule file.
RuleFile read_rules(const std::string& path);

struct RuleMatch {
    const Rule* rule = nullptr;
    const RuleFile* file = nullptr;
    std::string matched; // the suffix, or the URL pattern
};

/// The rule whose suffix is the longest the host is or lies below, the first file that has
/// one winning (the user's file comes first).
RuleMatch match_host(const std::vector<RuleFile>& files, const std::string& host);

/// The rule whose URL pattern is the longest prefix of the URL's host and path (scheme, user
/// and port taken off, the host compared in lower case).
RuleMatch match_url(const std::vector<RuleFile>& files, const std::string& url);

/// "host/path" of a URL: no scheme, no user, no port, the host in lower case.
std::string url_host_path(const std::string& url);

} // namespace platform
