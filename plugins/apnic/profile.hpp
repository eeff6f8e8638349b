#pragma once
// The facts of this registry that the registry kit's readers and source class need: its
// servers, query forms, own mail domains, the NIRs whose blocks its database holds.
// Kept apart from the plugin's entry point so that the reader tests use the very same facts.

#include "renraku/registry/address_registry.hpp"

namespace renraku::plugins::apnic {

inline renraku::registry::RegistryProfile profile() {
    using namespace renraku::registry;
    RegistryProfile p;
    p.name = "apnic";
    p.version = "2.0.0";
    p.rdap_host = "rdap.apnic.net";
    p.whois_server = "whois.apnic.net";
    p.ip_template = "-B {}";
    p.asn_template = "-B {}";
    p.placeholder_emails = {};
    p.own_domains = {"apnic.net"};
    // The NIRs whose blocks APNIC's database holds: the maintainers that mark their blocks,
    // their own handles and mail domains (so that only their own contacts are placeholders),
    // and their whois servers.
    p.nirs = {
        {"JPNIC",
         {"MAINT-JPNIC"},
         {"JNIC1-AP", "IRT-JPNIC-JP"},
         {"nic.ad.jp", "jpnic.ad.jp"},
         "whois.nic.ad.jp"},
        {"KRNIC",
         {"MNT-KRNIC-AP"},
         {"IRT-KRNIC-KR"},
         {"nic.or.kr", "kisa.or.kr", "krnic.net"},
         "whois.kisa.or.kr"},
        {"TWNIC",
         {"MAINT-TW-TWNIC"},
         {"IRT-TWNIC-AP"},
         {"twnic.net.tw", "twnic.tw"},
         "whois.twnic.net.tw"},
        {"CNNIC",
         {"MAINT-CNNIC-AP"},
         {"IRT-CNNIC-CN"},
         {"cnnic.cn", "cnnic.net.cn"},
         "whois.cnnic.cn"},
        {"IDNIC",
         {"MAINT-ID-IDNIC"},
         {"IRT-IDNIC-ID"},
         {"idnic.net", "apjii.or.id"},
         "whois.idnic.net"},
        {"VNNIC",
         {"MAINT-VN-VNNIC"},
         {"IRT-VNNIC-AP"},
         {"vnnic.vn", "vnnic.net.vn"},
         "whois.vnnic.vn"},
        {"IRINN", {"MAINT-IN-IRINN"}, {"IRT-IRINN-IN"}, {"irinn.in"}, "whois.irinn.in"},
    };
    return p;
}

} // namespace renraku::plugins::apnic
