#pragma once
// The CSIRT team data files: the shipped snapshot, FIRST's directory, a site's own teams.

#include <cstdint>
#include <string>
#include <vector>

namespace renraku::first {

struct Team {
    std::string team;            // short name: "JPCERT/CC"
    std::string team_full;       // full name and host organisation
    std::string country;         // ISO 3166-1 alpha-2, upper case; empty when not one country
    bool national = false;       // (one of) the country's national CSIRT(s)
    bool national_known = false; // the data says either way (FIRST's directory does not)
    std::string email;
    std::string phone;
    std::string website;
    std::string report_url;
    std::string pgp_fingerprint; // only where the data has one
    std::string source_seen;     // the date of the source, as written
    std::string file;            // the data file it came from
    std::string file_date;       // that file's date: its newest entry's (YYYY-MM-DD), if any
    std::vector<std::string> constituency_domains;
    std::vector<std::uint32_t> constituency_asns;
    std::vector<std::string> constituency_ranges; // "192.0.2.0/24", "2001:db8::/32"
};

/// Read one data file: a JSON array of teams in this project's format (FIRST's field names), in
/// the Trusted Introducer directory's format, or FIRST's API answer (a "data" array). A PGP key
/// the data shows as expired before `today_days` is left out. Throws std::runtime_error naming
/// the file on anything that is not such a file.
std::vector<Team> read_teams(const std::string& path, long today_days);

/// `later` teams are added, or update an earlier team of the same name field by field: what a
/// later file gives wins, what it leaves out (FIRST's directory has no `national`) is kept.
void merge_teams(std::vector<Team>& into, std::vector<Team> later);

} // namespace renraku::first
