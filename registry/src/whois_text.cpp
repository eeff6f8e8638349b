#include "renraku/registry/whois_text.hpp"

#include "renraku/sdk/mailbox.hpp"
#include "renraku/sdk/text.hpp"

#include <algorithm>
#include <chrono>

namespace renraku::registry {

namespace {

bool iequal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] + 32) : a[i];
        char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] + 32) : b[i];
        if (x != y) return false;
    }
    return true;
}

template <class F> void for_each_line(std::string_view text, F f) {
    std::size_t start = 0;
    while (start < text.size()) {
        auto nl = text.find('\n', start);
        auto line =
            text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        f(line);
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
}

// What ends a word that may hold an address: blanks, and the punctuation that lists addresses
// in text ("a@x, b@y; c@z"). Brackets and parentheses only wrap a word ("<a@x>", "(a@x)"):
// inside one ("abuse(spy@evil.test)@x.test") they are part of it, and it is refused whole.
bool word_separator(char c) {
    switch (c) {
    case ' ': case '\t': case '\r': case '\n': case '\v': case '\f':
    case ',': case ';':
        return true;
    default:
        return false;
    }
}

constexpr std::size_t kMaxRefused = 16;

} // namespace

std::string WhoisObject::type() const {
    return attributes.empty() ? std::string() : ascii_lower(attributes.front().first);
}

std::string WhoisObject::get(std::string_view key) const {
    for (const auto& [k, v] : attributes)
        if (iequal(k, key) && !v.empty()) return v;
    return {};
}

std::vector<std::string> WhoisObject::all(std::string_view key) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : attributes)
        if (iequal(k, key) && !v.empty()) out.push_back(v);
    return out;
}

std::vector<WhoisObject> parse_whois_objects(std::string_view text) {
    std::vector<WhoisObject> objects;
    WhoisObject current;
    auto flush = [&] {
        if (!current.attributes.empty() && objects.size() < 10000)
            objects.push_back(std::move(current));
        current = WhoisObject{};
    };
    for_each_line(text, [&](std::string_view line) {
        if (trim_blanks(line).empty()) {
            flush();
            return;
        }
        if (line.front() == '%' || line.front() == '#') return;
        if ((line.front() == ' ' || line.front() == '\t' || line.front() == '+') &&
            !current.attributes.empty()) {
            auto more = trim_blanks(line.substr(1));
            auto& value = current.attributes.back().second;
            if (!more.empty()) value += (value.empty() ? "" : " ") + std::string(more);
            return;
        }
        auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0 || colon > 64) return;
        auto key = trim_blanks(line.substr(0, colon));
        if (key.find(' ') != std::string_view::npos) return;
        current.attributes.emplace_back(std::string(key),
                                        std::string(trim_blanks(line.substr(colon + 1))));
    });
    flush();
    return objects;
}

WhoisObject parse_bracketed(std::string_view text) {
    WhoisObject obj;
    for_each_line(text, [&](std::string_view line) {
        auto open = line.find('[');
        auto close = line.find(']', open == std::string_view::npos ? 0 : open);
        if (open == std::string_view::npos || close == std::string_view::npos || open > 4) return;
        auto prefix = trim_blanks(line.substr(0, open));
        if (!prefix.empty() && !(prefix.size() == 2 && prefix[1] == '.')) return; // "a." or nothing
        auto key = trim_blanks(line.substr(open + 1, close - open - 1));
        auto value = trim_blanks(line.substr(close + 1));
        if (key.empty() || key.size() > 64) return;
        obj.attributes.emplace_back(std::string(key), std::string(value));
    });
    return obj;
}

