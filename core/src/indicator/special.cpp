#include "special.hpp"

#include "address.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace renraku::core {

namespace {

struct Block {
    const char* prefix;
    int length;
    const char* name;
    const char* rfc;
};

// Not globally reachable, per IANA's IPv4 and IPv6 special-purpose address registries; blocks
// the registries mark globally reachable (AS112, AMT, 6to4, NAT64's well-known prefix) are
// left out, since real hosts answer there.
constexpr std::array<Block, 31> kBlocks{{
    {"0.0.0.0", 8, "\"this network\"", "RFC 791"},
    {"10.0.0.0", 8, "private-use", "RFC 1918"},
    {"100.64.0.0", 10, "shared address space (carrier-grade NAT)", "RFC 6598"},
    {"127.0.0.0", 8, "loopback", "RFC 1122"},
    {"169.254.0.0", 16, "link-local", "RFC 3927"},
    {"172.16.0.0", 12, "private-use", "RFC 1918"},
    {"192.0.0.0", 24, "IETF protocol assignments", "RFC 6890"},
    {"192.0.2.0", 24, "documentation (TEST-NET-1)", "RFC 5737"},
    {"192.88.99.0", 24, "deprecated 6to4 relay anycast", "RFC 7526"},
    {"192.168.0.0", 16, "private-use", "RFC 1918"},
    {"198.18.0.0", 15, "benchmarking", "RFC 2544"},
    {"198.51.100.0", 24, "documentation (TEST-NET-2)", "RFC 5737"},
    {"203.0.113.0", 24, "documentation (TEST-NET-3)", "RFC 5737"},
    {"224.0.0.0", 4, "multicast", "RFC 5771"},
    {"240.0.0.0", 4, "reserved", "RFC 1112"},
    {"255.255.255.255", 32, "limited broadcast", "RFC 919"},
    {"::", 128, "unspecified address", "RFC 4291"},
    {"::1", 128, "loopback", "RFC 4291"},
    {"64:ff9b:1::", 48, "local-use IPv4/IPv6 translation", "RFC 8215"},
    {"100::", 64, "discard-only", "RFC 6666"},
    {"2001::", 32, "Teredo (an IPv4 host's tunnel; look up the IPv4 address it holds)",
     "RFC 4380"},
    {"2001:2::", 48, "benchmarking", "RFC 5180"},
    {"2001:10::", 28, "deprecated ORCHID", "RFC 4843"},
    {"2001:20::", 28, "ORCHIDv2", "RFC 7343"},
    {"2001:db8::", 32, "documentation", "RFC 3849"},
    {"3fff::", 20, "documentation", "RFC 9637"},
    {"5f00::", 16, "segment routing (SRv6) SIDs", "RFC 9602"},
    {"fc00::", 7, "unique-local", "RFC 4193"},
    {"fe80::", 10, "link-local", "RFC 4291"},
    {"ff00::", 8, "multicast", "RFC 4291"},
    {"::", 96, "deprecated IPv4-compatible", "RFC 4291"},
}};

std::optional<IpAddress> parse_any(const std::string& text) {
    std::string why;
    return text.find(':') != std::string::npos ? parse_ipv6(text, why) : parse_ipv4(text, why);
}

// The blocks' addresses, parsed once.
const std::vector<IpAddress>& block_addresses() {
    static const std::vector<IpAddress> parsed = [] {
        std::vector<IpAddress> out;
        out.reserve(kBlocks.size());
        for (const auto& b : kBlocks)
            out.push_back(parse_any(b.prefix).value_or(IpAddress{}));
        return out;
    }();
    return parsed;
}

// The first `bits` bits of both are the same (no copies: this runs for every address of a log).
bool same_prefix(const IpAddress& a, const IpAddress& b, int bits) {
    int whole = bits / 8;
    for (int i = 0; i < whole; ++i)
        if (a.bytes[static_cast<std::size_t>(i)] != b.bytes[static_cast<std::size_t>(i)]) return false;
    int rest = bits % 8;
    if (rest == 0) return true;
    auto mask = static_cast<std::uint8_t>(0xFF << (8 - rest));
    return (a.bytes[static_cast<std::size_t>(whole)] & mask) ==
           (b.bytes[static_cast<std::size_t>(whole)] & mask);
}

// For each family and first byte, the blocks that can hold an address starting so, in the
// table's order (the first block that holds an address names it). Every address of a log is
// asked, and most blocks differ in their first byte.
using FirstByteTable = std::array<std::array<std::vector<std::uint8_t>, 256>, 2>; // [v6][byte]

const FirstByteTable& first_byte_table() {
    static const FirstByteTable table = [] {
        FirstByteTable t{};
        const auto& addresses = block_addresses();
        for (std::size_t i = 0; i < kBlocks.size(); ++i) {
            const IpAddress& block = addresses[i];
            for (unsigned first = 0; first < 256; ++first) {
                IpAddress probe = block;
                probe.bytes[0] = static_cast<std::uint8_t>(first);
                if (!same_prefix(probe, block, std::min(kBlocks[i].length, 8))) continue;
                t[block.v6 ? 1 : 0][first].push_back(static_cast<std::uint8_t>(i));
            }
        }
        return t;
    }();
    return table;
}

const Block* block_holding(const IpAddress& ip, int prefix_len) {
    if (prefix_len < 0 || prefix_len > ip.bits()) prefix_len = ip.bits();
    const auto& addresses = block_addresses();
    for (std::size_t i : first_byte_table()[ip.v6 ? 1 : 0][ip.bytes[0]]) {
        const auto& b = kBlocks[i];
        // A prefix wider than the block is partly ordinary space: not refused.
        if (prefix_len < b.length) continue;
        if (same_prefix(ip, addresses[i], b.length)) return &b;
    }
    return nullptr;
}

const Block* block_holding(const std::string& address, int prefix_len) {
    auto ip = parse_any(address);
    return ip ? block_holding(*ip, prefix_len) : nullptr;
}

} // namespace

std::optional<SpecialRange> special_purpose(const std::string& address, int prefix_len) {
    const Block* b = block_holding(address, prefix_len);
    if (b == nullptr) return std::nullopt;
    return SpecialRange{std::string(b->prefix) + "/" + std::to_string(b->length), b->name, b->rfc};
}

std::optional<SpecialKind> special_purpose_kind(const std::string& address, int prefix_len) {
    const Block* b = block_holding(address, prefix_len);
    if (b == nullptr) return std::nullopt;
    // Each block's label, written once: a log can hold tens of thousands of such addresses.
    static const std::array<std::string, kBlocks.size()> labels = [] {
        std::array<std::string, kBlocks.size()> out;
        for (std::size_t i = 0; i < kBlocks.size(); ++i)
            out[i] = std::string(kBlocks[i].name) + ", " + kBlocks[i].rfc;
        return out;
    }();
    return SpecialKind{b->name, b->rfc, labels[static_cast<std::size_t>(b - kBlocks.data())]};
}

std::string special_purpose_note(const std::string& indicator, const SpecialRange& range) {
    return indicator + " is in " + range.prefix + ", " + range.name + " (" + range.rfc +
           "): not a public address, so no registry is asked; if it matters, the people to "
           "tell run the network where it was seen";
}

} // namespace renraku::core
