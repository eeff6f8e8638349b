#include "input.hpp"

#include <algorithm>
#include <charconv>

namespace renraku::core {

namespace {

int port_of(std::string_view digits) {
    if (digits.empty() || digits.size() > 5) return -1;
    int port = -1;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (ec != std::errc() || ptr != digits.data() + digits.size() || port < 0 || port > 65535)
        return -1;
    return port;
}

bool dotted_quad_chars(std::string_view s) {
    return !s.empty() && std::count(s.begin(), s.end(), '.') == 3 &&
           std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

} // namespace

InputText strip_context(std::string_view text) {
    InputText out;
    if (text.size() >= 3 && text.front() == '<' && text.back() == '>' &&
        text.find('@') != std::string_view::npos) {
        out.text = text.substr(1, text.size() - 2);
        return out;
    }
    if (!text.empty() && text.front() == '[') {
        auto close = text.find(']');
        if (close != std::string_view::npos && close + 1 < text.size() && text[close + 1] == ':') {
            int port = port_of(text.substr(close + 2));
            if (port >= 0) {
                out.text = text.substr(1, close - 1);
                out.port = port;
                return out;
            }
        }
        if (close != std::string_view::npos && close + 1 == text.size()) {
            out.text = text.substr(1, close - 1);
            return out;
        }
    }
    // One colon only (found with two forward searches: a backward one goes byte by byte).
    auto colon = text.find(':');
    if (colon != std::string_view::npos && text.find(':', colon + 1) == std::string_view::npos &&
        dotted_quad_chars(text.substr(0, colon))) {
        int port = port_of(text.substr(colon + 1));
        if (port >= 0) {
            out.text = text.substr(0, colon);
            out.port = port;
            return out;
        }
    }
    out.text = text;
    return out;
}

} // namespace renraku::core
