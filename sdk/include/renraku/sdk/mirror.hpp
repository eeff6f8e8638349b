#pragma once
/// @file mirror.hpp
/// @brief Local mirrors of the registries' published databases (`renraku mirror update`).
///
/// A registry's source asks the mirror before asking the registry: a fresh mirror (no older
/// than `mirror.max_age_hours`) of a registry named in `mirror.registries` answers with the
/// text the registry's whois would give for the address, which the source reads by the same
/// rules as a live answer. A range the mirror lacks, or a stale mirror, is asked live.

#include <string>

namespace renraku::sdk {

struct MirrorAnswer {
    bool found = false;
    std::string text;      ///< as the registry's whois answers: the network, its abuse
                           ///< contact header and the objects it names
    std::string range;     ///< the network's range as the registry writes it
    std::string registry;  ///< "ripe"
    std::string serial;    ///< the registry's serial for the files, when published
    std::string data_date; ///< the files' date, YYYY-MM-DD
    std::string file;      ///< the files it was made from
    long age_hours = 0;    ///< how old the files were when asked
    std::string note;      ///< why it did not answer (stale, not loaded), for the notes
};

class Mirror {
  public:
    virtual ~Mirror() = default;
    /// @brief The mirror's answer for an address of `registry`'s space. Never throws.
    virtual MirrorAnswer lookup(const std::string& registry, const std::string& address) = 0;
};

} // namespace renraku::sdk
