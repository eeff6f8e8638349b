#include "leak_scan.hpp"

#include "../extract/extract.hpp"
#include "../indicator/parse.hpp"
#include "../indicator/special.hpp"
#include "../util/percent.hpp"
#include "renraku/sdk/text.hpp"
#include "user_names.hpp"

#include <algorithm>
#include <map>
#include <sstream>

namespace renraku::core::notice {

namespace {

bool at_or_below(const std::string& name, const std::string& domain) {
    return name == domain ||
           (name.size() > domain.size() &&
            name.compare(name.size() - domain.size(), domain.size(), domain) == 0 &&
            name[name.size() - domain.size() - 1] == '.');
}

// What the recipient is told about: its addresses and ranges, and the names under its domains.
struct RecipientScope {
    std::vector<std::pair<std::string, std::string>> ranges; // address bytes, first and last
    std::vector<std::string> names;                          // lower case

    explicit RecipientScope(const LeakRules& rules) {
        for (const auto& value : rules.recipient) {
            auto parsed = parse_value(value);
            auto* ind = std::get_if<sdk::Indicator>(&parsed);
            if (ind == nullptr) continue;
            std::string start, end;
            if (!ind->address.empty()) {
                std::string a = ind->address;
                if (ind->prefix_len >= 0) a += "/" + std::to_string(ind->prefix_len);
                if (prefix_range(a, start, end)) ranges.emplace_back(start, end);
            }
            if (!ind->host.empty()) names.push_back(sdk::ascii_lower(ind->host));
            if (!ind->registrable.empty()) names.push_back(sdk::ascii_lower(ind->registrable));
        }
        for (const auto& n : rules.names)
            names.push_back(sdk::ascii_lower(n));
    }
    bool address(const std::string& text) const {
        std::string start, end;
        if (!prefix_range(text, start, end)) return false;
        for (const auto& [a, b] : ranges)
            if (start.size() == a.size() && start >= a && end <= b) return true;
        return false;
    }
    bool name(const std::string& host) const {
        std::string h = sdk::ascii_lower(host);
        for (const auto& n : names)
            if (at_or_below(h, n)) return true;
        return false;
    }
};

class Scanner {
  public:
    Scanner(const LeakRules& rules, LeakScan& out) : rules_(rules), scope_(rules), out_(out) {}

    void part(const LeakPart& p) {
        // Every indicator of the part, as written and URL-decoded, with its lines.
        for (int pass = 0; pass < 2; ++pass) {
            if (pass == 1 && p.text.find('%') == std::string::npos) break;
            Extractor ex(ExtractOptions{true});
            std::istringstream in(pass == 0 ? p.text : percent_decode(p.text).text);
            ex.read(in, p.name);
            for (const auto& e : ex.found())
                for (auto line : e.lines())
                    judge(p.name, line, e.value, e.type);
        }
        // Our users' names and our short host names, word by word.
        std::istringstream in(p.text);
        std::string line;
        std::size_t n = 0;
        while (std::getline(in, line)) {
            ++n;
            for (const auto& [at, len] : user_name_spans(line))
                find(p.name, n, line.substr(at, len), "a user name of ours");
            auto [hat, hlen] = syslog_host_span(line);
            if (hlen > 0) find(p.name, n, line.substr(hat, hlen), "our syslog host field");
            std::size_t i = 0;
            while (i < line.size()) {
                while (i < line.size() && !word_char(line[i]))
                    ++i;
                std::size_t j = i;
                while (j < line.size() && word_char(line[j]))
                    ++j;
                if (j > i && rules_.ours.short_host(line.substr(i, j - i)))
                    find(p.name, n, line.substr(i, j - i), "one of our host names ([site] hosts)");
                i = j;
            }
            replaced_in(p.name, n, line);
        }
    }

  private:
    // What a label replaced when the draft was written, back in the text as a whole word.
    void replaced_in(const std::string& part, std::size_t n, const std::string& line) {
        if (rules_.replaced.empty()) return;
        std::string lower = sdk::ascii_lower(line);
        // Our names given on purpose are not looked into.
        for (const auto& g : rules_.given)
            for (auto at = g.empty() ? std::string::npos : lower.find(g); at != std::string::npos;
                 at = lower.find(g, at + g.size()))
                lower.replace(at, g.size(), g.size(), ' ');
        auto joins = [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' ||
                   c == '-' || c == '@';
        };
        for (const auto& item : rules_.replaced)
            for (auto at = lower.find(item); at != std::string::npos;
                 at = lower.find(item, at + 1)) {
                std::size_t end = at + item.size();
                bool whole =
                    (at == 0 || !joins(lower[at - 1])) &&
                    (end == lower.size() || !joins(lower[end]) ||
                     (lower[end] == '.' && (end + 1 == lower.size() || lower[end + 1] == ' ')));
                if (!whole) continue;
                find(part, n, line.substr(at, item.size()),
                     "replaced by a label when the draft was written");
                break;
            }
    }

