#pragma once
// Indicators pulled out of free text: web server and firewall logs, mail headers, CSV, an
// analyst's notes. Addresses (with ports, brackets, every IPv6 form), host names under a real
// public suffix, URLs, e-mail addresses, and their defanged forms; each once, with the lines it
// was seen on. Time grows linearly with the text.

#include "../indicator/special.hpp"
#include "renraku/sdk/indicator.hpp"
#include "value_index.hpp"

#include <cstddef>
#include <deque>
#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace renraku::core {

struct Extracted {
    // The indicator's value and type, as parse_indicator gives them: parsing the value again
    // gives the whole indicator (the Public Suffix List searches of a name are left to then).
    std::string value;
    sdk::IndicatorType type = sdk::IndicatorType::domain;
    const std::string* file = nullptr; // where it was first read ("-" for standard input)
    std::size_t count = 0;             // how many times in all
    int port = -1;                     // the first port seen with it
    // For a left-out address, what it is ("private-use, RFC 1918"; text that lives as long as
    // the program).
    std::string_view special;
    // The text of the first line it was on (at most 1 KiB), shared by everything first seen on
    // that line: a log line names several indicators, and a copy each cost more than the rest.
    std::shared_ptr<const std::string> first_line;
    std::size_t first_line_no = 0;
    // The further lines it was seen on, up to kMaxLines in all, each with its file (an
    // indicator seen in several logs keeps every file's lines): most indicators of a log are
    // on one line, and a list of their own cost an allocation each.
    struct Sighting {
        const std::string* file;
        std::size_t line;
    };
    std::vector<Sighting> later_lines;
    /// The times the first and the latest lines it was on start with, as written ("Nov 25
    /// 03:14:07", "2026-11-25T03:14:07+09:00", "25/Nov/2026:03:14:07 +0900"); empty when the
    /// line starts with none.
    std::string first_time;
    std::string last_time;
    /// One of ours ([site]): context of an event, never another party to tell.
    bool ours = false;
    /// From a known log format: sshd's lines are TCP to our port 22, and name the other side's
    /// port ("from ADDRESS port 40001").
    std::string protocol;
    int our_port = -1;
    int their_port = -1;
    /// Every line kept of the first file, the first one first.
    std::vector<std::size_t> lines() const;
    /// Every line kept, by file, in the order the files were read.
    std::vector<std::pair<std::string, std::vector<std::size_t>>> by_file() const;
    /// Sightings beyond the lines kept.
    std::size_t more() const { return count - 1 - later_lines.size(); }
};

class Ours;

struct ExtractOptions {
    bool keep_special = false;  // keep private, loopback, documentation... addresses
    const Ours* ours = nullptr; // what is ours ([site]): marked as such
};

class Extractor {
  public:
    static constexpr std::size_t kMaxLines = 20;
    static constexpr std::size_t kMaxLineBytes = 64 * 1024;

    explicit Extractor(ExtractOptions options) : options_(options) {}

    /// Read every line of `in` (named `file` in what is kept).
    void read(std::istream& in, const std::string& file);
    /// One line of text.
    void read_line(std::string_view line, const std::string& file, std::size_t line_no);

    /// What was found, in order of first appearance.
    const std::deque<Extracted>& found() const { return found_; }
    /// Addresses left out because they are special-purpose, in order of first appearance.
    const std::deque<Extracted>& left_out() const { return left_out_; }

  private:
    /// One token of a line; what it holds inside (an escaped form, a URL in a parameter, an
    /// address in brackets) is considered too, `depth` levels down at most.
    void consider(std::string_view token, std::size_t line_no, std::string_view raw, int depth);
    void add(sdk::Indicator& ind, int port, std::size_t line, std::string_view text);
    void keep_new(sdk::Indicator& ind, int port, std::size_t line, std::string_view text,
                  std::size_t hash, std::optional<SpecialKind> special);

    ExtractOptions options_;
    std::deque<std::string> files_; // the names read, for Extracted::file (never moved)
    // Deques: what is found never moves.
    std::deque<Extracted> found_;
    std::deque<Extracted> left_out_;
    ValueIndex index_;      // value -> found_ position
    ValueIndex left_index_; // value -> left_out_ position
    std::string lower_;     // a candidate name in lower case, kept for its capacity
    // The current line's text once something new was found on it (see Extracted::first_line).
    std::shared_ptr<const std::string> line_text_;
    std::size_t line_text_no_ = 0;
};

} // namespace renraku::core
