#pragma once
// Checking a registry source's findings against what a recorded answer says.

#include "harness.hpp"
#include "world_control.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace renraku::test {

struct Expected {
    std::string email; // or phone when email is empty
    sdk::Role role;
    std::vector<std::string> signals; // each must be present
};

/// The finding with this e-mail must exist with the role, scope, server and signals given.
inline void expect_finding(const sdk::Outcome& o, const Expected& e, const std::string& scope,
                           const std::string& server) {
    INFO("expected " << e.email);
    auto found = with_email(o, e.email);
    REQUIRE_FALSE(found.empty());
    // One address may be reported in several roles; check the one expected, if it is there.
    auto it = std::find_if(found.begin(), found.end(),
                           [&](const sdk::Finding& x) { return x.role == e.role; });
    const auto& f = it != found.end() ? *it : found.front();
    CHECK(f.role == e.role);
    CHECK(f.scope.value == scope);
    CHECK(f.evidence.server == server);
    for (const auto& s : e.signals) {
        INFO("signal " << s);
        CHECK(has_signal(f, s));
    }
}

inline std::vector<std::string> emails_of(const sdk::Outcome& o) {
    std::vector<std::string> out;
    for (const auto& f : o.findings)
        if (!f.contact.email.empty()) out.push_back(f.contact.email);
    return out;
}

} // namespace renraku::test
