#include "output.hpp"

#include "../model/channel.hpp"

#include "renraku/sdk/text.hpp"

namespace renraku::core {

namespace {

std::string clean(const std::string& s) {
    return sdk::sanitize(s, 2048);
}

void put_if(nlohmann::ordered_json& j, const char* key, const std::string& value) {
    if (!value.empty()) j[key] = clean(value);
}

nlohmann::ordered_json evidence_json(const SourcedFinding& f) {
    nlohmann::ordered_json e;
    e["source"] = clean(f.source);
    const auto& ev = f.finding.evidence;
    put_if(e, "server", ev.server);
    put_if(e, "object", ev.object);
    put_if(e, "field", ev.field);
    put_if(e, "scope", f.finding.scope.value);
    put_if(e, "scope_kind", f.finding.scope.kind);
    put_if(e, "indicator", f.indicator);
    put_if(e, "excerpt", ev.excerpt);
    put_if(e, "retrieved_at", ev.retrieved_at);
    // How it travelled.
    put_if(e, "transport", ev.transport);
    put_if(e, "dnssec", ev.dnssec);
    put_if(e, "dnssec_reason", ev.dnssec_reason);
    if (ev.transport == "https" || ev.transport == "http") e["tls_verified"] = ev.tls_verified;
    put_if(e, "tls_subject", ev.tls_subject);
    put_if(e, "tls_issuer", ev.tls_issuer);
    put_if(e, "data_file", ev.data_file);
    put_if(e, "data_date", ev.data_date);
    put_if(e, "serial", ev.serial);
    return e;
}

double round3(double v) {
    return static_cast<double>(static_cast<long long>(v * 1000 + (v < 0 ? -0.5 : 0.5))) / 1000.0;
}

} // namespace

std::string dump_json(const nlohmann::ordered_json& j, int indent) {
    return j.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

nlohmann::ordered_json result_to_json(const Result& r, bool explain) {
    nlohmann::ordered_json j;
    j["indicator"] = clean(r.indicator.input.empty() ? r.indicator.value : r.indicator.input);
    if (!r.bad_input.empty()) {
        // A line of a batch that is not an indicator: said where, and why, under errors.
        j["type"] = nullptr;
        if (r.line > 0) j["line"] = r.line;
        j["contacts"] = nlohmann::ordered_json::array();
        j["errors"] = nlohmann::ordered_json::array();
        for (const auto& e : r.errors)
            j["errors"].push_back({{"source", clean(e.source)},
                                   {"message", clean(e.message)},
                                   {"status", error_kind_name(e.kind)}});
        return j;
    }
    j["type"] = std::string(sdk::type_name(r.indicator.type));
    j["normalized"] = clean(r.indicator.value);
    if (r.line > 0) j["line"] = r.line;
    if (r.port >= 0) j["port"] = r.port;
    if (!r.indicator.registrable.empty()) j["registrable_domain"] = clean(r.indicator.registrable);
    if (!r.indicator.host_unicode.empty() && r.indicator.host_unicode != r.indicator.host)
        j["host_unicode"] = clean(r.indicator.host_unicode);
    if (!r.derived.empty()) {
        j["derived"] = nlohmann::ordered_json::array();
        for (const auto& d : r.derived)
            j["derived"].push_back(clean(d));
    }
    j["contacts"] = nlohmann::ordered_json::array();
    for (const auto& c : r.contacts) {
        nlohmann::ordered_json cj;
        put_if(cj, "email", c.contact.email);
        put_if(cj, "phone", c.contact.phone);
        put_if(cj, "url", c.contact.url);
        put_if(cj, "api", c.contact.api);
        put_if(cj, "name", c.contact.name);
        put_if(cj, "organization", c.contact.organization);
        put_if(cj, "country", c.contact.country);
        put_if(cj, "pgp_fingerprint", c.contact.pgp_fingerprint);
        cj["channel"] = channel_name(channel_of(c.contact));
        cj["role"] = std::string(sdk::role_name(c.role));
        cj["score"] = round3(c.score);
        cj["recommend"] = recommend_name(c.recommend);
        cj["evidence"] = nlohmann::ordered_json::array();
        for (const auto& e : c.evidence)
            cj["evidence"].push_back(evidence_json(e));
        cj["caveats"] = nlohmann::ordered_json::array();
        for (const auto& cv : c.caveats)
            cj["caveats"].push_back(clean(cv));
        if (explain) {
            cj["explain"] = nlohmann::ordered_json::array();
            for (const auto& sw : c.explanation)
                cj["explain"].push_back(
                    {{"signal", clean(sw.signal)}, {"weight", round3(sw.weight)}});
        }
        j["contacts"].push_back(std::move(cj));
    }
    j["errors"] = nlohmann::ordered_json::array();
    for (const auto& e : r.errors) {
        nlohmann::ordered_json ej{{"source", clean(e.source)},
                                  {"message", clean(e.message)},
                                  {"status", error_kind_name(e.kind)}};
        put_if(ej, "indicator", e.indicator);
        j["errors"].push_back(std::move(ej));
    }
    if (!r.notes.empty()) {
        j["notes"] = nlohmann::ordered_json::array();
        for (const auto& n : r.notes)
            j["notes"].push_back({{"source", clean(n.source)}, {"message", clean(n.message)}});
    }
    return j;
}

} // namespace renraku::core
