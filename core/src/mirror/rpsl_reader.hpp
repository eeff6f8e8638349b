#pragma once
// A streaming reader of RPSL files as the registries publish them (ripe.db.inetnum.gz, ...):
// one object at a time, gzip or plain, every line and object bounded. Nothing is kept but the
// object being read, so a 4.5-million-object file takes no more memory than one object.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace renraku::core::mirror {

struct RpslObject {
    std::string cls; // the first attribute's name: "inetnum", "role", ...
    std::string key; // its value
    std::vector<std::pair<std::string, std::string>> attributes; // name (lower case), value
    std::string text; // the object as written, comments and blank lines left out

    /// The first value of an attribute, or empty.
    std::string first(const std::string& name) const;
    /// Every value of an attribute.
    std::vector<std::string> all(const std::string& name) const;
};

/// One object given as its text (an NRTMv4 snapshot or delta carries each object so): nullopt
/// when it holds no attribute, more than one paragraph, or passes the size bounds.
std::optional<RpslObject> rpsl_object_from_text(const std::string& text);

class RpslReader {
  public:
    /// Throws std::runtime_error naming the file when it cannot be opened.
    explicit RpslReader(const std::filesystem::path& file);
    ~RpslReader();
    RpslReader(const RpslReader&) = delete;
    RpslReader& operator=(const RpslReader&) = delete;

    /// The next object; nullopt at the end, or on an error (then error() says what).
    std::optional<RpslObject> next();
    /// Empty while the file reads well: a damaged or truncated file says so here.
    const std::string& error() const { return error_; }
    std::size_t skipped() const { return skipped_; } // objects over the size bound

    static constexpr std::size_t kMaxLine = 64 * 1024;
    static constexpr std::size_t kMaxObject = 256 * 1024;
    /// More text than any registry's database holds (the RIPE NCC's inetnum file is some 3 GB):
    /// a decompression bomb ends here instead of filling the disk.
    static constexpr std::uint64_t kMaxFileBytes = std::uint64_t{32} << 30;

  private:
    bool read_line(std::string& line);
    void* gz_ = nullptr;
    std::filesystem::path file_;
    std::string error_;
    std::size_t skipped_ = 0;
    std::uint64_t read_ = 0;
};

} // namespace renraku::core::mirror
