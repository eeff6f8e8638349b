#include "incident.hpp"

#include "event_facts.hpp"

#include "renraku/sdk/mailbox.hpp"
#include "renraku/sdk/text.hpp"

#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <toml++/toml.h>

namespace fs = std::filesystem;

namespace renraku::core::notice {

namespace {

constexpr std::size_t kMaxIncidentBytes = 4 << 20;
constexpr std::size_t kMaxLogBytes = 16 << 20;
constexpr std::size_t kMaxEvents = 10000;

// One reader over TOML and JSON alike: a value, its type, and where it is.
struct Node {
    const toml::node* t = nullptr;
    const nlohmann::json* j = nullptr;

    bool missing() const { return t == nullptr && j == nullptr; }
    int line() const { return t != nullptr ? static_cast<int>(t->source().begin.line) : 0; }
    std::optional<std::string> str() const {
        if (t != nullptr) {
            if (auto v = t->value<std::string>(); v && t->is_string()) return *v;
            return std::nullopt;
        }
        if (j != nullptr && j->is_string()) return j->get<std::string>();
        return std::nullopt;
    }
    std::optional<std::int64_t> integer() const {
        if (t != nullptr && t->is_integer()) return t->value<std::int64_t>();
        if (j != nullptr && j->is_number_integer()) return j->get<std::int64_t>();
        return std::nullopt;
    }
    std::optional<bool> boolean() const {
        if (t != nullptr && t->is_boolean()) return t->value<bool>();
        if (j != nullptr && j->is_boolean()) return j->get<bool>();
        return std::nullopt;
    }
    Node get(const std::string& key) const {
        if (t != nullptr && t->is_table()) return {t->as_table()->get(key), nullptr};
        if (j != nullptr && j->is_object()) {
            auto it = j->find(key);
            if (it != j->end()) return {nullptr, &*it};
        }
        return {};
    }
    bool is_table() const {
        return (t != nullptr && t->is_table()) || (j != nullptr && j->is_object());
    }
    bool is_array() const {
        return (t != nullptr && t->is_array()) || (j != nullptr && j->is_array());
    }
    std::vector<Node> items() const {
        std::vector<Node> out;
        if (t != nullptr && t->is_array())
            for (const auto& n : *t->as_array())
                out.push_back({&n, nullptr});
        if (j != nullptr && j->is_array())
            for (const auto& n : *j)
                out.push_back({nullptr, &n});
        return out;
    }
    std::vector<std::string> keys() const {
        std::vector<std::string> out;
        if (t != nullptr && t->is_table())
            for (const auto& [k, v] : *t->as_table())
                out.emplace_back(k.str());
        if (j != nullptr && j->is_object())
            for (const auto& [k, v] : j->items())
                out.push_back(k);
        return out;
    }
};

class Reader {
  public:
    explicit Reader(fs::path file) : file_(std::move(file)) {}

    [[noreturn]] void fail(const Node& n, const std::string& field, const std::string& why) const {
        std::string where = file_.string();
        if (n.line() > 0) where += ":" + std::to_string(n.line());
        throw IncidentError(where + ": " + field + ": " + sdk::sanitize(why, 300));
    }

    void known(const Node& table, const std::string& name, const std::set<std::string>& keys) const {
        for (const auto& k : table.keys())
            if (keys.count(k) == 0) {
                std::string list;
                for (const auto& key : keys)
                    list += (list.empty() ? "" : ", ") + key;
                fail(table.get(k), name.empty() ? k : name + "." + k,
                     "unknown key (known: " + list + ")");
            }
    }

    /// The string at `key` of the table named `table_name`; the field's name ("event[7].time")
    /// is only spelt out for an error (ten thousand events read eight keys each).
    std::string text(const Node& table, const std::string& table_name, const std::string& key,
                     bool required = false) const {
        auto field = [&] { return table_name + "." + key; };
        Node n = table.get(key);
        if (n.missing()) {
            if (required) fail(table, field(), "missing");
            return {};
        }
        auto v = n.str();
        if (!v) fail(n, field(), "must be a string");
        if (v->size() > 65536) fail(n, field(), "longer than 64 KiB");
        return *v;
    }

