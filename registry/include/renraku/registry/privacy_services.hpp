#pragma once
/// @file privacy_services.hpp
/// @brief The shipped, dated list of privacy and proxy services
/// (`registries/privacy-services.json`, refreshed by `renraku update-data`): who stands in for a
/// domain's holder in registration data.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace renraku::registry {

/// @brief One privacy or proxy service and how it shows in registration data.
struct PrivacyService {
    std::string name;                       ///< as a responder would name it
    std::vector<std::string> names;         ///< lower-case parts of a name or organisation
    std::vector<std::string> email_domains; ///< lower-case; an address here or below is theirs
    std::vector<std::string> handles;       ///< lower-case contact handles
    std::string source;                     ///< where the entry was seen
};

/// @brief The list, read once from its file.
class PrivacyServices {
  public:
    /// @brief Read the list from its JSON text. On a malformed file the list is empty and
    /// `error` (when given) says why.
    static PrivacyServices parse(std::string_view json_text, std::string* error = nullptr);

    /// @brief The list in `path`, read once per (path, modification time) and shared; an empty
    /// list when the file is missing or malformed (said once in `error`).
    static std::shared_ptr<const PrivacyServices> load(const std::string& path,
                                                       std::string* error = nullptr);

    /// @brief The service an address belongs to (its domain, or a domain above it), or null.
    const PrivacyService* by_email(std::string_view email) const;
    /// @brief The service a name or organisation names, or null.
    const PrivacyService* by_name(std::string_view value) const;
    /// @brief The service a contact handle is, or null.
    const PrivacyService* by_handle(std::string_view handle) const;

    const std::string& date() const { return date_; }
    std::size_t size() const { return services_.size(); }
    bool empty() const { return services_.empty(); }

  private:
    std::string date_;
    std::vector<PrivacyService> services_;
};

} // namespace renraku::registry
