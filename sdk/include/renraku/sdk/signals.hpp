#pragma once
/// @file signals.hpp
/// @brief The vocabulary of signals: facts a source reports about a finding.
///
/// Signals are facts; their weights are policy and live in the core's scoring model (defaults
/// documented in docs/scoring.md, overridable in [scoring.weights]). A new source should reuse
/// these names where they fit, so that it is scored like the sources before it without any
/// change to the core.

namespace renraku::sdk::signals {

// --- where the contact came from -------------------------------------------------------------
/// The RNAME of an SOA record.
inline constexpr const char* soa_rname = "soa_rname";
/// The zone is a reverse zone (in-addr.arpa, ip6.arpa): its SOA is often the upstream provider's.
inline constexpr const char* reverse_zone = "reverse_zone";
/// The zone is a classless (RFC 2317) delegation: a customer's own reverse zone.
inline constexpr const char* classless_delegation = "classless_delegation";
/// The zone found is a registry's, not the site's own: a public suffix, or the top of a reverse
/// tree (an IPv4 /8 or shorter, an IPv6 /12 or shorter).
inline constexpr const char* public_suffix_zone = "public_suffix_zone";
/// A role mailbox made up from RFC 2142 naming, not published by the site.
inline constexpr const char* guessed_role_mailbox = "guessed_role_mailbox";
/// The domain of the address can receive mail (MX, or A/AAAA as implicit MX).
inline constexpr const char* domain_accepts_mail = "domain_accepts_mail";
/// The domain receives mail only through an implicit MX (A/AAAA, no MX record).
inline constexpr const char* implicit_mx = "implicit_mx";
/// A mailbox such as root@ or Administrator@ that is often not read by anyone.
inline constexpr const char* rarely_read_mailbox = "rarely_read_mailbox";

// --- registries ------------------------------------------------------------------------------
/// The registry declares this contact the abuse contact of the object.
inline constexpr const char* registry_abuse_contact = "registry_abuse_contact";
/// A contact published by a registry (tech, admin, registrant, NOC).
inline constexpr const char* registry_contact = "registry_contact";
/// A notify/changed/last-updated address: often the upstream ISP's.
inline constexpr const char* notify_address = "notify_address";
/// The registry object is for the most specific range or object known.
inline constexpr const char* most_specific_object = "most_specific_object";
/// The contact belongs to a parent allocation while a more specific one exists.
inline constexpr const char* parent_allocation = "parent_allocation";
/// A generic registry or NIR mailbox standing in for the holder's own.
inline constexpr const char* placeholder = "placeholder";
/// The object was updated within the last two years.
inline constexpr const char* recently_updated = "recently_updated";
/// The object was last updated more than five years ago.
inline constexpr const char* stale_record = "stale_record";
/// The registrar's abuse contact for a domain.
inline constexpr const char* registrar_abuse_contact = "registrar_abuse_contact";
/// The abuse desk of the gTLD's registry operator (shipped list by TLD): the party above the
/// registrar, for when the registrar does not act. An alternative, below the registrar's own.
inline constexpr const char* registry_operator_desk = "registry_operator_desk";
/// The field was redacted or is a privacy/proxy service.
inline constexpr const char* privacy_proxy = "privacy_proxy";
/// The registry names this mailbox in its own abuse-contact statement ("% Abuse contact for
/// 'RANGE' is 'ADDR'"), the first thing that breaks a tie.
inline constexpr const char* abuse_header = "abuse_header";
/// The registry checked this mailbox and says it works ("ADDR was validated on DATE").
inline constexpr const char* mailbox_validated = "mailbox_validated";
/// The registry checked this mailbox and says it failed ("Abuse-mailbox validation failed",
/// "Unvalidated POC").
inline constexpr const char* mailbox_validation_failed = "mailbox_validation_failed";
/// The holder's contact as an NIR mirrors it into a regional registry: the NIR's own database
/// may be more current.
inline constexpr const char* nir_mirrored = "nir_mirrored";
/// From a record the registry keeps only as a pointer to another registry, which had nothing:
/// shown, never `to`.
inline constexpr const char* referral_dead_end = "referral_dead_end";
/// The mailbox's domain cannot receive mail (a null MX, RFC 7505) or does not exist: never
/// `to`.
inline constexpr const char* mailbox_unreachable = "mailbox_unreachable";
/// The mailbox's domain mixes scripts or is written in letters that look like Latin ones
/// (sdk::check_mailbox()'s `confusable`): it may imitate another name. Shown, never `to` or `cc`.
/// The core adds it to any finding whose address the rule flags.
inline constexpr const char* mailbox_confusable = "mailbox_confusable";

// --- platforms ------------------------------------------------------------------------------
/// The abuse desk of the platform a tenant's host lives under (a subdomain service, a site
/// builder): the party that removes the tenant's content, ahead of the registrar and SOA of the
/// platform's own domain.
inline constexpr const char* platform_desk = "platform_desk";
/// The platform's reporting API (the contact's `api`, channel `api`): the same desk, for a user
/// with an account there; never a mail header, so an alternative beside the desk.
inline constexpr const char* platform_api = "platform_api";
/// The desk takes reports through its web form only (the contact's `url`, channel `form`): such
/// a contact may be recommended `to`, and its notice is a form packet to submit by hand.
inline constexpr const char* form_only = "form_only";

// --- the site's own word and CSIRTs ----------------------------------------------------------
/// Published by the site itself (security.txt).
inline constexpr const char* site_published = "site_published";
/// The site's publication is past its own expiry date (security.txt `Expires`).
inline constexpr const char* expired_publication = "expired_publication";
/// An OpenPGP signature over the publication was checked and is good.
inline constexpr const char* signature_verified = "signature_verified";
/// An OpenPGP signature over the publication was checked and does not verify.
inline constexpr const char* signature_bad = "signature_bad";
/// A CSIRT, national or sectoral, to copy or to ask for a relay.
inline constexpr const char* csirt_team = "csirt_team";
/// The national CSIRT of the indicator's country.
inline constexpr const char* national_csirt = "national_csirt";

// --- the channel it came over (channel.hpp) --------------------------------------------------
/// Read over clear-text whois although the registry also serves RDAP over HTTPS: the answer
/// could have been changed on the way.
inline constexpr const char* clear_text_whois = "clear_text_whois";
/// The core adds these from the evidence's DNSSEC verdict; sources need not.
/// A DNS answer proven by a chain of signatures from the trust anchor.
inline constexpr const char* dnssec_secure = "dnssec_secure";
/// A DNS answer whose signatures fail (tampered, expired): never a recipient.
inline constexpr const char* dnssec_bogus = "dnssec_bogus";

} // namespace renraku::sdk::signals