    std::vector<std::string> strings(const Node& table, const std::string& key,
                                     const std::string& field) const {
        std::vector<std::string> out;
        Node n = table.get(key);
        if (n.missing()) return out;
        if (!n.is_array()) fail(n, field, "must be a list of strings");
        for (const auto& item : n.items()) {
            auto v = item.str();
            if (!v) fail(item, field, "must hold strings");
            out.push_back(*v);
        }
        return out;
    }

    std::optional<bool> flag(const Node& table, const std::string& key,
                             const std::string& field) const {
        Node n = table.get(key);
        if (n.missing()) return std::nullopt;
        auto v = n.boolean();
        if (!v) fail(n, field, "must be true or false");
        return v;
    }

    const fs::path& file() const { return file_; }

  private:
    fs::path file_;
};

// "120-140", "5,7,9-12"
std::vector<std::pair<std::size_t, std::size_t>> line_ranges(const std::string& spec,
                                                            std::string& why) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    std::stringstream in(spec);
    std::string part;
    while (std::getline(in, part, ',')) {
        auto dash = part.find('-');
        try {
            std::size_t used = 0;
            std::size_t a = std::stoul(part.substr(0, dash), &used);
            std::size_t b = dash == std::string::npos ? a : std::stoul(part.substr(dash + 1));
            if (a == 0 || b < a) throw std::invalid_argument("order");
            out.emplace_back(a, b);
        } catch (const std::exception&) {
            why = "\"" + spec + "\" is not line numbers like 120-140 or 5,7,9-12";
            return {};
        }
    }
    return out;
}

// Syslog times carry no year: this year is meant.
int current_year() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    return tm.tm_year + 1900;
}

} // namespace

