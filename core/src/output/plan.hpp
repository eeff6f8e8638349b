#pragma once
// The mailing plan of a batch (--group-by recipient): one entry per recommended recipient with
// every indicator it is `to` for, its `cc`, and the evidence, so that a responder writes one
// notice per recipient rather than one per event. Indicators with no `to` are listed apart.

#include "../model/result.hpp"
#include "output.hpp"

#include <map>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace renraku::core {

class MailingPlan {
  public:
    /// Take what the plan needs from one result (the result itself is not kept).
    void add(const Result& r);
    void write(std::ostream& out, Format format) const;

  private:
    struct Item {
        std::string indicator;
        std::string scope;
        double score = 0;
        std::size_t line = 0;
    };
    struct Recipient {
        std::string address;
        std::string role;
        std::string organization;
        std::vector<Item> items;
        std::map<std::string, std::size_t> cc; // cc address -> indicators it is cc for
        std::set<std::string> sources;
        std::set<std::string> evidence; // "source server object field", bounded
        std::set<std::string> caveats;  // bounded
    };
    struct Unaddressed {
        std::string indicator;
        std::string reason;
        std::size_t line = 0;
    };
    std::vector<Recipient> recipients_;
    std::map<std::string, std::size_t> index_;
    std::vector<Unaddressed> without_to_;
};

} // namespace renraku::core
