#pragma once
// What surrounds an indicator in the text people paste: "192.0.2.1:443", "[2001:db8::1]:443",
// "<user@example.jp>". The indicator is what is inside; the port is kept as context.

#include <string>
#include <string_view>

namespace renraku::core {

struct InputText {
    std::string_view text; // the indicator itself: a part of the text given
    int port = -1;    // the port written after an address, else -1
};

/// Take off angle brackets around an e-mail address and a port after an IPv4 address or a
/// bracketed IPv6 address. Anything else comes back unchanged. The text must outlive the
/// answer, which points into it.
InputText strip_context(std::string_view text);

} // namespace renraku::core
