#pragma once
// Where a log line names one of our users: the common forms of sshd, PAM, su and sudo, web
// servers' authenticated-user field, mail servers' SASL login, home folders. Used to replace
// them before anything is written (redact) and to find any left before anything is sent
// (leak_scan): the same rules both ways.

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

namespace renraku::core::notice {

/// The spans (offset, length) of user names in one line, in order, not overlapping. A span
/// already a label ("[user 1]") is not one.
std::vector<std::pair<std::size_t, std::size_t>> user_name_spans(std::string_view line);

/// The span (offset, length) of the host field of a syslog line ("Nov 25 03:14:07 bastion
/// sshd[1]: ..." or "2026-11-25T03:14:07+09:00 bastion sshd[1]: ..."); {0, 0} when the line is
/// not one.
std::pair<std::size_t, std::size_t> syslog_host_span(std::string_view line);

} // namespace renraku::core::notice
