#pragma once
// The facts of this registry that the registry kit's readers and source class need: its
// servers, query forms, own mail domains.
// Kept apart from the plugin's entry point so that the reader tests use the very same facts.

#include "renraku/registry/address_registry.hpp"

namespace renraku::plugins::lacnic {

inline renraku::registry::RegistryProfile profile() {
    using namespace renraku::registry;
    RegistryProfile p;
    p.name = "lacnic";
    p.version = "2.0.0";
    p.rdap_host = "rdap.lacnic.net";
    p.whois_server = "whois.lacnic.net";
    p.ip_template = "{}";
    p.asn_template = "{}";
    p.placeholder_emails = {"removed@lacnic.net"};
    p.own_domains = {"lacnic.net"};
    return p;
}

} // namespace renraku::plugins::lacnic
