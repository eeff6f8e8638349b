#include "plan.hpp"

#include "renraku/sdk/text.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace renraku::core {

namespace {

constexpr std::size_t kMaxEvidence = 12;
constexpr std::size_t kMaxCaveats = 12;

std::string clean(const std::string& s, std::size_t max = 512) {
    return sdk::sanitize(s, max);
}

std::string address_of(const ScoredContact& c) {
    if (!c.contact.email.empty()) return c.contact.email;
    if (!c.contact.url.empty()) return c.contact.url;
    if (!c.contact.api.empty()) return "api: " + c.contact.api;
    return c.contact.phone.empty() ? std::string() : "tel:" + c.contact.phone;
}

std::string indicator_text(const Result& r) {
    return r.indicator.input.empty() ? r.indicator.value : r.indicator.input;
}

// Why an indicator has no `to`, in one line.
std::string reason_without_to(const Result& r) {
    for (const auto& e : r.errors)
        if (e.source == "input") return "not an indicator: " + e.message;
    for (const auto& n : r.notes)
        if (n.source == "renraku") return n.message;
    if (!r.errors.empty())
        return "no contact to recommend; " + r.errors.front().source +
               " failed: " + r.errors.front().message;
    if (r.contacts.empty()) return "no contact found";
    return "no contact scored high enough to recommend as `to`";
}

std::string csv_field(const std::string& raw) {
    return csv_quote(clean(raw, 1024));
}

std::string score_text(double v) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(2) << v;
    return s.str();
}

} // namespace

void MailingPlan::add(const Result& r) {
    std::vector<const ScoredContact*> to;
    std::vector<const ScoredContact*> cc;
    for (const auto& c : r.contacts) {
        if (address_of(c).empty()) continue;
        if (c.recommend == Recommend::to) to.push_back(&c);
        if (c.recommend == Recommend::cc) cc.push_back(&c);
    }
    if (to.empty()) {
        without_to_.push_back({indicator_text(r), reason_without_to(r), r.line});
        return;
    }
    for (const auto* c : to) {
        std::string addr = address_of(*c);
        auto [it, fresh] = index_.emplace(addr, recipients_.size());
        if (fresh) {
            Recipient rec;
            rec.address = addr;
            rec.role = std::string(sdk::role_name(c->role));
            rec.organization = c->contact.organization;
            recipients_.push_back(std::move(rec));
        }
        Recipient& rec = recipients_[it->second];
        std::string scope = c->evidence.empty() ? "" : c->evidence.front().finding.scope.value;
        rec.items.push_back({indicator_text(r), scope, c->score, r.line});
        for (const auto* other : cc)
            ++rec.cc[address_of(*other)];
        for (const auto& e : c->evidence) {
            rec.sources.insert(e.source);
            if (rec.evidence.size() < kMaxEvidence) {
                const auto& ev = e.finding.evidence;
                rec.evidence.insert(e.source + " " + ev.server + " " + ev.object + " " + ev.field);
            }
        }
        for (const auto& cv : c->caveats)
            if (rec.caveats.size() < kMaxCaveats) rec.caveats.insert(cv);
    }
}