    static bool word_char(char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
    }

    void find(const std::string& part, std::size_t line, const std::string& item,
              const std::string& why) {
        std::string key = sdk::ascii_lower(item);
        if (rules_.allowed.count(item) != 0 || rules_.allowed.count(key) != 0) {
            if (std::find(out_.allowed_used.begin(), out_.allowed_used.end(), item) ==
                out_.allowed_used.end())
                out_.allowed_used.push_back(item);
            return;
        }
        std::string seen = part + "\n" + std::to_string(line) + "\n" + key;
        if (!reported_.insert(seen).second) return;
        out_.findings.push_back({part, line, item, why});
    }

    void disclose(const std::string& item, const std::string& what) {
        if (disclosed_.insert(sdk::ascii_lower(item)).second)
            out_.disclosed.push_back({item, what});
    }

    void judge_name(const std::string& part, std::size_t line, const std::string& item,
                    const std::string& host) {
        std::string h = sdk::ascii_lower(host);
        if (rules_.others.count(h) != 0 || rules_.others.count(sdk::ascii_lower(item)) != 0)
            find(part, line, item, "another recipient's");
        else if (rules_.mailbox_domains.count(sdk::ascii_lower(item)) != 0)
            // Exactly the domain (X-ARF's ReporterOrgDomain), ours to give even when it is ours.
            disclose(item, "the domain of a mailbox this notice names");
        else if (rules_.ours.name(h))
            find(part, line, item, "ours ([site] domains or the incident's [policy] redact)");
        else if (scope_.name(h))
            disclose(item, "the recipient's");
        else
            find(part, line, item, "a host name neither the recipient's nor ours to give");
    }

    void judge(const std::string& part, std::size_t line, const std::string& value,
               sdk::IndicatorType type) {
        std::string lower = sdk::ascii_lower(value);
        switch (type) {
        case sdk::IndicatorType::ipv4:
        case sdk::IndicatorType::ipv6:
        case sdk::IndicatorType::cidr: {
            std::string addr = value.substr(0, value.find('/'));
            if (rules_.others.count(lower) != 0)
                find(part, line, value, "another recipient's");
            else if (rules_.ours.address(addr))
                find(part, line, value, "ours ([site] prefixes or the incident's [policy] redact)");
            else if (auto special = special_purpose(addr, -1))
                find(part, line, value,
                     "a special-purpose address (" + special->name + ", " + special->rfc + ")");
            else if (scope_.address(value))
                disclose(value, "the recipient's");
            else
                disclose(value, "a third party's address");
            break;
        }
        case sdk::IndicatorType::email: {
            if (rules_.mailboxes.count(lower) != 0) {
                disclose(value, "a mailbox this notice names");
                break;
            }
            auto at = lower.rfind('@');
            std::string domain = at == std::string::npos ? lower : lower.substr(at + 1);
            if (rules_.ours.name(domain))
                find(part, line, value, "one of our mailboxes");
            else
                find(part, line, value,
                     "an e-mail address neither the recipient's nor ours to give");
            break;
        }
        case sdk::IndicatorType::url: {
            auto parsed = parse_value(value);
            auto* ind = std::get_if<sdk::Indicator>(&parsed);
            std::string host =
                ind != nullptr ? (!ind->host.empty() ? ind->host : ind->address) : std::string();
            if (host.empty()) break;
            if (ind != nullptr && ind->host.empty()) {
                judge(part, line, ind->address,
                      ind->is_ipv6() ? sdk::IndicatorType::ipv6 : sdk::IndicatorType::ipv4);
                break;
            }
            judge_name(part, line, value, host);
            break;
        }
        case sdk::IndicatorType::domain:
            judge_name(part, line, value, value);
            break;
        default:
            break;
        }
    }

    const LeakRules& rules_;
    RecipientScope scope_;
    LeakScan& out_;
    std::set<std::string> reported_;
    std::set<std::string> disclosed_;
};

} // namespace

LeakScan scan_for_leaks(const std::vector<LeakPart>& parts, const LeakRules& rules) {
    LeakScan out;
    Scanner scanner(rules, out);
    for (const auto& p : parts)
        scanner.part(p);
    return out;
}

} // namespace renraku::core::notice
