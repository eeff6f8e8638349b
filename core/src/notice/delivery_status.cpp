#include "delivery_status.hpp"

#include <cctype>

namespace renraku::core::notice {

std::string status_code_in(std::string_view detail) {
    auto at = detail.find("status ");
    if (at == std::string_view::npos) return {};
    std::string_view rest = detail.substr(at + 7);
    // class.subject.detail: one digit, then up to three digits each.
    std::size_t i = 0;
    int dots = 0;
    auto digits = [&] {
        std::size_t start = i;
        while (i < rest.size() && i - start < 3 &&
               std::isdigit(static_cast<unsigned char>(rest[i])))
            ++i;
        return i > start;
    };
    if (rest.empty() || (rest[0] != '4' && rest[0] != '5')) return {};
    i = 1;
    while (dots < 2 && i < rest.size() && rest[i] == '.') {
        ++i;
        if (!digits()) return {};
        ++dots;
    }
    return dots == 2 ? std::string(rest.substr(0, i)) : std::string();
}

namespace {

struct Meaning {
    std::string_view code; // "X.1.1": any class
    std::string_view en;
    std::string_view ja;
};

// RFC 3463's subjects and details that a follow-up meets; the class says whether it lasted.
// Japanese as the reason of "...ため配送できませんでした".
constexpr Meaning kMeanings[] = {
    {".1.1", "the mailbox does not exist", "メールボックスが存在しない"},
    {".1.2", "the mail domain does not exist", "メールのドメインが存在しない"},
    {".1.6", "the mailbox has moved", "メールボックスが移転している"},
    {".2.1", "the mailbox is disabled", "メールボックスが無効になっている"},
    {".2.2", "the mailbox is full", "メールボックスに空きがない"},
    {".4.4", "no mail server could be reached", "メールサーバに到達できない"},
    {".7.1", "the receiving server refused it", "受信側サーバが受け取りを拒否した"},
};

} // namespace

std::string delivery_failure_text(std::string_view detail, std::string_view lang) {
    bool ja = lang == "ja";
    std::string code = status_code_in(detail);
    if (code.empty()) return ja ? "配送できませんでした" : "the message could not be delivered";
    bool lasting = code[0] == '5';
    std::string_view suffix = std::string_view(code).substr(1);
    const Meaning* meaning = nullptr;
    for (const auto& m : kMeanings)
        if (suffix == m.code) meaning = &m;
    if (ja) {
        std::string why = meaning ? std::string(meaning->ja) + "ため"
                                  : std::string(lasting ? "恒久的な配送エラーにより" : "");
        return why +
               (lasting ? "配送できませんでした"
                        : std::string(meaning ? "、" : "") + "配送が繰り返し失敗しました") +
               "（ステータス " + code + "）";
    }
    std::string head =
        lasting ? "the message could not be delivered" : "delivery failed again and again";
    return head + (meaning ? ": " + std::string(meaning->en) : std::string()) + " (status " + code +
           ")";
}

std::string silence_text(int days, std::string_view lang) {
    return lang == "ja" ? std::to_string(days) + " 日間ご返信がありませんでした"
                        : "we have had no answer in " + std::to_string(days) + " days";
}

} // namespace renraku::core::notice
