#pragma once
// `renraku serve`: the workbench's HTTP server. Loopback unless told otherwise (then TLS), a
// token printed at start and required on every API call, the page and its script served from
// the program itself, and every reply with headers that keep it to this origin.

#include "serve_options.hpp"

#include <iosfwd>
#include <string>

namespace renraku::core::server {

/// Serve until interrupted. Returns the exit status; `out` gets the URL to open, `err` why not.
int serve(const ServeOptions& options, std::ostream& out, std::ostream& err);

/// "127.0.0.1:8750" -> host and port; false when it is not one.
bool split_listen(const std::string& listen, std::string& host, int& port);
/// 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_host(const std::string& host);

} // namespace renraku::core::server
