// Every recorded domain answer the project holds (tests/data/corpus/whois, .../peers and the
// RDAP domain answers in .../rdap): which
// contacts renraku reads from it, with their roles, as tests/data/corpus/domain-contacts.tsv
// states them; that no address the answer gives as a contact is filed as the registry's own
// text; and that no registry text or privacy-service address is ever `to` for the holder.
//
// The table was written from the reader's output and read through by hand; its registry-text
// rows are also held against the reviewed list below, so that a regression cannot be written
// into the table unnoticed. To rewrite it after a deliberate change of the reader:
//   RENRAKU_REWRITE_TABLE=1 build/bin/unit_tests "[.rewrite]"
// then read `git diff tests/data/corpus/domain-contacts.tsv` before committing it.

#include "renraku/registry/domain_registry.hpp"
#include "renraku/registry/domain_whois.hpp"
#include "renraku/registry/privacy_services.hpp"
#include "renraku/sdk/signals.hpp"
#include "renraku/sdk/text.hpp"
#include "score/scoring.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using renraku::registry::DomainContact;
using renraku::registry::PrivacyServices;

namespace {

const std::string kCorpus = std::string(RENRAKU_TEST_SOURCE_DIR) + "/tests/data/corpus/";
const std::string kTable = kCorpus + "domain-contacts.tsv";

// Address registries answer for networks, not domains: their answers are read elsewhere.
const std::set<std::string> kAddressServers = {
    "whois.arin.net",   "whois.ripe.net", "whois.apnic.net", "whois.afrinic.net",
    "whois.lacnic.net", "whois.radb.net", "_chains"};

// The registries' and registrars' own addresses that their answers print in notices and
// disclaimers (read through in each answer): the only addresses that may be registry text.
const std::set<std::string> kRegistryOwn = {"whoisrequest@markmonitor.com",
                                            "mail-abuse@cert.br",
                                            "cert@cert.br",
                                            "whois@nic.ve",
                                            "abuse@icbregistry.info",
                                            "info@verisign-grs.com",
                                            "support@coccaregistry.org",
                                            "dns-adm@seciu.edu.uy",
                                            "noc@kenic.or.ke",
                                            "abuse@kenic.or.ke",
                                            "dnq@sgnic.sg",
                                            "ayuda@nic.mx",
                                            "abuse@nic.mx",
                                            "abuse@dotscot.net",
                                            "help@whois.in.ua",
                                            "contacto@nic.hn",
                                            "adambengur@yahoo.com",
                                            "accounts@co.za"};

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// The recorded domain answers, relative to the corpus folder, in a stable order.
std::vector<std::string> answer_files() {
    std::vector<std::string> out;
    for (const char* top : {"whois", "peers", "rdap"}) {
        for (const auto& e : fs::recursive_directory_iterator(kCorpus + top)) {
            if (!e.is_regular_file()) continue;
            std::string rel = fs::relative(e.path(), kCorpus).generic_string();
            if (std::string(top) == "rdap") {
                // The recorded RDAP answers about a domain (the others are networks).
                auto root = nlohmann::json::parse(read(e.path()), nullptr, false);
                if (root.is_object() && root.value("objectClassName", "") == "domain")
                    out.push_back(rel);
                continue;
            }
            std::string server = rel.substr(rel.find('/') + 1);
            server = server.substr(0, server.find('/'));
            if (std::string(top) == "whois" && kAddressServers.count(server)) continue;
            out.push_back(rel);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

// python-whois recorded the registrar's and the registry's answers in one file, joined by a
// line "--": renraku reads each answer by itself, as it asks for each.
std::vector<std::string> answers_in(const std::string& text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        auto sep = text.find("\n--\n", start);
        parts.push_back(
            text.substr(start, sep == std::string::npos ? std::string::npos : sep - start));
        if (sep == std::string::npos) break;
        start = sep + 4;
    }
    return parts;
}

const PrivacyServices& shipped_privacy_list() {
    static auto list = PrivacyServices::load(std::string(RENRAKU_TEST_SOURCE_DIR) +
                                             "/config/data/registries/privacy-services.json");
    return *list;
}

struct Read {
    std::vector<DomainContact> contacts;
    bool not_found = true;
};

Read read_answer(const std::string& rel) {
    Read r;
    if (rel.rfind("rdap/", 0) == 0) {
        auto parsed =
            renraku::registry::parse_domain_rdap(read(kCorpus + rel), shipped_privacy_list());
        r.contacts = parsed.contacts;
        r.not_found = false;
        return r;
    }
    for (const auto& part : answers_in(read(kCorpus + rel))) {
        auto parsed = renraku::registry::parse_domain_whois(part, shipped_privacy_list());
        r.not_found = r.not_found && parsed.not_found;
        r.contacts.insert(r.contacts.end(), parsed.contacts.begin(), parsed.contacts.end());
    }
    return r;
}

std::string flags_of(const DomainContact& c) {
    std::string f;
    if (c.registrar) f += 'R';
    if (c.registry_text) f += 'T';
    if (c.privacy_proxy) f += 'P';
    return f.empty() ? "-" : f;
}

// One row per contact: "file<TAB>address<TAB>role<TAB>flags"; a file with none has one row
// with "-" (or "not-found" when the server says there is no such domain).
std::vector<std::string> rows_of(const std::string& rel, const Read& r) {
    std::vector<std::string> rows;
    std::set<std::string> seen;
    for (const auto& c : r.contacts) {
        std::string value = c.email.empty() ? c.url : renraku::sdk::ascii_lower(c.email);
        std::string row = rel + '\t' + value + '\t' + std::string(renraku::sdk::role_name(c.role)) +
                          '\t' + flags_of(c);
        if (seen.insert(row).second) rows.push_back(row);
    }
    if (rows.empty()) rows.push_back(rel + "\t" + (r.not_found ? "not-found" : "-") + "\t-\t-");
    std::sort(rows.begin(), rows.end());
    return rows;
}

std::map<std::string, std::vector<std::string>> table() {
    std::map<std::string, std::vector<std::string>> by_file;
    std::istringstream in(read(kTable));
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line.front() == '#') continue;
        by_file[line.substr(0, line.find('\t'))].push_back(line);
    }
    for (auto& [file, rows] : by_file)
        std::sort(rows.begin(), rows.end());
    return by_file;
}

} // namespace

