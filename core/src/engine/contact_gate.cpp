#include "contact_gate.hpp"

#include "renraku/sdk/mailbox.hpp"
#include "renraku/sdk/signals.hpp"
#include "renraku/sdk/text.hpp"

#include <algorithm>

namespace renraku::core {

void gate_contacts(sdk::Outcome& outcome) {
    auto& findings = outcome.findings;
    for (auto& f : findings) {
        auto& email = f.contact.email;
        if (email.empty()) continue;
        auto check = sdk::check_mailbox(email);
        if (!check.ok()) {
            outcome.notes.push_back("reported \"" + sdk::sanitize(email, 120) +
                                    "\" as a contact address: not a mailbox (" + check.refused +
                                    "); not used");
            email.clear();
            continue;
        }
        email = std::move(check.address);
        if (!check.confusable.empty()) {
            if (std::find(f.signals.begin(), f.signals.end(), sdk::signals::mailbox_confusable) ==
                f.signals.end())
                f.signals.emplace_back(sdk::signals::mailbox_confusable);
            f.caveats.push_back(check.confusable);
        }
    }
    findings.erase(std::remove_if(findings.begin(), findings.end(),
                                  [](const sdk::Finding& f) {
                                      return f.contact.email.empty() && f.contact.phone.empty() &&
                                             f.contact.url.empty() && f.contact.api.empty();
                                  }),
                   findings.end());
    if (findings.empty() && outcome.status == sdk::Outcome::Status::ok)
        outcome.status = sdk::Outcome::Status::no_data;
}

} // namespace renraku::core
