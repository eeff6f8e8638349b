#pragma once
// --verbose: every question a lookup asks, as it is answered, like `whois --verbose`: who asked
// (source and indicator), which server, what, how it ended, how long it took, and whether the
// answer came from the cache. Lines from parallel lookups never interleave.

#include <chrono>
#include <mutex>
#include <ostream>
#include <string>

namespace renraku::core {

class QuestionLog {
  public:
    explicit QuestionLog(std::ostream& out) : out_(out) {}

    struct Entry {
        std::string who;      // "SOURCE INDICATOR": the task that asked
        std::string kind;     // "dns", "whois", "https"
        std::string server;   // "whois.example.net:43", "127.0.0.1:5353"
        std::string question; // "n 192.0.2.1", "A www.example.test", a URL
        std::string outcome;  // "ok", "nxdomain", "timeout: ..."
        std::chrono::milliseconds took{0};
        bool from_cache = false;
    };
    void record(const Entry& e);

  private:
    std::mutex mutex_;
    std::ostream& out_;
};

} // namespace renraku::core
