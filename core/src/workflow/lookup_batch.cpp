#include "lookup_batch.hpp"

#include "../indicator/input.hpp"
#include "../indicator/parse.hpp"
#include "../util/duration.hpp"
#include "exit_status.hpp"

namespace renraku::core::workflow {

namespace {

bool has_to(const Result& r) {
    for (const auto& c : r.contacts)
        if (c.recommend == Recommend::to) return true;
    return false;
}

bool a_source_failed(const Result& r) {
    for (const auto& e : r.errors)
        if (e.source != "input" && source_failed(e.kind)) return true;
    return false;
}

bool was_not_asked(const Result& r) {
    for (const auto& e : r.errors)
        if (e.kind == ErrorKind::not_asked) return true;
    return false;
}

} // namespace

void read_input_lines(std::istream& in, std::vector<LookupInput>& out) {
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line)) {
        ++n;
        std::string_view v = line;
        while (!v.empty() && (v.back() == '\r' || v.back() == ' ' || v.back() == '\t'))
            v.remove_suffix(1);
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t'))
            v.remove_prefix(1);
        if (v.empty() || v.front() == '#') continue;
        out.push_back({std::string(v), n, -1, false, false, {}});
    }
}

ExtractedInputs inputs_from_extraction(const Extractor& ex) {
    ExtractedInputs got;
    for (const auto& e : ex.found()) {
        if (e.ours) {
            ++got.ours_left_out;
            continue;
        }
        got.inputs.push_back({e.value, e.first_line_no, e.port, false, true, {}});
    }
    got.special_left_out = ex.left_out().size();
    return got;
}

void LookupTally::add(const Result& r) {
    ++total;
    if (!r.bad_input.empty()) {
        ++bad_lines;
        return;
    }
    for (const auto& e : r.errors)
        if (source_failed(e.kind)) ++failed_sources[e.source];
    if (was_not_asked(r)) ++not_asked;
    if (has_to(r)) {
        ++with_to;
        return;
    }
    ++without_to;
    if (a_source_failed(r))
        ++without_to_failed;
    else if (was_not_asked(r))
        ++without_to_not_asked;
}

int LookupTally::exit_code() const {
    if (with_to == total) return kExitAllFound;
    // Trying again may help both where a source failed and where it was not asked.
    return without_to_failed + without_to_not_asked > 0 ? kExitSourcesFailed : kExitSomeMissing;
}

std::string LookupTally::summary(double seconds) const {
    std::string s = "renraku: " + std::to_string(total) +
                    (total == 1 ? " indicator: " : " indicators: ") + std::to_string(with_to) +
                    " with a `to`, " + std::to_string(without_to) + " without";
    if (without_to_failed > 0)
        s += " (" + std::to_string(without_to_failed) + " where a source failed)";
    if (without_to_not_asked > 0)
        s += " (" + std::to_string(without_to_not_asked) + " not asked in time)";
    if (bad_lines > 0)
        s += ", " + std::to_string(bad_lines) + (bad_lines == 1 ? " bad line" : " bad lines");
    if (!failed_sources.empty()) {
        s += "; failed sources:";
        for (const auto& [name, n] : failed_sources)
            s += " " + name + " (" + std::to_string(n) + ")";
    }
    if (not_asked > 0) s += "; not asked (batch deadline): " + std::to_string(not_asked);
    return s + "; " + duration_text(seconds);
}

bool worth_retrying(const Result& r) {
    return r.bad_input.empty() && !has_to(r) && (a_source_failed(r) || was_not_asked(r));
}

RetryList::RetryList(std::filesystem::path file) : file_(std::move(file)) {
    tmp_ = file_;
    tmp_ += ".tmp";
    out_.open(tmp_, std::ios::binary | std::ios::trunc);
}

void RetryList::add(const Result& r) {
    if (!worth_retrying(r)) return;
    out_ << r.indicator.value << "\n";
    ++count_;
}

bool RetryList::finish() {
    out_.flush();
    bool good = static_cast<bool>(out_);
    out_.close();
    std::error_code ec;
    if (good) std::filesystem::rename(tmp_, file_, ec);
    return good && !ec;
}

LookupBatch::LookupBatch(Runtime& rt, CacheMode mode) : stack_(rt, mode) {}

void LookupBatch::run(std::vector<LookupInput>& inputs, const RunOptions& options,
                      const std::function<void(const LookupInput&, const std::string& why)>& bad,
                      const std::function<void(Result&&)>& emit) {
    std::size_t next_input = 0;
    auto next = [&]() -> std::optional<BatchItem> {
        if (next_input >= inputs.size()) return std::nullopt;
        LookupInput& in = inputs[next_input++];
        BatchItem item;
        item.line = in.line;
        item.port = in.port;
        if (in.parsed) {
            item.indicator = std::move(in.indicator);
        } else {
            auto ctx = strip_context(in.text);
            if (item.port < 0) item.port = ctx.port;
            auto parsed = in.value ? parse_value(in.text) : parse_indicator(in.text);
            if (auto* err = std::get_if<ParseError>(&parsed)) {
                item.text = in.text;
                item.bad = err->message;
                if (bad) bad(in, err->message);
            } else {
                item.indicator = std::get<sdk::Indicator>(std::move(parsed));
            }
        }
        std::string().swap(in.text); // what is read is not kept
        return item;
    };
    engine().run(next, emit, options);
}

} // namespace renraku::core::workflow
