#pragma once
// Writing results for people (table) and for scripts (json, jsonl, csv), per the contract.

#include "../model/result.hpp"

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace renraku::core {

enum class Format { table, json, jsonl, csv };

struct OutputOptions {
    Format format = Format::table;
    bool explain = false;
    bool color = false;   // table only, and only on a terminal
    bool verbose = false; // table: show contacts with no weight and registry placeholders too
};

/// One result as the contract's JSON object. Every string from a source is sanitised.
nlohmann::ordered_json result_to_json(const Result& r, bool explain);

/// Writes results as they come; call finish() once at the end.
class ResultWriter {
  public:
    ResultWriter(std::ostream& out, OutputOptions options) : out_(out), options_(options) {}
    void write(const Result& r);
    void finish();

  private:
    std::ostream& out_;
    OutputOptions options_;
    std::size_t written_ = 0;
    bool csv_header_written_ = false;
};

/// A CSV field: quoted where it must be, and never read as a formula by a spreadsheet.
std::string csv_quote(const std::string& text);

/// The JSON text of a value, with invalid UTF-8 replaced rather than thrown on.
std::string dump_json(const nlohmann::ordered_json& j, int indent);

} // namespace renraku::core
