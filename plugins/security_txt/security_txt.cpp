// security_txt: the contacts a site publishes itself for security reports (RFC 9116)

#include "openpgp_check.hpp"
#include "security_txt_file.hpp"

#include "renraku/registry/whois_text.hpp"
#include "renraku/sdk/channel.hpp"
#include "renraku/sdk/plugin.hpp"
#include "renraku/sdk/signals.hpp"
#include "renraku/sdk/text.hpp"

#include <optional>

namespace {

using namespace renraku::sdk;
using namespace renraku::registry;
using renraku::security_txt::SecurityTxt;

constexpr const char* kWellKnown = "/.well-known/security.txt";
constexpr const char* kLegacy = "/security.txt";

long today(Services& services) {
    return registry_date_days(services.now_utc()).value_or(0);
}

// One place a security.txt was found, and what it says.
struct Found {
    std::string url;
    std::string host;
    std::string body;
    bool legacy = false;
    HttpResponse channel; // how it came (TLS), without its body
};

class SecurityTxtSource final : public Source {
  public:
    explicit SecurityTxtSource(const SourceConfig& c)
        : max_bytes_(static_cast<std::size_t>(c.get_int("max_bytes"))),
          keyring_(c.get_string("openpgp_keyring")),
          check_registrable_(c.get_bool("registrable_domain_too")) {
        if (c.get_int("max_bytes") < 256 || c.get_int("max_bytes") > (1 << 20))
            throw std::invalid_argument("max_bytes: between 256 and 1048576");
    }

  private:
    // Fetch one location. Returns the body when it is a security.txt (text/plain, within the
    // size limit); sets `problem` when the site answered something else worth a note, and
    // `transport` when it could not be reached.
    std::optional<HttpResponse> fetch(const std::string& url, Services& services,
                                      std::string& problem, std::string& transport,
                                      bool& unreachable) const {
        HttpRequest req;
        req.url = url;
        req.accept = "text/plain";
        auto r = services.http().get(req);
        if (r.status == HttpStatus::too_large ||
            (r.status == HttpStatus::ok && r.body.size() > max_bytes_)) {
            problem = url + " is larger than " + std::to_string(max_bytes_) + " bytes: not read";
            return std::nullopt;
        }
        if (r.status == HttpStatus::http_error) return std::nullopt; // 404 and the like
        if (r.status == HttpStatus::unreachable || r.status == HttpStatus::tls_error) {
            // Many sites serve no HTTPS at all: that is an answer, not a failure.
            unreachable = true;
            return std::nullopt;
        }
        if (r.status != HttpStatus::ok) {
            transport = r.message.empty() ? url + ": " + http_status_name(r.status) : r.message;
            return std::nullopt;
        }
        if (ascii_lower(r.content_type).rfind("text/plain", 0) != 0) {
            problem = url + " is " +
                      sanitize(r.content_type.empty() ? "untyped" : r.content_type, 60) +
                      ", not text/plain: not a security.txt";
            return std::nullopt;
        }
        return r;
    }

    std::optional<Found> find(const std::vector<std::string>& hosts, Services& services,
                              std::vector<std::string>& notes, std::string& transport,
                              std::vector<std::string>& no_https) const {
        for (const auto& host : hosts) {
            for (const char* path : {kWellKnown, kLegacy}) {
                std::string url = "https://" + host + path;
                std::string problem;
                bool unreachable = false;
                auto answer = fetch(url, services, problem, transport, unreachable);
                if (!problem.empty()) notes.push_back(problem);
                if (answer) {
                    Found found{url, host, std::move(answer->body), path == kLegacy, *answer};
                    return found;
                }
                if (unreachable) no_https.push_back(host);
                if (!transport.empty() || unreachable) break; // nor will its other path answer
            }
        }
        return std::nullopt;
    }

    Outcome do_lookup(const Indicator& ind, Services& services) override {
        if (ind.type != IndicatorType::domain || ind.host.empty()) return Outcome::nothing();
        std::vector<std::string> hosts = {ascii_lower(ind.host)};
        if (check_registrable_ && !ind.registrable.empty() &&
            ascii_lower(ind.registrable) != hosts.front())
            hosts.push_back(ascii_lower(ind.registrable));
        std::vector<std::string> notes;
        std::string transport;
        std::vector<std::string> no_https;
        auto found = find(hosts, services, notes, transport, no_https);
        if (!found) {
            if (!transport.empty() && notes.empty())
                return Outcome::failure(Outcome::Status::transient, transport);
            std::string note =
                "no security.txt at https://" + hosts.front() + kWellKnown + " or " + kLegacy;
            for (std::size_t i = 0; i < no_https.size(); ++i)
                note += (i == 0 ? "; no HTTPS service at " : ", ") + no_https[i];
            notes.push_back(note);
            Outcome o = Outcome::nothing();
            o.notes = std::move(notes);
            return o;
        }
        return read(*found, services, std::move(notes));
    }