TEST_CASE("every recorded domain answer: the contacts read from it, with their roles",
          "[domain_whois][corpus]") {
    auto expected = table();
    auto files = answer_files();
    REQUIRE(files.size() >= 1000);
    std::size_t checked = 0;
    for (const auto& rel : files) {
        auto it = expected.find(rel);
        INFO(rel);
        REQUIRE(it != expected.end()); // a new recording needs its rows
        CHECK(rows_of(rel, read_answer(rel)) == it->second);
        ++checked;
    }
    // No row names a file that is gone.
    for (const auto& [file, rows] : expected) {
        INFO(file);
        CHECK(fs::exists(kCorpus + file));
    }
    CHECK(checked == expected.size());
}

TEST_CASE("no contact of a recorded answer is filed as the registry's own text",
          "[domain_whois][corpus]") {
    std::size_t text = 0;
    for (const auto& rel : answer_files()) {
        for (const auto& c : read_answer(rel).contacts) {
            if (!c.registry_text) continue;
            ++text;
            INFO(rel << ": " << c.email);
            CHECK(kRegistryOwn.count(renraku::sdk::ascii_lower(c.email)) == 1);
        }
    }
    CHECK(text > 0); // the registries' notices are still recognised as theirs
}

TEST_CASE("no registry text or privacy-service address is `to` for the holder",
          "[domain_whois][corpus][scoring]") {
    using namespace renraku;
    const auto model = core::ScoringModel::from_config({});
    std::size_t proxies = 0;
    for (const auto& rel : answer_files()) {
        auto r = read_answer(rel);
        std::set<std::string> must_not_be_to;
        for (const auto& c : r.contacts) {
            if (c.email.empty()) continue;
            // The list's own judgement, apart from the reader's: an address of a listed service.
            bool listed = shipped_privacy_list().by_email(c.email) != nullptr;
            if (listed) {
                INFO(rel << ": " << c.email);
                CHECK(c.privacy_proxy);
            }
            if (c.registry_text || c.privacy_proxy || listed)
                must_not_be_to.insert(sdk::ascii_lower(c.email));
            proxies += c.privacy_proxy ? 1 : 0;
        }
        std::vector<core::SourcedFinding> findings;
        for (auto& f : registry::domain_contact_findings(r.contacts, "whois.test", "example.test"))
            findings.push_back({"domain", "example.test", std::move(f)});
        auto scored = core::merge_findings(findings);
        core::score_contacts(scored, model);
        for (const auto& c : scored) {
            INFO(rel << ": " << c.contact.email);
            if (must_not_be_to.count(sdk::ascii_lower(c.contact.email)))
                CHECK(c.recommend != core::Recommend::to);
        }
    }
    CHECK(proxies >= 40);
}

TEST_CASE("rewrite the table of recorded domain answers", "[.rewrite]") {
    if (std::getenv("RENRAKU_REWRITE_TABLE") == nullptr) {
        WARN("set RENRAKU_REWRITE_TABLE=1 to rewrite the table");
        return;
    }
    std::ofstream out(kTable + ".new", std::ios::binary);
    out << "# file\taddress or form URL (or - / not-found)\trole\tflags: R registrar, T registry "
           "text, P privacy or proxy service\n";
    for (const auto& rel : answer_files())
        for (const auto& row : rows_of(rel, read_answer(rel)))
            out << row << '\n';
    out.close();
    fs::rename(kTable + ".new", kTable);
}
