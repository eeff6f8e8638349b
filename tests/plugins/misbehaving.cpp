// A source that misbehaves on purpose, so that tests can show the core survives it:
//   mode = "throw"   lookup() throws
//   mode = "sleep"   lookup() ignores its deadline and sleeps sleep_ms
//   mode = "hostile" returns a contact full of terminal escapes and control bytes
//   mode = "fail"    returns a typed transient failure

#include "renraku/sdk/plugin.hpp"

#include <chrono>
#include <stdexcept>
#include <thread>

namespace {

using namespace renraku::sdk;

class Misbehaving final : public Source {
  public:
    Misbehaving(std::string mode, std::int64_t sleep_ms)
        : mode_(std::move(mode)), sleep_ms_(sleep_ms) {}

  private:
    Outcome do_lookup(const Indicator& ind, Services&) override {
        if (mode_ == "throw") throw std::runtime_error("deliberate failure for " + ind.value);
        if (mode_ == "sleep") {
            std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms_));
            return Outcome::nothing();
        }
        if (mode_ == "fail")
            return Outcome::failure(Outcome::Status::transient, "server unreachable");
        Finding f;
        f.contact.email = "evil@example.test";
        f.contact.organization = "Org\x1b]0;pwned\x07 \xc2\x9b"
                                 "31m";
        f.contact.name = "Bidi \xe2\x80\xae"
                         "reversed";
        f.role = Role::abuse;
        f.scope = {"domain", "example.test"};
        f.evidence.server = "whois\x1b[31m.example";
        f.evidence.excerpt = "line1\r\nline2\x1b[0m\xff\xfe";
        f.caveats.push_back("caveat with \x1b[5mblink");
        f.signals.push_back("registry_abuse_contact");
        // An address holding escapes: refused by the address rule, and named in a note.
        Finding bad = f;
        bad.contact.email = "evil\x1b[2J@example.test";
        return Outcome::found({f, bad});
    }
    std::string mode_;
    std::int64_t sleep_ms_;
};

class MisbehavingFactory final : public Factory {
  public:
    SourceInfo info() const override {
        SourceInfo i;
        i.name = "misbehaving";
        i.version = "0.0.1";
        i.description = "a test source that throws, stalls or returns hostile text";
        i.types = bit(IndicatorType::domain) | bit(IndicatorType::ipv4) | bit(IndicatorType::ipv6);
        i.needs_network = false;
        i.keys = {
            {"mode", ValueType::string, std::string("hostile"), "throw, sleep, hostile or fail"},
            {"sleep_ms", ValueType::integer, std::int64_t{3000}, "how long sleep mode sleeps"}};
        return i;
    }
    std::unique_ptr<Source> make(const SourceConfig& c) const override {
        const auto& mode = c.get_string("mode");
        if (mode != "throw" && mode != "sleep" && mode != "hostile" && mode != "fail")
            throw std::invalid_argument("mode must be throw, sleep, hostile or fail");
        return std::make_unique<Misbehaving>(mode, c.get_int("sleep_ms"));
    }
};

} // namespace

RENRAKU_PLUGIN(MisbehavingFactory)