    Outcome read(const Found& found, Services& services, std::vector<std::string> notes) const {
        SecurityTxt file = renraku::security_txt::parse_security_txt(found.body);
        std::vector<std::string> caveats;
        std::vector<std::string> extra_signals = {signals::site_published};
        if (found.legacy)
            caveats.push_back("found only at the legacy location " + found.url +
                              " (RFC 9116 asks for " + kWellKnown + ")");
        if (file.expires_count == 0) {
            caveats.push_back("has no Expires field (RFC 9116 requires one)");
        } else if (!file.expires_days) {
            caveats.push_back("its Expires field is not a date: \"" + sanitize(file.expires, 40) +
                              "\"");
        } else if (*file.expires_days < today(services)) {
            extra_signals.push_back(signals::expired_publication);
            caveats.push_back("security.txt expired on " + sanitize(file.expires, 40));
        }
        if (file.expires_count > 1) caveats.push_back("has more than one Expires field");
        if (!file.canonical.empty() && std::find(file.canonical.begin(), file.canonical.end(),
                                                 found.url) == file.canonical.end())
            caveats.push_back("its Canonical URL (" + sanitize(file.canonical.front(), 100) +
                              ") is not where it was found (" + found.url + "): it may be a copy");
        std::string fingerprint;
        for (const auto& e : file.encryption)
            if (auto f = renraku::security_txt::openpgp4fpr(e); !f.empty() && fingerprint.empty())
                fingerprint = f;
        if (file.signed_cleartext) check(found, file, fingerprint, extra_signals, caveats, notes);
        for (const auto& e : file.encryption)
            notes.push_back("encryption key: " + sanitize(e, 200));
        if (!file.preferred_languages.empty())
            notes.push_back("preferred languages: " + sanitize(file.preferred_languages, 60));
        for (const auto& p : file.policy)
            notes.push_back("policy: " + sanitize(p, 200));
        for (const auto& i : file.ignored)
            notes.push_back("ignored " + i);

        std::vector<Finding> findings;
        auto add = [&](Contact c, const std::string& excerpt) {
            Finding f;
            f.contact = std::move(c);
            f.role = Role::security;
            f.scope = {"domain", found.host};
            f.evidence.server = found.host;
            f.evidence.object = found.url;
            f.evidence.field = "Contact";
            f.evidence.excerpt = excerpt;
            note_channel(f.evidence, found.channel);
            f.signals = extra_signals;
            f.caveats = caveats;
            f.caveats.push_back("security.txt is for reporting vulnerabilities; for network "
                                "abuse the registry's abuse contact comes first");
            findings.push_back(std::move(f));
        };
        for (const auto& e : file.emails) {
            Contact c;
            c.email = e;
            c.pgp_fingerprint = fingerprint;
            add(c, "mailto:" + e);
        }
        for (const auto& u : file.urls) {
            Contact c;
            c.url = u;
            add(c, u);
        }
        for (const auto& p : file.phones) {
            Contact c;
            c.phone = p;
            add(c, "tel:" + p);
        }
        Outcome out = Outcome::found(std::move(findings));
        if (out.findings.empty()) notes.push_back(found.url + " has no usable Contact");
        out.notes = std::move(notes);
        return out;
    }

    void check(const Found& found, const SecurityTxt& file, const std::string& fingerprint,
               std::vector<std::string>& sigs, std::vector<std::string>& caveats,
               std::vector<std::string>& notes) const {
        using Result = renraku::security_txt::SignatureCheck::Result;
        if (file.signature_malformed) {
            caveats.push_back("its OpenPGP signature block is incomplete");
            return;
        }
        if (keyring_.empty()) {
            caveats.push_back("signed with OpenPGP; the signature was not checked (no "
                              "openpgp_keyring configured)");
            return;
        }
        auto c = renraku::security_txt::check_signature(found.body, keyring_,
                                                        std::chrono::milliseconds(3000));
        switch (c.result) {
        case Result::good:
            sigs.push_back(signals::signature_verified);
            notes.push_back("OpenPGP signature good, key " + c.fingerprint +
                            (!fingerprint.empty() && fingerprint == c.fingerprint
                                 ? " (the key its Encryption field names)"
                                 : ""));
            break;
        case Result::bad:
            sigs.push_back(signals::signature_bad);
            break;
        case Result::no_key:
            caveats.push_back("signed with OpenPGP by a key not in " + keyring_ +
                              ": the signature was not checked");
            break;
        case Result::error:
            caveats.push_back("signed with OpenPGP; the signature could not be checked: " +
                              c.message);
            break;
        }
    }

    std::size_t max_bytes_;
    std::string keyring_;
    bool check_registrable_;
};

class SecurityTxtFactory final : public Factory {
  public:
    SourceInfo info() const override {
        SourceInfo i;
        i.name = "security_txt";
        i.version = "1.0.0";
        i.description = "the site's own security contacts from its security.txt (RFC 9116)";
        i.types = bit(IndicatorType::domain);
        i.keys = {
            {"max_bytes", ValueType::integer, std::int64_t{32768},
             "the largest security.txt read, in bytes"},
            {"openpgp_keyring", ValueType::string, std::string(),
             "a keyring file (gpg --export) with which gpgv checks signed files; empty: signatures "
             "are recognised but not checked"},
            {"registrable_domain_too", ValueType::boolean, true,
             "when the host has none, also look at its registrable domain"},
        };
        return i;
    }
    std::unique_ptr<Source> make(const SourceConfig& config) const override {
        return std::make_unique<SecurityTxtSource>(config);
    }
};

} // namespace

RENRAKU_PLUGIN(SecurityTxtFactory)
