#pragma once
// IANA's RDAP bootstrap files, loaded once per run.

#include "renraku/sdk/bootstrap.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace renraku::core::net {

class BootstrapData final : public sdk::Bootstrap {
  public:
    /// Where a file is: `locate("bootstrap/ipv4.json")`.
    using Locate = std::function<std::filesystem::path(const std::string& relative)>;
    /// Load bootstrap/ipv4.json, ipv6.json, asn.json and dns.json from where `locate` finds
    /// them; a missing or malformed file leaves that kind empty and is named in errors().
    explicit BootstrapData(const Locate& locate);
    std::vector<std::string> rdap_urls(const sdk::Indicator& indicator) override;
    /// The block of IANA's table that holds an address (first and last address, as bytes).
    std::optional<std::pair<std::string, std::string>>
    address_block(const sdk::Indicator& indicator) const;
    const std::vector<std::string>& errors() const { return errors_; }

  private:
    struct Prefix {
        std::string bytes; // network address, 4 or 16 bytes
        int length = 0;
        std::vector<std::string> urls;
    };
    struct AsnRange {
        std::uint32_t first = 0;
        std::uint32_t last = 0;
        std::vector<std::string> urls;
    };
    const Prefix* best_prefix(const sdk::Indicator& ind) const;

    std::vector<Prefix> prefixes_;
    std::vector<AsnRange> asns_;
    std::vector<std::pair<std::string, std::vector<std::string>>> tlds_;
    std::vector<std::string> errors_;
};

} // namespace renraku::core::net
