#include "output.hpp"

#include "renraku/sdk/text.hpp"

#include <algorithm>
#include <iomanip>
#include <set>
#include <sstream>

namespace renraku::core {

namespace {

std::string clean(const std::string& s, std::size_t max = 512) {
    return sdk::sanitize(s, max);
}

std::string csv_field(const std::string& raw) {
    return csv_quote(clean(raw, 1024));
}

std::string contact_text(const ScoredContact& c) {
    if (!c.contact.email.empty()) return c.contact.email;
    if (!c.contact.phone.empty()) return "tel:" + c.contact.phone;
    if (c.contact.url.empty() && !c.contact.api.empty()) return "api: " + c.contact.api;
    return c.contact.url;
}

std::string sources_of(const ScoredContact& c) {
    std::set<std::string> names;
    for (const auto& e : c.evidence)
        names.insert(e.source);
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ",") + n;
    return out;
}

std::string score_text(double v) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(2) << v;
    return s.str();
}

// Display width for alignment: counts code points, which is close enough for the ASCII
// and most text registries give us.
std::size_t width(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::string pad(const std::string& s, std::size_t w) {
    std::size_t n = width(s);
    return n >= w ? s : s + std::string(w - n, ' ');
}

// The table's order: every `to`, then every `cc`, then the rest, each by score; contacts with no
// weight and registry placeholders only when asked for (the JSON keeps the contract's order).
// How a piece of evidence travelled, in a few words: "dns, DNSSEC secure", "https, TLS
// verified (CN = rdap.arin.net)", "whois, clear text", "data, csirts/teams.json of 2026-11-01".
std::string channel_text(const sdk::Evidence& ev) {
    if (ev.transport.empty()) return "channel not said";
    std::string t = ev.transport;
    if (t == "dns")
        t += ", DNSSEC " + (ev.dnssec.empty() ? std::string("indeterminate") : ev.dnssec);
    else if (t == "https")
        t += ev.tls_verified
                 ? ", TLS verified" +
                       (ev.tls_subject.empty() ? std::string() : " (" + ev.tls_subject + ")")
                 : ", TLS not verified";
    else if (t == "http" || t == "whois")
        t += ", clear text";
    else if (!ev.data_file.empty())
        t += ", " + ev.data_file + (ev.data_date.empty() ? "" : " of " + ev.data_date);
    return t;
}

std::vector<const ScoredContact*> table_rows(const Result& r, bool verbose, std::size_t& hidden) {
    std::vector<const ScoredContact*> rows;
    hidden = 0;
    for (Recommend rec : {Recommend::to, Recommend::cc, Recommend::alt})
        for (const auto& c : r.contacts) {
            if (c.recommend != rec) continue;
            bool placeholder =
                std::find(c.signals.begin(), c.signals.end(), "placeholder") != c.signals.end();
            // A mailbox that bounced stays in sight: it says why the `to` is another.
            bool bounced =
                std::find(c.signals.begin(), c.signals.end(), "mailbox_bounced") != c.signals.end();
            if (!verbose && c.recommend == Recommend::alt && !bounced &&
                (c.score <= 0.0 || placeholder)) {
                ++hidden;
                continue;
            }
            rows.push_back(&c);
        }
    return rows;
}

void write_table(std::ostream& out, const Result& r, bool explain, bool color, bool verbose) {
    auto bold = [&](const std::string& s) { return color ? "\x1b[1m" + s + "\x1b[0m" : s; };
    std::string head = clean(r.indicator.input.empty() ? r.indicator.value : r.indicator.input);
    if (!r.bad_input.empty()) {
        out << bold(head) << "  (not an indicator";
        if (r.line > 0) out << ", line " << r.line;
        out << ")\n";
        for (const auto& e : r.errors)
            out << "  error: " << clean(e.message) << "\n";
        out << "\n";
        return;
    }
    out << bold(head) << "  (" << sdk::type_name(r.indicator.type);
    if (r.indicator.value != r.indicator.input) out << ", " << clean(r.indicator.value);
    if (r.port >= 0) out << ", port " << r.port;
    if (r.line > 0) out << ", line " << r.line;
    if (!r.indicator.registrable.empty() && r.indicator.registrable != r.indicator.value)
        out << ", registrable " << clean(r.indicator.registrable);
    out << ")\n";
    if (!r.derived.empty()) {
        out << "  also looked up:";
        for (const auto& d : r.derived)
            out << " " << clean(d);
        out << "\n";
    }
    if (r.contacts.empty()) out << "  no contact found\n";
    std::size_t hidden = 0;
    auto shown = table_rows(r, verbose || explain, hidden);
    // Paste-ready recipients first.
    for (Recommend rec : {Recommend::to, Recommend::cc}) {
        std::string line;
        for (const auto* c : shown)
            if (c->recommend == rec && !c->contact.email.empty())
                line += (line.empty() ? "" : ", ") + clean(c->contact.email, 120);
        if (!line.empty()) out << "  " << (rec == Recommend::to ? "To: " : "Cc: ") << line << "\n";
    }
    // A desk that takes its web form only: submitted by hand, not pasted into a mail.
    for (const auto* c : shown)
        if (c->recommend == Recommend::to && c->contact.email.empty() && !c->contact.url.empty())
            out << "  To (web form, by hand): " << clean(c->contact.url, 200) << "\n";
    std::vector<std::vector<std::string>> rows;
    rows.push_back({"REC", "SCORE", "ROLE", "CONTACT", "SOURCES", "SCOPE"});
    for (const auto* cp : shown) {
        const auto& c = *cp;
        std::string scope = c.evidence.empty() ? "" : c.evidence.front().finding.scope.value;
        rows.push_back({recommend_name(c.recommend), score_text(c.score),
                        std::string(sdk::role_name(c.role)), clean(contact_text(c), 120),
                        clean(sources_of(c), 120), clean(scope, 80)});
    }
    std::vector<std::size_t> widths(rows.front().size(), 0);
    for (const auto& row : rows)
        for (std::size_t i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], width(row[i]));
    std::set<std::string> said; // each caveat once per result
    for (std::size_t ri = 0; ri < rows.size() && !shown.empty(); ++ri) {
        out << "  ";
        for (std::size_t i = 0; i < rows[ri].size(); ++i)
            out << (i + 1 == rows[ri].size() ? rows[ri][i] : pad(rows[ri][i], widths[i] + 2));
        out << "\n";
        if (ri == 0) continue;
        const auto& c = *shown[ri - 1];
        for (const auto& cv : c.caveats)
            if (said.insert(cv).second) out << "        ! " << clean(cv) << "\n";
        if (verbose && !explain)
            for (const auto& e : c.evidence)
                out << "        via " << clean(e.source) << ": "
                    << clean(channel_text(e.finding.evidence), 200) << "  "
                    << clean(e.finding.evidence.server) << " " << clean(e.finding.evidence.object)
                    << "\n";
        if (explain) {
            for (const auto& sw : c.explanation) {
                std::ostringstream w;
                w << std::showpos << std::fixed << std::setprecision(2) << sw.weight;
                out << "        " << w.str() << "  " << clean(sw.signal) << "\n";
            }
            for (const auto& e : c.evidence) {
                const auto& ev = e.finding.evidence;
                out << "        from " << clean(e.source) << ": " << clean(ev.server) << " "
                    << clean(ev.object) << " " << clean(ev.field);
                if (!ev.excerpt.empty()) out << "  \"" << clean(ev.excerpt, 160) << "\"";
                out << "  [" << clean(channel_text(ev), 200) << "]\n";
            }
        }
    }
    if (hidden > 0)
        out << "  (" << hidden << (hidden == 1 ? " more contact" : " more contacts")
            << " with no weight or a registry placeholder: -v shows them)\n";
    for (const auto& n : r.notes)
        out << "  note (" << clean(n.source) << "): " << clean(n.message) << "\n";
    for (const auto& e : r.errors)
        out << "  error (" << clean(e.source) << ", " << clean(e.indicator)
            << "): " << clean(e.message) << "\n";
    out << "\n";
}

} // namespace

