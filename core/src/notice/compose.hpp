#pragma once
// From an incident and the lookups of its indicators to one notice per recipient: who is told
// about which events, what they may see (redacted), the text in their language, and what the
// memo's checklist finds missing.

#include "../indicator/ours.hpp"
#include "../model/result.hpp"
#include "incident.hpp"
#include "template.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace renraku::core::notice {

/// How one piece of evidence for a party travelled (listed in notice.json).
struct EvidenceChannel {
    std::string source;
    std::string server;
    std::string object;
    std::string transport;
    std::string dnssec;
    bool tls_verified = false;
    std::string data_file;
    std::string data_date;
    bool authenticated = false;
};

struct Party {
    std::string email;
    std::string role;
    std::string organization;
    std::string country;
    std::string pgp_fingerprint;     // from a source trusted for it
    std::string preferred_languages; // the site's security.txt Preferred-Languages, when known
    std::vector<std::string> alternatives; // phone numbers and web forms for the same party
    // A desk that takes reports through its web form only (`email` empty): the notice is a
    // form packet to submit by hand there.
    std::string form;
    // What the lookup said of this party (what its desk asks for in a report, a desk to check
    // before sending, a host fronted by it): shown to the responder, never sent.
    std::vector<std::string> caveats;
    // A registrar or a registry operator: it sponsors a domain, it does not host what is
    // served there (content is asked about as at a domain registered through it).
    bool sponsor = false;
    /// The evidence that named the party, with the channel each came over.
    std::vector<EvidenceChannel> evidence;
    bool authenticated() const {
        for (const auto& e : evidence)
            if (e.authenticated) return true;
        return false;
    }
    /// Whom the notice goes to: the address, or the form.
    const std::string& recipient() const { return email.empty() ? form : email; }
};

struct Draft {
    Party to;
    std::vector<Party> cc;
    // A follow-up: whom the case was sent to before, when, and why it goes on (for the
    // follow-up template); empty for a first notice.
    std::string previous_recipient;
    std::string previous_date;
    std::string previous_reason;
    bool upstream = false;               // a follow-up to the network that covers the earlier one
    bool relay = false;                  // `to` is a CSIRT asked to relay
    std::string relay_for;               // the indicators whose owners it is asked to reach
    std::vector<std::size_t> events;     // indices into Incident::events
    std::vector<std::string> indicators; // the indicators of this recipient's networks
};

/// The party a scored contact stands for.
Party party_of(const ScoredContact& c);

/// An indicator nobody can be told about, and why.
struct Unaddressed {
    std::string indicator;
    std::string reason;
};

/// The indicators to tell about for each event (its source, destination or both, per policy),
/// as the lookup normalised them; our own (policy.redact) are left out.
std::map<std::size_t, std::vector<std::string>> notified_indicators(const Incident& inc,
                                                                    const Ours& ours);

/// One draft per recommended recipient (the first `to` of each indicator), never one per event.
std::vector<Draft> plan(const Incident& inc,
                        const std::map<std::size_t, std::vector<std::string>>& by_event,
                        const std::map<std::string, Result>& results,
                        std::vector<Unaddressed>& unaddressed);

/// The most a notice's logs.txt holds: the excerpt shows what was seen, it is not the log.
inline constexpr std::size_t kMaxNoticeLogBytes = std::size_t{1} << 20;
/// The most of an event's log lines an X-ARF report carries as its sample.
inline constexpr std::size_t kMaxXarfSample = 64 * 1024;

/// What a recipient may see: our own (the config's [site] and the incident's [policy] redact),
/// and the indicators of other recipients, are replaced by labels.
struct Disclosure {
    Ours ours;
    std::set<std::string> others; // lower case
    bool user_names = true;       // replace our users' names
};

struct Composed {
    std::string language;
    std::string subject;
    std::string body;
    std::string logs;          // logs.txt: this recipient's lines, redacted, at most 1 MiB
    std::size_t log_lines = 0; // lines in logs.txt
    std::map<std::string, std::size_t> log_files; // the log files they came from: lines each
    std::string events_csv;                       // events.csv
    nlohmann::ordered_json json;
    /// X-ARF reports (schema version 3), one an event of a kind X-ARF reports, when the policy
    /// asks: file name ("xarf.json", "xarf-2.json", ...) and text.
    std::vector<std::pair<std::string, std::string>> xarf;
    std::map<std::string, std::string> redacted; // what each label hides: our own record
    std::vector<std::string> warnings;
};

Composed compose(const Incident& inc, const Draft& d, const std::string& tracking,
                 const Disclosure& disclosure, const std::string& language, const Template& tmpl,
                 std::int64_t now);

/// The memo's list (section V) against one notice: what is missing.
std::vector<std::string> checklist(const Incident& inc, const Draft& d, bool tracking_issued);

/// The language of a recipient: --lang, else Japanese for a Japanese party when the policy
/// allows it, else the policy's first.
std::string language_for(const Incident& inc, const Draft& d, const std::string& forced);

} // namespace renraku::core::notice
