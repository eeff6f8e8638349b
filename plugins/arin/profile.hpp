#pragma once
// The facts of this registry that the registry kit's readers and source class need: its
// servers, query forms, own mail domains.
// Kept apart from the plugin's entry point so that the reader tests use the very same facts.

#include "renraku/registry/address_registry.hpp"

namespace renraku::plugins::arin {

inline renraku::registry::RegistryProfile profile() {
    using namespace renraku::registry;
    RegistryProfile p;
    p.name = "arin";
    p.version = "2.0.0";
    p.rdap_host = "rdap.arin.net";
    p.whois_server = "whois.arin.net";
    p.ip_template = "n + {}";
    p.asn_template = "a + {}";
    p.placeholder_emails = {};
    p.own_domains = {"arin.net"};
    return p;
}

} // namespace renraku::plugins::arin