std::string csv_quote(const std::string& text) {
    std::string s = text;
    // A leading = + - @ would be run as a formula by spreadsheet programs.
    if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) s = "'" + s;
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    return out + "\"";
}

void ResultWriter::write(const Result& r) {
    ++written_;
    switch (options_.format) {
    case Format::table:
        write_table(out_, r, options_.explain, options_.color, options_.verbose);
        break;
    case Format::json: {
        // The array is written as it grows, each element indented as one array would be.
        std::string element = dump_json(result_to_json(r, options_.explain), 2);
        std::string indented = "  ";
        for (char c : element) {
            indented.push_back(c);
            if (c == '\n') indented += "  ";
        }
        out_ << (written_ == 1 ? "[\n" : ",\n") << indented << std::flush;
        break;
    }
    case Format::jsonl:
        out_ << dump_json(result_to_json(r, options_.explain), -1) << "\n" << std::flush;
        break;
    case Format::csv:
        if (!csv_header_written_) {
            out_ << "indicator,type,email,phone,url,role,score,recommend,sources,caveats\n";
            csv_header_written_ = true;
        }
        if (r.contacts.empty()) {
            // Every indicator has a row; with no contact, the reason is where caveats go.
            std::string why = "no contact found";
            if (!r.bad_input.empty() && !r.errors.empty())
                why = "not an indicator: " + r.errors.front().message;
            else if (!r.notes.empty() && r.notes.front().source == "renraku")
                why = r.notes.front().message;
            else if (!r.errors.empty())
                why = "no contact found; " + r.errors.front().source +
                      " failed: " + r.errors.front().message;
            out_ << csv_field(r.indicator.input.empty() ? r.indicator.value : r.indicator.input)
                 << "," << (r.bad_input.empty() ? sdk::type_name(r.indicator.type) : "")
                 << ",,,,,,,," << csv_field(why) << "\n";
        }
        for (const auto& c : r.contacts) {
            std::string caveats;
            for (const auto& cv : c.caveats)
                caveats += (caveats.empty() ? "" : "; ") + cv;
            out_ << csv_field(r.indicator.input.empty() ? r.indicator.value : r.indicator.input)
                 << "," << sdk::type_name(r.indicator.type) << "," << csv_field(c.contact.email)
                 << "," << csv_field(c.contact.phone)
                 << ","
                 // The columns stay as the contract has them: a reporting API in the url
                 // column, marked so.
                 << csv_field(c.contact.url.empty() && !c.contact.api.empty()
                                  ? "api: " + c.contact.api
                                  : c.contact.url)
                 << "," << sdk::role_name(c.role) << "," << score_text(c.score) << ","
                 << recommend_name(c.recommend) << "," << csv_field(sources_of(c)) << ","
                 << csv_field(caveats) << "\n";
        }
        break;
    }
}

void ResultWriter::finish() {
    if (options_.format == Format::json) out_ << (written_ == 0 ? "[]\n" : "\n]\n");
    if (options_.format == Format::csv && !csv_header_written_)
        out_ << "indicator,type,email,phone,url,role,score,recommend,sources,caveats\n";
    out_ << std::flush;
}

} // namespace renraku::core
