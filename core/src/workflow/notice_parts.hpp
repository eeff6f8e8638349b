#pragma once
// What the drafting, sending and follow-up of notices share: a draft folder made from what was
// composed, the parts of a folder that leave the building, the rules its leak scan applies, and
// the message made of a folder exactly as it stands.

#include "../config/config.hpp"
#include "../notice/compose.hpp"
#include "../notice/draft_folder.hpp"
#include "../notice/incident.hpp"
#include "../notice/leak_scan.hpp"
#include "../notice/mime.hpp"

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace renraku::core::workflow {

/// From (the config's [notice] from, else the incident's reporter), To and Cc.
notice::MailHeaders headers_for(const Config& config, const notice::Reporter& reporter,
                                const std::string& to_name, const std::string& to_email,
                                const std::vector<notice::Party>& cc);

/// The draft folder of a composed notice, its notice.json holding our own record: whom it goes
/// to, what each label hides, and what the leak scan may let pass.
notice::DraftFolder folder_for(const std::filesystem::path& dir, const notice::Incident& inc,
                               const notice::Draft& d, const std::string& tracking, int hop,
                               const std::string& kind, const std::string& incident_key,
                               const notice::Composed& composed,
                               const notice::Disclosure& disclosure,
                               const notice::MailHeaders& headers);

/// Every part of a folder that leaves the building: the subject and text, each attachment.
std::vector<notice::LeakPart> parts_of(const notice::DraftFolder& d);

/// The leak scan's rules for a folder, from its notice.json and the config's [site] as it is
/// now; `allowed`: items the user allowed (--allow).
notice::LeakRules rules_of(const nlohmann::ordered_json& meta, const std::set<std::string>& allowed,
                           const Config* config = nullptr);

/// Keep what the scan found in notice.json (our record, for the dry run and the page).
void note_scan(nlohmann::ordered_json& meta, const notice::LeakScan& scan);

/// The MIME entity of a folder as it stands: its text and attachments.
std::string entity_of(const notice::DraftFolder& d, const std::string& boundary_seed);

/// The message a folder makes, unsigned (message.eml before sending). Throws
/// notice::AddressRefused when an address fails the last gate.
std::string preview(const notice::DraftFolder& d, notice::MailHeaders h);

/// The headers a folder's notice.json names.
notice::MailHeaders headers_of(const nlohmann::ordered_json& meta);

} // namespace renraku::core::workflow
