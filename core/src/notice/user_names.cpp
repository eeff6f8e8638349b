#include "user_names.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace renraku::core::notice {

namespace {

using Span = std::pair<std::size_t, std::size_t>;

constexpr std::size_t kMaxName = 64;

bool name_char(unsigned char c) {
    return std::isalnum(c) != 0 || c == '.' || c == '_' || c == '-' || c == '@' || c == '+' ||
           c == '$' || c == '\\' || c >= 0x80;
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// `word` at `at` in `line`, ignoring case.
bool word_at(std::string_view line, std::size_t at, std::string_view word) {
    if (at + word.size() > line.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
        if (lower(line[at + i]) != lower(word[i])) return false;
    return true;
}

// The name starting at `at`: its length (0 when there is none there, or it is a label).
std::size_t name_at(std::string_view line, std::size_t at) {
    if (at >= line.size() || line[at] == '[' || line[at] == '-') return 0;
    std::size_t end = at;
    while (end < line.size() && end - at < kMaxName && name_char(static_cast<unsigned char>(line[end])))
        ++end;
    // A sentence's full stop or a field's colon after it is not part of it.
    while (end > at && (line[end - 1] == '.' || line[end - 1] == ':'))
        --end;
    return end - at;
}

bool boundary_before(std::string_view line, std::size_t at) {
    return at == 0 || !(std::isalnum(static_cast<unsigned char>(line[at - 1])) != 0 ||
                         line[at - 1] == '_');
}

void add(std::vector<Span>& out, std::size_t at, std::size_t len) {
    if (len == 0) return;
    for (const auto& [a, l] : out)
        if (at < a + l && a < at + len) return; // overlaps one found before
    out.emplace_back(at, len);
}

// "WORDS NAME" anywhere: the name after the words.
void after_words(std::string_view line, std::string_view words, std::vector<Span>& out,
                 std::string_view must_follow = {}) {
    for (std::size_t at = 0; at + words.size() <= line.size(); ++at) {
        if (!word_at(line, at, words) || !boundary_before(line, at)) continue;
        std::size_t start = at + words.size();
        std::size_t len = name_at(line, start);
        if (len == 0) continue;
        if (!must_follow.empty() && !word_at(line, start + len, must_follow)) continue;
        add(out, start, len);
    }
}

// "KEY=NAME" for the keys that carry a user name.
void key_values(std::string_view line, std::vector<Span>& out) {
    static constexpr std::string_view kKeys[] = {"user=", "ruser=", "logname=", "sasl_username=",
                                                 "login=", "euser=", "username=", "acct="};
    for (auto key : kKeys)
        for (std::size_t at = 0; at + key.size() <= line.size(); ++at) {
            if (!word_at(line, at, key) || !boundary_before(line, at)) continue;
            std::size_t start = at + key.size();
            if (start < line.size() && (line[start] == '"' || line[start] == '\'')) ++start;
            add(out, start, name_at(line, start));
        }
}

// sudo: "sudo[123]:   taro : TTY=pts/0 ; PWD=/home/taro ; USER=root ; COMMAND=..."
void sudo(std::string_view line, std::vector<Span>& out) {
    for (std::size_t at = line.find("sudo"); at != std::string_view::npos;
         at = line.find("sudo", at + 1)) {
        std::size_t i = at + 4;
        if (i < line.size() && line[i] == '[') {
            auto close = line.find(']', i);
            if (close == std::string_view::npos) continue;
            i = close + 1;
        }
        if (i >= line.size() || line[i] != ':') continue;
        ++i;
        while (i < line.size() && line[i] == ' ')
            ++i;
        std::size_t len = name_at(line, i);
        if (len > 0 && word_at(line, i + len, " : ")) add(out, i, len);
    }
}

// su: "(to root) taro on pts/0", "FAILED SU (to root) taro on pts/1"
void su(std::string_view line, std::vector<Span>& out) {
    for (std::size_t at = line.find("(to "); at != std::string_view::npos;
         at = line.find("(to ", at + 1)) {
        std::size_t start = at + 4;
        std::size_t len = name_at(line, start);
        if (len == 0 || start + len >= line.size() || line[start + len] != ')') continue;
        add(out, start, len);
        std::size_t who = start + len + 1;
        while (who < line.size() && line[who] == ' ')
            ++who;
        std::size_t wlen = name_at(line, who);
        if (wlen > 0 && word_at(line, who + wlen, " on ")) add(out, who, wlen);
    }
}

// A web server's common or combined log: "ADDRESS IDENT USER [date] \"...", USER not "-".
void web_user(std::string_view line, std::vector<Span>& out) {
    std::size_t first = line.find(' ');
    if (first == std::string_view::npos) return;
    std::size_t second = line.find(' ', first + 1);
    if (second == std::string_view::npos) return;
    std::size_t third = line.find(' ', second + 1);
    // The time field: "[25/Nov/2026:03:14:07 +0900]".
    if (third == std::string_view::npos || third + 4 >= line.size() || line[third + 1] != '[' ||
        !std::isdigit(static_cast<unsigned char>(line[third + 2])) ||
        line.find('/', third) != third + 4)
        return;
    std::size_t len = name_at(line, second + 1);
    if (len == third - second - 1) add(out, second + 1, len);
}

// Home folders: "/home/taro/", "PWD=/home/taro".
void home(std::string_view line, std::vector<Span>& out) {
    for (std::string_view dir : {std::string_view("/home/"), std::string_view("/Users/")})
        for (std::size_t at = line.find(dir); at != std::string_view::npos;
             at = line.find(dir, at + 1))
            add(out, at + dir.size(), name_at(line, at + dir.size()));
}

bool digits(std::string_view s, std::size_t at, std::size_t n) {
    if (at + n > s.size()) return false;
    for (std::size_t i = at; i < at + n; ++i)
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    return true;
}

} // namespace

std::vector<std::pair<std::size_t, std::size_t>> user_name_spans(std::string_view line) {
    std::vector<Span> out;
    // sshd first, its forms being the most specific.
    after_words(line, "for invalid user ", out);
    after_words(line, "invalid user ", out);
    after_words(line, "illegal user ", out);
    after_words(line, "session opened for user ", out);
    after_words(line, "session closed for user ", out);
    after_words(line, "for user ", out);
    after_words(line, "for ", out, " from ");
    after_words(line, "authenticating user ", out);
    after_words(line, "account ", out);
    key_values(line, out);
    sudo(line, out);
    su(line, out);
    web_user(line, out);
    home(line, out);
    std::sort(out.begin(), out.end());
    return out;
}

std::pair<std::size_t, std::size_t> syslog_host_span(std::string_view line) {
    std::size_t after = 0;
    static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    bool rfc3164 = false;
    for (auto m : kMonths)
        rfc3164 |= line.substr(0, 3) == m;
    if (rfc3164 && line.size() > 16 && line[3] == ' ') {
        // "Nov 25 03:14:07 " or "Nov  5 03:14:07 "
        std::size_t d = line[4] == ' ' ? 5 : 4;
        if (!digits(line, d, line[4] == ' ' ? 1 : 2)) return {0, 0};
        std::size_t t = 7;
        if (!(digits(line, t, 2) && line[t + 2] == ':' && digits(line, t + 3, 2) &&
              line[t + 5] == ':' && digits(line, t + 6, 2) && line.size() > t + 8 &&
              line[t + 8] == ' '))
            return {0, 0};
        after = t + 9;
    } else if (digits(line, 0, 4) && line.size() > 20 && line[4] == '-' && line[7] == '-' &&
               (line[10] == 'T' || line[10] == ' ') && line[13] == ':') {
        // ISO 8601 (RFC 5424 and rsyslog's high-precision form): up to the first blank after
        // the time.
        std::size_t space = line.find(' ', line[10] == ' ' ? 11 : 10);
        if (space == std::string_view::npos) return {0, 0};
        after = space + 1;
    } else {
        return {0, 0};
    }
    std::size_t end = line.find(' ', after);
    if (end == std::string_view::npos || end == after) return {0, 0};
    // The field is followed by the program: "sshd[101]:", "postfix/smtpd[9]:", "kernel:".
    std::size_t colon = line.find(':', end + 1);
    std::size_t next_space = line.find(' ', end + 1);
    if (colon == std::string_view::npos || (next_space != std::string_view::npos && next_space < colon))
        return {0, 0};
    if (line[after] == '[') return {0, 0}; // a label already
    return {after, end - after};
}

} // namespace renraku::core::notice
