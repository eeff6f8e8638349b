#include "question_log.hpp"

#include "renraku/sdk/text.hpp"

namespace renraku::core {

void QuestionLog::record(const Entry& e) {
    // Everything in it may come from the network or the input: neutralised before printing.
    std::string line = "renraku: [" + sdk::sanitize(e.who, 200) + "] " + e.kind + " " +
                       sdk::sanitize(e.server, 200) + " \"" + sdk::sanitize(e.question, 300) +
                       "\" -> " + sdk::sanitize(e.outcome, 300) + (e.from_cache ? " (cache)" : "") +
                       ", " + std::to_string(e.took.count()) + " ms\n";
    std::lock_guard lock(mutex_);
    out_ << line << std::flush;
}

} // namespace renraku::core
