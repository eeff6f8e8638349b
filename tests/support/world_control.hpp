#pragma once
// Asking the test world's whois servers what they were asked.

#include <map>
#include <string>
#include <vector>

namespace renraku::test {

/// Every question each world whois server received since the last reset, by server name.
std::map<std::string, std::vector<std::string>> whois_questions();
/// When each question arrived (seconds, a monotonic clock), by server name.
std::map<std::string, std::vector<double>> question_times();
/// Questions the world's counting servers ("HOST#count") received since the last reset.
std::size_t counted_questions();
/// Forget what the world's whois servers were asked.
void reset_whois_questions();

} // namespace renraku::test
