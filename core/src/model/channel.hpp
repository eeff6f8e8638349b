#pragma once
// How a contact's desk takes reports (the contract's `channel`): by e-mail, through a web form,
// through a reporting API, or by telephone. A contact with an address is e-mail; a web address
// is a form (a security.txt `Contact: https://...`, a registrar's withheld-address form); a
// reporting API is an api; a telephone number is a phone. Turned into text only by output/.

#include "renraku/sdk/finding.hpp"

namespace renraku::core {

enum class Channel { email, form, api, phone };

inline Channel channel_of(const sdk::Contact& c) {
    if (!c.email.empty()) return Channel::email;
    if (!c.url.empty()) return Channel::form;
    if (!c.api.empty()) return Channel::api;
    return Channel::phone;
}

inline const char* channel_name(Channel c) {
    switch (c) {
    case Channel::email:
        return "email";
    case Channel::form:
        return "form";
    case Channel::api:
        return "api";
    case Channel::phone:
        return "phone";
    }
    return "email";
}

} // namespace renraku::core