std::vector<std::string> find_emails(std::string_view text, std::vector<std::string>* refused) {
    std::vector<std::string> out;
    for (std::size_t at = text.find('@'); at != std::string_view::npos;) {
        // The whole word the @ is in: an address is never cut to the part that happens to read
        // as one ("\"spy@evil.test\"@x.test" is one word, and refused as a whole).
        std::size_t b = at;
        while (b > 0 && !word_separator(text[b - 1]))
            --b;
        std::size_t e = at + 1;
        while (e < text.size() && !word_separator(text[e]))
            ++e;
        std::string_view word = text.substr(b, e - b);
        at = text.find('@', e);
        // Prose and key:value wrapping: quotes and brackets around it, a full stop after it,
        // "mailto:" or "E-mail:" before it (a dot-atom local part holds no colon).
        while (!word.empty() && std::string_view("\"'`{(<").find(word.front()) != word.npos)
            word.remove_prefix(1);
        while (!word.empty() && std::string_view("\"'`}.:!?)>").find(word.back()) != word.npos)
            word.remove_suffix(1);
        auto first_at = word.find('@');
        if (first_at == std::string_view::npos) continue;
        if (auto colon = word.substr(0, first_at).rfind(':'); colon != std::string_view::npos)
            word.remove_prefix(colon + 1);
        first_at = word.find('@');
        if (first_at == 0 || first_at + 1 >= word.size()) continue; // "@handle", "name@"
        auto check = sdk::check_mailbox(word);
        if (!check.ok()) {
            if (refused != nullptr && refused->size() < kMaxRefused)
                refused->push_back("\"" + sdk::sanitize(word, 120) + "\" is not a mailbox (" +
                                   check.refused + ")");
            continue;
        }
        if (std::find(out.begin(), out.end(), check.address) == out.end())
            out.push_back(std::move(check.address));
    }
    return out;
}

std::optional<std::string> mailbox_of_field(std::string_view value,
                                            std::vector<std::string>* refused) {
    value = sdk::trim_blanks(value);
    if (value.find('@') == std::string_view::npos) return std::nullopt; // "not published"
    auto check = sdk::mailbox_from_uri(value);
    if (check.ok()) return std::move(check.address);
    if (refused != nullptr && refused->size() < kMaxRefused)
        refused->push_back("\"" + sdk::sanitize(value, 120) + "\" is not a mailbox (" +
                           check.refused + ")");
    return std::nullopt;
}

std::optional<std::pair<std::string, std::string>> abuse_contact_comment(std::string_view text) {
    std::optional<std::pair<std::string, std::string>> found;
    for_each_line(text, [&](std::string_view line) {
        if (found) return;
        auto pos = line.find("Abuse contact for '");
        if (pos == std::string_view::npos || line.front() != '%') return;
        auto rest = line.substr(pos + 19);
        auto end_range = rest.find("' is '");
        if (end_range == std::string_view::npos) return;
        auto range = rest.substr(0, end_range);
        auto mailbox = rest.substr(end_range + 6);
        auto close = mailbox.find('\'');
        if (close == std::string_view::npos) return;
        // As written: the caller holds it to the one-address rule (mailbox_of_field).
        auto written = trim_blanks(mailbox.substr(0, close));
        if (written.find('@') != std::string_view::npos)
            found = std::make_pair(std::string(range), std::string(written));
    });
    return found;
}

std::optional<long> registry_date_days(std::string_view text) {
    text = trim_blanks(text);
    int y = 0;
    int m = 0;
    int d = 0;
    auto digits = [&](std::size_t pos, std::size_t n, int& out) {
        if (pos + n > text.size()) return false;
        out = 0;
        for (std::size_t i = pos; i < pos + n; ++i) {
            if (text[i] < '0' || text[i] > '9') return false;
            out = out * 10 + (text[i] - '0');
        }
        return true;
    };
    if (digits(0, 4, y) && text.size() >= 10 && (text[4] == '-' || text[4] == '/') &&
        digits(5, 2, m) && digits(8, 2, d)) {
    } else if (digits(0, 4, y) && digits(4, 2, m) && digits(6, 2, d)) {
    } else {
        return std::nullopt;
    }
    if (y < 1980 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
    using namespace std::chrono;
    auto ymd =
        year_month_day{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    return sys_days(ymd).time_since_epoch().count();
}

} // namespace renraku::registry