Incident read_incident(const fs::path& file, const IncidentOptions& options) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec))
        throw IncidentError(file.string() + ": not a readable file");
    if (fs::file_size(file, ec) > kMaxIncidentBytes)
        throw IncidentError(file.string() + ": larger than 4 MiB");
    Reader r(file);
    toml::table toml_doc;
    nlohmann::json json_doc;
    Node root;
    std::string ext = file.extension().string();
    if (ext == ".json") {
        std::ifstream in(file);
        json_doc = nlohmann::json::parse(in, nullptr, false);
        if (json_doc.is_discarded() || !json_doc.is_object())
            throw IncidentError(file.string() + ": not a JSON object");
        root = Node{nullptr, &json_doc};
    } else {
        try {
            toml_doc = toml::parse_file(file.string());
        } catch (const toml::parse_error& e) {
            throw IncidentError(file.string() + ":" + std::to_string(e.source().begin.line) +
                                ": " + std::string(e.description()));
        }
        root = Node{&toml_doc, nullptr};
    }
    r.known(root, "", {"reporter", "clock", "event", "told", "policy"});

    Incident inc;
    inc.file = file;
    Node rep = root.get("reporter");
    if (rep.missing()) r.fail(root, "reporter", "missing: who we are ([reporter])");
    if (!rep.is_table()) r.fail(rep, "reporter", "must be a table");
    r.known(rep, "reporter",
            {"organization", "name", "email", "phone", "pgp_fingerprint", "tracking_prefix"});
    inc.reporter.organization = r.text(rep, "reporter", "organization", true);
    inc.reporter.name = r.text(rep, "reporter", "name");
    inc.reporter.email = r.text(rep, "reporter", "email", true);
    // Our own address is the envelope sender and the From: it passes the same rule as every
    // address we write to.
    if (auto m = sdk::check_mailbox(inc.reporter.email); !m.ok())
        r.fail(rep.get("email"), "reporter.email", "not a mailbox: " + m.refused);
    else if (!m.confusable.empty())
        r.fail(rep.get("email"), "reporter.email", m.confusable);
    inc.reporter.phone = r.text(rep, "reporter", "phone");
    inc.reporter.pgp_fingerprint = r.text(rep, "reporter", "pgp_fingerprint");
    inc.reporter.tracking_prefix = r.text(rep, "reporter", "tracking_prefix");
    for (char c : inc.reporter.tracking_prefix)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
            r.fail(rep.get("tracking_prefix"), "reporter.tracking_prefix",
                   "letters, digits, - and _ only");

    Node clock = root.get("clock");
    if (!clock.missing()) {
        if (!clock.is_table()) r.fail(clock, "clock", "must be a table");
        r.known(clock, "clock", {"zone", "error"});
        inc.clock.zone = r.text(clock, "clock", "zone");
        inc.clock.error = r.text(clock, "clock", "error");
        if (!inc.clock.zone.empty() && !zone_exists(inc.clock.zone))
            r.fail(clock.get("zone"), "clock.zone",
                   "\"" + inc.clock.zone + "\" is not a time zone (e.g. Asia/Tokyo, UTC)");
    }

    Node pol = root.get("policy");
    if (!pol.missing()) {
        if (!pol.is_table()) r.fail(pol, "policy", "must be a table");
        r.known(pol, "policy",
                {"redact", "redact_user_names", "cc_csirt", "relay", "tell_others",
                 "max_recipients", "languages", "xarf", "notify", "interval_days",
                 "require_authenticated"});
        inc.policy.redact = r.strings(pol, "redact", "policy.redact");
        if (auto v = r.flag(pol, "redact_user_names", "policy.redact_user_names"))
            inc.policy.redact_user_names = *v;
        if (auto v = r.flag(pol, "cc_csirt", "policy.cc_csirt")) inc.policy.cc_csirt = *v;
        if (auto v = r.flag(pol, "relay", "policy.relay")) inc.policy.relay = *v;
        if (auto v = r.flag(pol, "tell_others", "policy.tell_others")) inc.policy.tell_others = *v;
        if (auto v = r.flag(pol, "xarf", "policy.xarf")) inc.policy.xarf = *v;
        if (auto v = r.flag(pol, "require_authenticated", "policy.require_authenticated"))
            inc.policy.require_authenticated = *v;
        if (Node n = pol.get("max_recipients"); !n.missing()) {
            auto v = n.integer();
            if (!v || *v < 1 || *v > 20) r.fail(n, "policy.max_recipients", "must be 1 to 20");
            inc.policy.max_recipients = static_cast<int>(*v);
        }
        if (Node n = pol.get("interval_days"); !n.missing()) {
            auto v = n.integer();
            if (!v || *v < 0 || *v > 3650) r.fail(n, "policy.interval_days", "must be 0 to 3650");
            inc.policy.interval_days = static_cast<int>(*v);
        }
        auto langs = r.strings(pol, "languages", "policy.languages");
        for (const auto& l : langs)
            if (l != "en" && l != "ja")
                r.fail(pol.get("languages"), "policy.languages",
                       "\"" + l + "\" has no built-in template (en, ja)");
        if (!langs.empty()) inc.policy.languages = langs;
        std::string notify = r.text(pol, "policy", "notify");
        if (!notify.empty()) {
            if (notify != "source" && notify != "destination" && notify != "both")
                r.fail(pol.get("notify"), "policy.notify", "must be source, destination or both");
            inc.policy.notify = notify;
        }
    }

    for (const auto& t : root.get("told").items()) {
        if (!t.is_table()) r.fail(t, "told", "must be a table");
        r.known(t, "told", {"party", "tracking"});
        inc.told.push_back({r.text(t, "told", "party", true),
                            r.text(t, "told", "tracking")});
    }

    Node events = root.get("event");
    const std::vector<Node> items = events.items();
    if (events.missing() || items.empty())
        r.fail(root, "event", "no [[event]]: nothing to tell anyone about");
    if (items.size() > kMaxEvents) r.fail(events, "event", "more than 10,000 events");
    std::size_t index = 0;
    std::size_t log_budget = kMaxLogBytesRead;
    inc.events.reserve(items.size());
    for (const auto& e : items) {
        ++index;
        std::string f = "event[" + std::to_string(index) + "]";
        if (!e.is_table()) r.fail(e, f, "must be a table");
        static const std::set<std::string> kEventKeys{
            "time", "source", "destination", "protocol", "port",   "direction", "description",
            "excerpt", "log", "lines", "count", "last_seen", "type"};
        r.known(e, f, kEventKeys);
        Event ev;
        ev.index = index;
        ev.file_line = e.line();
        std::string when = r.text(e, f, "time", true);
        std::string why;
        auto t = parse_event_time(when, inc.clock.zone, current_year(), why);
        if (!t) r.fail(e.get("time"), f + ".time", why);
        ev.time = *t;
        if (std::string last = r.text(e, f, "last_seen"); !last.empty()) {
            auto l = parse_event_time(last, inc.clock.zone, current_year(), why);
            if (!l) r.fail(e.get("last_seen"), f + ".last_seen", why);
            if (l->unix < ev.time.unix)
                r.fail(e.get("last_seen"), f + ".last_seen", "is before the event's time");
            ev.last_seen = *l;
        }
        if (Node n = e.get("count"); !n.missing()) {
            auto v = n.integer();
            if (!v || *v < 1 || *v > 1000000000)
                r.fail(n, f + ".count", "must be a number of times from 1");
            ev.count = *v;
        }
        ev.type = sdk::ascii_lower(r.text(e, f, "type"));
        if (!ev.type.empty() && xarf_type_of(ev.type).empty() && !content_type(ev.type))
            r.fail(e.get("type"), f + ".type",
                   "\"" + ev.type + "\" is not login-attack, port-scan, ddos, exploit, "
                   "web-crawler, phishing or malware");
        ev.source = r.text(e, f, "source");
        ev.destination = r.text(e, f, "destination");
        if (ev.source.empty() && ev.destination.empty())
            r.fail(e, f, "needs a source or a destination");
        ev.protocol = sdk::ascii_lower(r.text(e, f, "protocol"));
        if (Node n = e.get("port"); !n.missing()) {
            auto v = n.integer();
            if (!v || *v < 0 || *v > 65535) r.fail(n, f + ".port", "must be 0 to 65535");
            ev.port = static_cast<int>(*v);
        }
        ev.direction = r.text(e, f, "direction");
        ev.description = r.text(e, f, "description");
        ev.excerpt = r.text(e, f, "excerpt");
        ev.log = r.text(e, f, "log");
        std::string lines = r.text(e, f, "lines");
        if (!ev.log.empty()) {
            auto log = resolve_log(file.parent_path(), ev.log, options.allow_outside, why);
            if (!log) r.fail(e.get("log"), f + ".log", why);
            ev.log_path = *log;
            std::vector<std::pair<std::size_t, std::size_t>> ranges;
            if (!lines.empty()) {
                ranges = line_ranges(lines, why);
                if (!why.empty()) r.fail(e.get("lines"), f + ".lines", why);
            } else {
                std::error_code ec;
                if (fs::file_size(*log, ec) > kMaxLogBytes)
                    r.fail(e.get("log"), f + ".log",
                           "log file " + ev.log +
                               " is larger than 16 MiB; name the lines with `lines`");
            }
            std::string notified = inc.policy.notify == "destination" ? ev.destination : ev.source;
            auto excerpt = read_log_lines(*log, ranges, notified, log_budget, why);
            if (!why.empty()) r.fail(e.get(lines.empty() ? "log" : "lines"), f + ".log", why);
            ev.lines = std::move(excerpt.lines);
            ev.lines_more = excerpt.more;
        } else if (!lines.empty()) {
            r.fail(e.get("lines"), f + ".lines", "names lines but no log file");
        }
        inc.events.push_back(std::move(ev));
    }
    return inc;
}

} // namespace renraku::core::notice
