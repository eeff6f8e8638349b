// The API's first half: what a pasted log holds, whom to tell about it, grouped by recipient.

#include "api_handlers.hpp"

#include "../extract/extract.hpp"
#include "../indicator/ours.hpp"
#include "../output/output.hpp"
#include "renraku/sdk/text.hpp"

#include <map>
#include <set>
#include <sstream>

namespace renraku::core::server {

using json = nlohmann::ordered_json;

namespace {

constexpr std::size_t kMaxIndicators = 100000;
constexpr std::size_t kMaxIndicatorBytes = 2048;

std::vector<workflow::LookupInput> inputs_of(const nlohmann::json& body) {
    if (!body.contains("indicators") || !body["indicators"].is_array())
        throw BadField("indicators", "\"indicators\" must be a list of strings");
    const auto& list = body["indicators"];
    if (list.size() > kMaxIndicators)
        throw BadField("indicators", "at most 100000 indicators at once");
    std::vector<workflow::LookupInput> inputs;
    inputs.reserve(list.size());
    std::size_t n = 0;
    for (const auto& v : list) {
        ++n;
        if (!v.is_string() || v.get<std::string>().size() > kMaxIndicatorBytes)
            throw BadField("indicators", "indicator " + std::to_string(n) +
                                             " is not a string of at most 2048 bytes");
        workflow::LookupInput in;
        in.text = v.get<std::string>();
        in.line = n;
        inputs.push_back(std::move(in));
    }
    return inputs;
}

} // namespace

ApiReply json_reply(const nlohmann::ordered_json& j, int status) {
    return {status, "application/json", dump_json(j, -1)};
}

nlohmann::json body_object(const std::string& body) {
    auto j = nlohmann::json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw BadField("body", "the body is not a JSON object");
    return j;
}

std::string string_field(const nlohmann::json& o, const char* name, std::size_t max) {
    if (!o.contains(name) || !o[name].is_string())
        throw BadField(name, std::string("\"") + name + "\" must be a string");
    std::string s = o[name].get<std::string>();
    if (s.size() > max) throw BadField(name, std::string("\"") + name + "\" is too long");
    return s;
}

ApiReply Handlers::extract(const std::string& body) {
    auto b = body_object(body);
    std::string text = string_field(b, "text", kMaxBodyBytes);
    const Config& cfg = bench_.config();
    Ours ours(cfg.site.ours(), cfg.site.hosts);
    Extractor ex(ExtractOptions{false, &ours});
    std::istringstream in(text);
    ex.read(in, "log");
    json out{{"indicators", json::array()}, {"refused", json::array()}};
    for (const auto& e : ex.found()) {
        json j{{"value", sdk::sanitize(e.value)},
               {"type", std::string(sdk::type_name(e.type))},
               {"lines", e.lines()},
               {"ours", e.ours},
               {"count", e.count}};
        if (!e.first_time.empty()) j["first_time"] = sdk::sanitize(e.first_time);
        // The line it was first seen on, for the responder to see the context (the page puts
        // it in as text: a log line may hold markup).
        if (e.first_line) j["first_line"] = sdk::sanitize(*e.first_line, 1024);
        if (!e.protocol.empty()) j["protocol"] = e.protocol;
        if (e.our_port >= 0) j["port"] = e.our_port;
        out["indicators"].push_back(std::move(j));
    }
    for (const auto& e : ex.left_out())
        out["refused"].push_back({{"value", sdk::sanitize(e.value)},
                                  {"lines", e.lines()},
                                  {"why", std::string(e.special)}});
    return json_reply(out);
}

ApiReply Handlers::lookup(const std::string& body) {
    auto inputs = inputs_of(body_object(body));
    auto busy = bench_.try_busy();
    if (!busy.owns_lock())
        return error_reply(429, "another lookup or notice is running; try again when it ends");
    json results = json::array();
    bench_.batch().run(
        inputs, RunOptions{}, [](const workflow::LookupInput&, const std::string&) {},
        [&](Result&& r) { results.push_back(result_to_json(r, true)); });
    return json_reply({{"results", std::move(results)}});
}

ApiReply Handlers::lookup_stream(const std::string& body,
                                 const std::function<bool(const std::string&)>& write) {
    auto inputs = inputs_of(body_object(body));
    auto busy = bench_.try_busy();
    if (!busy.owns_lock())
        return error_reply(429, "another lookup or notice is running; try again when it ends");
    const std::size_t total = inputs.size();
    std::size_t done = 0;
    bool open =
        write("event: progress\ndata: " + json{{"done", 0}, {"total", total}}.dump() + "\n\n");
    bench_.batch().run(
        inputs, RunOptions{}, [](const workflow::LookupInput&, const std::string&) {},
        [&](Result&& r) {
            ++done;
            if (!open) return; // the client left; the batch ends on its own
            open =
                write("event: result\ndata: " + dump_json(result_to_json(r, true), -1) + "\n\n") &&
                write("event: progress\ndata: " + json{{"done", done}, {"total", total}}.dump() +
                      "\n\n");
        });
    if (open) write("event: done\ndata: {}\n\n");
    return {200, "text/event-stream", ""};
}

ApiReply Handlers::plan(const std::string& body) {
    auto b = body_object(body);
    if (!b.contains("results") || !b["results"].is_array())
        throw BadField("results", "\"results\" must be a list of lookup results");
    // One recipient per `to` address, every indicator it is `to` for, its `cc`, and the reasons
    // and caveats that make it the one: the page's review, from the objects /api/lookup gave.
    struct Recipient {
        json entry;
        std::set<std::string> cc, caveats, reasons;
    };
    std::vector<Recipient> recipients;
    std::map<std::string, std::size_t> index;
    json without = json::array();
    auto text = [](const nlohmann::json& o, const char* k) {
        return o.contains(k) && o[k].is_string() ? o[k].get<std::string>() : std::string();
    };
    for (const auto& r : b["results"]) {
        if (!r.is_object() || !r.contains("contacts") || !r["contacts"].is_array()) continue;
        std::string indicator = sdk::sanitize(text(r, "indicator"), 300);
        std::vector<std::string> ccs;
        for (const auto& c : r["contacts"])
            if (c.is_object() && text(c, "recommend") == "cc" && !text(c, "email").empty())
                ccs.push_back(sdk::sanitize(text(c, "email"), 300));
        bool addressed = false;
        for (const auto& c : r["contacts"]) {
            // The `to` is an address, or the web form of a desk that takes nothing else (its
            // notice is a packet to submit by hand).
            bool form = text(c, "email").empty() && text(c, "channel") == "form";
            if (!c.is_object() || text(c, "recommend") != "to" ||
                (text(c, "email").empty() && !form) || (form && text(c, "url").empty()))
                continue;
            addressed = true;
            std::string to = sdk::sanitize(text(c, form ? "url" : "email"), 300);
            auto [it, fresh] = index.emplace(to, recipients.size());
            if (fresh) {
                Recipient fresh_one;
                fresh_one.entry = {{"to", to},
                                   {"channel", form ? "form" : "email"},
                                   {"role", sdk::sanitize(text(c, "role"), 40)},
                                   {"organization", sdk::sanitize(text(c, "organization"), 300)},
                                   {"score", 0.0},
                                   {"indicators", json::array()}};
                recipients.push_back(std::move(fresh_one));
            }
            Recipient& rec = recipients[it->second];
            double score =
                c.contains("score") && c["score"].is_number() ? c["score"].get<double>() : 0.0;
            if (score > rec.entry["score"].get<double>()) rec.entry["score"] = score;
            rec.entry["indicators"].push_back({{"indicator", indicator}, {"score", score}});
            for (const auto& cc : ccs)
                rec.cc.insert(cc);
            if (c.contains("caveats") && c["caveats"].is_array())
                for (const auto& cv : c["caveats"])
                    if (cv.is_string() && rec.caveats.size() < 20)
                        rec.caveats.insert(sdk::sanitize(cv.get<std::string>(), 300));
            if (c.contains("explain") && c["explain"].is_array())
                for (const auto& e : c["explain"])
                    if (e.is_object() && rec.reasons.size() < 20)
                        rec.reasons.insert(sdk::sanitize(text(e, "signal"), 80));
        }
        if (!addressed) without.push_back({{"indicator", indicator}});
    }
    json out{{"recipients", json::array()}, {"without_to", std::move(without)}};
    for (auto& rec : recipients) {
        rec.entry["cc"] = rec.cc;
        rec.entry["reasons"] = rec.reasons;
        rec.entry["caveats"] = rec.caveats;
        out["recipients"].push_back(std::move(rec.entry));
    }
    return json_reply(out);
}

} // namespace renraku::core::server
