#include "feedback.hpp"

#include "renraku/sdk/text.hpp"

#include "../util/trim.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <sstream>

namespace renraku::core::notice {

namespace {

constexpr std::size_t kMaxMessage = 4 << 20;

// Header fields of a block of lines (unfolded), names lower case.
std::vector<std::pair<std::string, std::string>> fields(const std::string& block) {
    std::vector<std::pair<std::string, std::string>> out;
    std::istringstream in(block);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        if ((line[0] == ' ' || line[0] == '\t') && !out.empty()) {
            out.back().second += " " + trimmed_space(line);
            continue;
        }
        auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        out.emplace_back(sdk::ascii_lower(trimmed_space(line.substr(0, colon))),
                         trimmed_space(line.substr(colon + 1)));
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
    v = trimmed_space(v);
    return v.find('@') != std::string::npos && v.size() < 320 ? sdk::ascii_lower(v) : std::string();
}

// Tracking numbers like PREFIX#00000001-K7QF3M (or an older PREFIX#00000001) anywhere in the
// text, at most 16.
std::vector<std::string> trackings(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t hash = text.find('#'); hash != std::string::npos;
         hash = text.find('#', hash + 1)) {
        std::size_t a = hash;
        while (a > 0 && hash - a < 64 &&
               (std::isalnum(static_cast<unsigned char>(text[a - 1])) || text[a - 1] == '-' ||
                text[a - 1] == '_'))
            --a;
        std::size_t b = hash + 1;
        while (b < text.size() && b - hash <= 8 &&
               std::isdigit(static_cast<unsigned char>(text[b])))
            ++b;
        if (a == hash || b - hash - 1 != 8) continue;
        if (b + 7 <= text.size() && text[b] == '-') {
            std::size_t c = b + 1;
            while (c < text.size() && c - b <= 6 &&
                   (std::isdigit(static_cast<unsigned char>(text[c])) ||
                    (text[c] >= 'A' && text[c] <= 'Z')))
                ++c;
            if (c - b - 1 == 6) b = c;
        }
        std::string t = text.substr(a, b - a);
        if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
        if (out.size() >= 16) break;
    }
    return out;
}

// Message-IDs the message refers to: its In-Reply-To and References, and the Message-ID lines
// of a returned message's headers (a DSN's text/rfc822-headers part). At most 16.
std::vector<std::string> message_ids(const std::string& message) {
    std::vector<std::string> out;
    auto take_all = [&](std::string_view value) {
        for (std::size_t lt = value.find('<'); lt != std::string_view::npos && out.size() < 16;
             lt = value.find('<', lt + 1)) {
            auto gt = value.find('>', lt);
            if (gt == std::string_view::npos || gt - lt > 256) break;
            std::string id(value.substr(lt + 1, gt - lt - 1));
            if (id.find('@') != std::string::npos &&
                std::find(out.begin(), out.end(), id) == out.end())
                out.push_back(id);
        }
    };
    std::istringstream in(message);
    std::string line;
    std::size_t lines = 0;
    while (std::getline(in, line) && ++lines < 100000 && out.size() < 16) {
        std::string lower = sdk::ascii_lower(line.substr(0, 16));
        for (const char* key : {"message-id:", "in-reply-to:", "references:"})
            if (lower.rfind(key, 0) == 0) take_all(std::string_view(line).substr(std::strlen(key)));
    }
    return out;
}

// The addresses a notice went to (To and Cc), lower case.
bool went_to(const MessageRecord& n, const std::string& address) {
    return n.recipient == address || std::find(n.cc.begin(), n.cc.end(), address) != n.cc.end();
}

} // namespace

