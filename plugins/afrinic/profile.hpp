#pragma once
// The facts of this registry that the registry kit's readers and source class need: its
// servers, query forms, own mail domains.
// Kept apart from the plugin's entry point so that the reader tests use the very same facts.

#include "renraku/registry/address_registry.hpp"

namespace renraku::plugins::afrinic {

inline renraku::registry::RegistryProfile profile() {
    using namespace renraku::registry;
    RegistryProfile p;
    p.name = "afrinic";
    p.version = "2.0.0";
    p.rdap_host = "rdap.afrinic.net";
    p.whois_server = "whois.afrinic.net";
    p.ip_template = "-B {}";
    p.asn_template = "-B {}";
    p.placeholder_emails = {};
    p.own_domains = {"afrinic.net"};
    return p;
}

} // namespace renraku::plugins::afrinic
