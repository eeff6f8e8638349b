#pragma once
// The cache that outlives the run: one SQLite file (WAL), shared safely by every renraku process
// of the machine. Each store is one transaction, so a process killed mid-write loses at most
// that answer; a file that cannot be used is reported and the run goes on without it.

#include "answer_cache.hpp"

#include <filesystem>
#include <stdexcept>

namespace renraku::core::cache {

class CacheError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Open (creating the folder and the file when needed). Throws CacheError naming the file.
std::unique_ptr<AnswerCache> open_sqlite_cache(const std::filesystem::path& file);

/// $XDG_CACHE_HOME/renraku/cache.sqlite, else ~/.cache/renraku/cache.sqlite.
std::filesystem::path default_cache_file();

} // namespace renraku::core::cache