void MailingPlan::write(std::ostream& out, Format format) const {
    // Most indicators first: the notices that matter most.
    std::vector<const Recipient*> order;
    for (const auto& r : recipients_)
        order.push_back(&r);
    std::stable_sort(order.begin(), order.end(), [](const Recipient* a, const Recipient* b) {
        return a->items.size() > b->items.size();
    });
    auto cc_list = [](const Recipient& r) {
        std::vector<std::string> out;
        for (const auto& [addr, n] : r.cc)
            out.push_back(addr);
        return out;
    };

    if (format == Format::json || format == Format::jsonl) {
        nlohmann::ordered_json j;
        j["recipients"] = nlohmann::ordered_json::array();
        for (const auto* r : order) {
            nlohmann::ordered_json rj;
            rj["to"] = clean(r->address);
            rj["role"] = r->role;
            if (!r->organization.empty()) rj["organization"] = clean(r->organization);
            rj["cc"] = nlohmann::ordered_json::array();
            for (const auto& c : cc_list(*r))
                rj["cc"].push_back(clean(c));
            rj["indicators"] = nlohmann::ordered_json::array();
            for (const auto& it : r->items) {
                nlohmann::ordered_json ij{{"indicator", clean(it.indicator)},
                                          {"score", std::round(it.score * 1000) / 1000}};
                if (!it.scope.empty()) ij["scope"] = clean(it.scope);
                if (it.line > 0) ij["line"] = it.line;
                rj["indicators"].push_back(std::move(ij));
            }
            rj["sources"] = nlohmann::ordered_json::array();
            for (const auto& s : r->sources)
                rj["sources"].push_back(clean(s));
            rj["evidence"] = nlohmann::ordered_json::array();
            for (const auto& e : r->evidence)
                rj["evidence"].push_back(clean(e));
            rj["caveats"] = nlohmann::ordered_json::array();
            for (const auto& c : r->caveats)
                rj["caveats"].push_back(clean(c));
            j["recipients"].push_back(std::move(rj));
        }
        j["without_to"] = nlohmann::ordered_json::array();
        for (const auto& u : without_to_) {
            nlohmann::ordered_json uj{{"indicator", clean(u.indicator)},
                                      {"reason", clean(u.reason)}};
            if (u.line > 0) uj["line"] = u.line;
            j["without_to"].push_back(std::move(uj));
        }
        out << dump_json(j, 2) << "\n";
        return;
    }
    if (format == Format::csv) {
        out << "to,cc,indicator,score,scope,sources\n";
        for (const auto* r : order) {
            std::string cc;
            for (const auto& c : cc_list(*r))
                cc += (cc.empty() ? "" : " ") + c;
            std::string sources;
            for (const auto& s : r->sources)
                sources += (sources.empty() ? "" : " ") + s;
            for (const auto& it : r->items)
                out << csv_field(r->address) << "," << csv_field(cc) << ","
                    << csv_field(it.indicator) << "," << score_text(it.score) << ","
                    << csv_field(it.scope) << "," << csv_field(sources) << "\n";
        }
        for (const auto& u : without_to_)
            out << ",," << csv_field(u.indicator) << ",,," << csv_field("no to: " + u.reason)
                << "\n";
        return;
    }
    for (const auto* r : order) {
        out << "To: " << clean(r->address);
        if (!r->organization.empty()) out << "  (" << clean(r->organization, 120) << ")";
        out << "\n";
        auto cc = cc_list(*r);
        if (!cc.empty()) {
            out << "Cc:";
            for (std::size_t i = 0; i < cc.size(); ++i)
                out << (i == 0 ? " " : ", ") << clean(cc[i]);
            out << "\n";
        }
        out << "  " << r->items.size() << (r->items.size() == 1 ? " indicator" : " indicators")
            << ":\n";
        for (const auto& it : r->items) {
            out << "    " << clean(it.indicator) << "  " << score_text(it.score);
            if (!it.scope.empty()) out << "  " << clean(it.scope, 80);
            if (it.line > 0) out << "  (line " << it.line << ")";
            out << "\n";
        }
        std::string sources;
        for (const auto& s : r->sources)
            sources += (sources.empty() ? "" : ", ") + s;
        out << "  sources: " << clean(sources) << "\n";
        for (const auto& c : r->caveats)
            out << "  ! " << clean(c) << "\n";
        out << "\n";
    }
    if (!without_to_.empty()) {
        out << "No `to` for " << without_to_.size()
            << (without_to_.size() == 1 ? " indicator" : " indicators") << ":\n";
        for (const auto& u : without_to_) {
            out << "    " << clean(u.indicator);
            if (u.line > 0) out << "  (line " << u.line << ")";
            out << "  " << clean(u.reason, 200) << "\n";
        }
    }
}

} // namespace renraku::core
