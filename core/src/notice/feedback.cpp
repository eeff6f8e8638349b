#include "feedback.hpp"

#include "renraku/sdk/text.hpp"
#include "times.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace renraku::core::notice {

namespace {

constexpr std::size_t kMaxMessage = 4 << 20;

std::string trim(std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.pop_back();
    std::size_t i = 0;
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])))
        ++i;
    return s.substr(i);
}

// Header fields of a block of lines (unfolded), names lower case.
std::vector<std::pair<std::string, std::string>> fields(const std::string& block) {
    std::vector<std::pair<std::string, std::string>> out;
    std::istringstream in(block);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        if ((line[0] == ' ' || line[0] == '\t') && !out.empty()) {
            out.back().second += " " + trim(line);
            continue;
        }
        auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        out.emplace_back(sdk::ascii_lower(trim(line.substr(0, colon))), trim(line.substr(colon + 1)));
    }
    return out;
}

std::string field(const std::vector<std::pair<std::string, std::string>>& f,
                  const std::string& name) {
    for (const auto& [k, v] : f)
        if (k == name) return v;
    return {};
}

// "Name <a@b>" -> "a@b"; "rfc822; a@b" -> "a@b"
std::string address_in(std::string v) {
    if (auto semi = v.find(';'); semi != std::string::npos) v = v.substr(semi + 1);
    auto lt = v.find('<');
    auto gt = v.find('>', lt == std::string::npos ? 0 : lt);
    if (lt != std::string::npos && gt != std::string::npos) v = v.substr(lt + 1, gt - lt - 1);
    v = trim(v);
    return v.find('@') != std::string::npos && v.size() < 320 ? sdk::ascii_lower(v)
                                                              : std::string();
}

// Tracking numbers like PREFIX#00000001 anywhere in the text.
std::vector<std::string> trackings(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t hash = text.find('#'); hash != std::string::npos;
         hash = text.find('#', hash + 1)) {
        std::size_t a = hash;
        while (a > 0 && (std::isalnum(static_cast<unsigned char>(text[a - 1])) ||
                         text[a - 1] == '-' || text[a - 1] == '_'))
            --a;
        std::size_t b = hash + 1;
        while (b < text.size() && std::isdigit(static_cast<unsigned char>(text[b])))
            ++b;
        if (a < hash && b - hash - 1 == 8) {
            std::string t = text.substr(a, b - a);
            if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
        }
        if (out.size() >= 16) break;
    }
    return out;
}

} // namespace

Returned read_returned(const std::string& raw, Ledger& ledger, std::int64_t now) {
    Returned r;
    std::string message = raw.size() > kMaxMessage ? raw.substr(0, kMaxMessage) : raw;
    auto head_end = message.find("\n\n");
    auto crlf_end = message.find("\r\n\r\n");
    std::size_t split = std::min(head_end, crlf_end);
    std::string head = message.substr(0, split);
    auto top = fields(head);
    std::int64_t when = now;
    std::string why;
    if (auto t = parse_event_time(field(top, "date"), "", 1970, why)) when = t->unix;

    // Our tracking numbers it quotes: only those we issued count.
    std::string tracking;
    std::string recipient;
    for (const auto& t : trackings(message))
        if (auto who = ledger.recipient_of(t)) {
            tracking = t;
            recipient = *who;
            break;
        }

    std::string type = sdk::ascii_lower(field(top, "content-type"));
    if (type.find("multipart/report") != std::string::npos &&
        type.find("delivery-status") != std::string::npos) {
        // Each per-recipient block of the message/delivery-status part (RFC 3464 §2.3).
        std::size_t pos = 0;
        const std::string lower = sdk::ascii_lower(message); // once: the loop is linear
        while ((pos = lower.find("final-recipient:", pos)) != std::string::npos &&
               r.feedback.size() < 1000) {
            // One recipient's block: up to the blank line, and never more than 4 KiB, so that
            // a report of many recipients and no blank lines is still read in linear time.
            std::string_view window = std::string_view(message).substr(pos, 4096);
            std::size_t len = std::min(window.find("\n\n"), window.find("\r\n\r\n"));
            auto block = fields(std::string(window.substr(0, len)));
            pos += 16;
            std::string action = sdk::ascii_lower(field(block, "action"));
            std::string status = field(block, "status");
            std::string address = address_in(field(block, "final-recipient"));
            if (address.empty() || action != "failed") continue;
            std::string detail = "status " + status;
            if (auto diag = field(block, "diagnostic-code"); !diag.empty())
                detail += ": " + sdk::sanitize(diag, 200);
            r.feedback.push_back({address, "bounced", when, tracking, detail});
        }
        r.summary = r.feedback.empty()
                        ? "a delivery report with no failed recipient"
                        : std::to_string(r.feedback.size()) + " bounced address(es), first " +
                              r.feedback.front().address;
        return r;
    }
    if (!tracking.empty()) {
        r.feedback.push_back({recipient, "answered", when, tracking,
                              "reply from " + address_in(field(top, "from")) + ": " +
                                  sdk::sanitize(field(top, "subject"), 160)});
        r.summary = "a reply about " + tracking + " (to " + recipient + ")";
        return r;
    }
    r.summary = "neither a delivery report nor a reply quoting a tracking number of ours";
    return r;
}

} // namespace renraku::core::notice
