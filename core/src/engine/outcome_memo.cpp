#include "outcome_memo.hpp"

#include "../cache/answer_cache.hpp"

namespace renraku::core {

namespace {
constexpr int kRangeScan = 64;
}

std::shared_ptr<const sdk::Outcome> OutcomeMemo::find(const std::string& source,
                                                      const std::string& address) {
    std::lock_guard lock(mutex_);
    auto s = by_scope_.find(source + "|" + std::to_string(address.size()));
    if (s == by_scope_.end()) return nullptr;
    auto now = cache::unix_now();
    auto it = s->second.upper_bound(address);
    int scanned = 0;
    while (it != s->second.begin() && scanned++ < kRangeScan) {
        --it;
        const Entry* best = nullptr;
        for (const auto& e : it->second)
            if (address <= e.end && e.expires > now && (best == nullptr || e.end < best->end))
                best = &e;
        if (best != nullptr) return best->outcome;
    }
    return nullptr;
}

void OutcomeMemo::store(const std::string& source, const std::string& start,
                        const std::string& end, std::int64_t expires, sdk::Outcome outcome) {
    std::lock_guard lock(mutex_);
    std::string scope = source + "|" + std::to_string(start.size());
    auto& entries = by_scope_[scope][start];
    for (const auto& e : entries)
        if (e.end == end) return; // kept already
    entries.push_back({end, expires, std::make_shared<const sdk::Outcome>(std::move(outcome))});
    order_.push_back({scope, start});
    ++count_;
    while (count_ > max_entries_ && !order_.empty()) {
        auto key = std::move(order_.front());
        order_.pop_front();
        auto s = by_scope_.find(key.scope);
        if (s == by_scope_.end()) continue;
        auto st = s->second.find(key.start);
        if (st == s->second.end() || st->second.empty()) continue;
        st->second.erase(st->second.begin());
        --count_;
        if (st->second.empty()) s->second.erase(st);
        if (s->second.empty()) by_scope_.erase(s);
    }
}

bool outcome_mentions(const sdk::Outcome& o, const std::string& value) {
    auto in = [&](const std::string& s) { return s.find(value) != std::string::npos; };
    if (in(o.message)) return true;
    for (const auto& n : o.notes)
        if (in(n)) return true;
    for (const auto& f : o.findings) {
        if (in(f.evidence.excerpt) || in(f.evidence.object) || in(f.evidence.field) ||
            in(f.evidence.server) || in(f.contact.email) || in(f.contact.url) || in(f.contact.api) ||
            in(f.contact.name) || in(f.contact.organization))
            return true;
        for (const auto& c : f.caveats)
            if (in(c)) return true;
    }
    return false;
}

} // namespace renraku::core
