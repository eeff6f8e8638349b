#pragma once
// A lookup batch as a workflow: the inputs (typed, read from lines or from an extraction), one
// run of the engine over them, and what a responder is told at the end (the tally, the list to
// try again). The command line and a server call it alike; neither prints from here.

#include "../engine/engine.hpp"
#include "../extract/extract.hpp"
#include "../runtime/runtime.hpp"

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace renraku::core::workflow {

/// One input of a batch: its text and where it was.
struct LookupInput {
    std::string text;
    std::size_t line = 0; // 0: given whole (a command-line argument, a form field)
    int port = -1;
    bool parsed = false; // `indicator` already made
    bool value = false;  // `text` is a value extraction wrote: read back as a value
    sdk::Indicator indicator;
};

/// One input per line of `in` (blank lines and # comments skipped), numbered from 1.
void read_input_lines(std::istream& in, std::vector<LookupInput>& out);

/// What an extraction found, as inputs: what is ours ([site]) and special-purpose addresses
/// are left out and counted.
struct ExtractedInputs {
    std::vector<LookupInput> inputs;
    std::size_t special_left_out = 0;
    std::size_t ours_left_out = 0;
};
ExtractedInputs inputs_from_extraction(const Extractor& ex);

/// The batch's counts, and the exit status they make.
struct LookupTally {
    std::size_t total = 0;
    std::size_t with_to = 0;
    std::size_t without_to = 0;
    std::size_t without_to_failed = 0;
    std::size_t without_to_not_asked = 0; // none failed, but one was not asked in time
    std::size_t bad_lines = 0;
    std::size_t not_asked = 0; // indicators the batch deadline kept a source from asking about
    std::map<std::string, std::size_t> failed_sources; // source -> indicators it failed for

    void add(const Result& r);
    int exit_code() const;
    /// "renraku: 12 indicators: 10 with a `to`, 2 without ...; 3 s"
    std::string summary(double seconds) const;
};

/// A result a rerun may mend: no `to`, and a source failed or was not asked in time.
bool worth_retrying(const Result& r);

/// The indicators to try again, written as the batch goes and put in place whole at the end.
class RetryList {
  public:
    explicit RetryList(std::filesystem::path file);
    bool ok() const { return static_cast<bool>(out_); }
    void add(const Result& r);
    /// Renamed into place; false when it could not be written.
    bool finish();
    std::size_t count() const { return count_; }

  private:
    std::filesystem::path file_;
    std::filesystem::path tmp_;
    std::ofstream out_;
    std::size_t count_ = 0;
};

/// The services and the engine of one batch (built once), and the run over its inputs.
class LookupBatch {
  public:
    /// Throws ConfigError for a backend this build cannot use.
    LookupBatch(Runtime& rt, CacheMode mode);

    ServiceHub& services() { return stack_.services(); }
    Engine& engine() { return stack_.engine(); }

    /// Look every input up. `bad` hears of each line that is not an indicator (it is also
    /// handed on as a result saying so); `emit` gets every result, from this thread. What is
    /// read is not kept: memory stays flat as the batch grows.
    void run(std::vector<LookupInput>& inputs, const RunOptions& options,
             const std::function<void(const LookupInput&, const std::string& why)>& bad,
             const std::function<void(Result&&)>& emit);

  private:
    LookupStack stack_;
};

} // namespace renraku::core::workflow