Returned read_returned(const std::string& raw, Ledger& ledger, std::int64_t now) {
    Returned r;
    auto ignore = [&](std::string why) {
        if (r.ignored.size() < 20) r.ignored.push_back(std::move(why));
    };
    std::string message = raw.size() > kMaxMessage ? raw.substr(0, kMaxMessage) : raw;
    auto head_end = message.find("\n\n");
    auto crlf_end = message.find("\r\n\r\n");
    std::size_t split = std::min(head_end, crlf_end);
    std::string head = message.substr(0, split);
    auto top = fields(head);

    // The notices it refers to, as the ledger knows them: a number we never issued, or one
    // never sent, is nobody's business.
    std::vector<MessageRecord> sent;
    std::vector<std::string> unsent;
    auto consider = [&](std::optional<MessageRecord> n) {
        if (!n) return;
        for (const auto& s : sent)
            if (s.tracking == n->tracking && s.hop == n->hop) return;
        if (n->sent)
            sent.push_back(std::move(*n));
        else if (std::find(unsent.begin(), unsent.end(), n->tracking) == unsent.end())
            unsent.push_back(n->tracking);
    };
    // A tracking number stands for every message of its case (a follow-up keeps the number);
    // a Message-ID for one.
    for (const auto& t : trackings(message))
        for (auto& m : ledger.messages_of(t))
            consider(std::move(m));
    for (const auto& id : message_ids(message))
        consider(ledger.message_by_id(id));
    if (sent.empty()) {
        for (const auto& t : unsent)
            ignore(t + " was only drafted, never sent: nothing about it can have come back");
        if (unsent.empty())
            ignore("it quotes no tracking number or Message-ID of a notice we sent");
        r.summary = "ignored: " + r.ignored.front();
        return r;
    }

    std::string type = sdk::ascii_lower(field(top, "content-type"));
    if (type.find("multipart/report") != std::string::npos &&
        type.find("delivery-status") != std::string::npos) {
        // Each per-recipient block of the message/delivery-status part (RFC 3464 §2.3).
        std::size_t pos = 0;
        std::size_t others = 0;
        std::size_t blocks = 0;
        const std::string lower = sdk::ascii_lower(message); // once: the loop is linear
        while ((pos = lower.find("final-recipient:", pos)) != std::string::npos &&
               ++blocks <= 1000) {
            // One recipient's block: up to the blank line, and never more than 4 KiB, so that
            // a report of many recipients and no blank lines is still read in linear time.
            std::string_view window = std::string_view(message).substr(pos, 4096);
            std::size_t len = std::min(window.find("\n\n"), window.find("\r\n\r\n"));
            auto block = fields(std::string(window.substr(0, len)));
            pos += 16;
            std::string action = sdk::ascii_lower(field(block, "action"));
            std::string status = field(block, "status");
            std::string address = address_in(field(block, "final-recipient"));
            // "failed" is the last word; "delayed" (RFC 3464) says a server still tries, and
            // counts as a temporary failure whatever its status.
            if (address.empty() || (action != "failed" && action != "delayed")) continue;
            if (action == "delayed" && status.rfind("4.", 0) != 0) status = "4.0.0";
            const MessageRecord* about = nullptr;
            for (const auto& n : sent)
                if (went_to(n, address)) about = &n;
            if (about == nullptr) {
                if (++others <= 3)
                    ignore("a bounce for " + sdk::sanitize(address, 120) +
                           ", who was not a "
                           "recipient of " +
                           sent.front().tracking);
                continue;
            }
            bool seen = false;
            for (const auto& f : r.feedback)
                seen |= f.address == address && f.tracking == about->tracking;
            if (seen) continue;
            std::string detail = "status " + sdk::sanitize(status, 40);
            if (auto diag = field(block, "diagnostic-code"); !diag.empty())
                detail += ": " + sdk::sanitize(diag, 200);
            // A permanent failure (5.x.x) is a bounce; a temporary one (4.x.x) counts only
            // when it happens again (scoring).
            FeedbackKind kind =
                status.rfind("4.", 0) == 0 ? FeedbackKind::deferred : FeedbackKind::bounced;
            r.feedback.push_back({address, kind, now, about->tracking, detail, message});
        }
        if (others > 3)
            ignore(std::to_string(others - 3) + " more bounces for addresses that were not "
                                                "recipients");
        r.summary = r.feedback.empty()
                        ? "a delivery report with no failed recipient of ours"
                        : std::to_string(r.feedback.size()) + " bounced address(es), first " +
                              r.feedback.front().address;
        return r;
    }
    // A reply counts when it comes from someone the notice went to.
    const MessageRecord& about = sent.front();
    std::string from = address_in(field(top, "from"));
    std::string detail =
        "reply from " + sdk::sanitize(from, 120) + ": " + sdk::sanitize(field(top, "subject"), 160);
    for (const auto& n : sent)
        if (!from.empty() && went_to(n, from)) {
            r.feedback.push_back({from, FeedbackKind::answered, now, n.tracking, detail, {}});
            r.summary = "a reply about " + n.tracking + " from " + from;
            return r;
        }
    r.unverified.push_back(
        {about.recipient, FeedbackKind::unverified, now, about.tracking, detail, {}});
    ignore("a reply about " + about.tracking + " from " + sdk::sanitize(from, 120) +
           ", who was not a recipient: kept as unverified, no score changes");
    r.summary = "an unverified reply about " + about.tracking;
    return r;
}

} // namespace renraku::core::notice
