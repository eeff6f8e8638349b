#include "world_control.hpp"

#include <arpa/inet.h>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace renraku::test {

namespace {

std::string control(const std::string& command) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(4300);
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        close(fd);
        throw std::runtime_error("the test world's control port does not answer");
    }
    std::string line = command + "\n";
    [[maybe_unused]] auto n = send(fd, line.data(), line.size(), 0);
    std::string out;
    char buf[4096];
    ssize_t r = 0;
    while ((r = recv(fd, buf, sizeof buf, 0)) > 0)
        out.append(buf, static_cast<std::size_t>(r));
    close(fd);
    return out;
}

} // namespace

std::map<std::string, std::vector<std::string>> whois_questions() {
    auto j = nlohmann::json::parse(control("stats"));
    std::map<std::string, std::vector<std::string>> out;
    for (auto& [k, v] : j.items())
        out[k] = v.get<std::vector<std::string>>();
    return out;
}

std::map<std::string, std::vector<double>> question_times() {
    auto j = nlohmann::json::parse(control("times"));
    std::map<std::string, std::vector<double>> out;
    for (auto& [k, v] : j.items())
        out[k] = v.get<std::vector<double>>();
    return out;
}

std::size_t counted_questions() {
    std::size_t asked = 0;
    for (const auto& [server, questions] : whois_questions())
        if (server.size() > 6 && server.substr(server.size() - 6) == "#count")
            asked += questions.size();
    return asked;
}

void reset_whois_questions() {
    control("reset");
}

} // namespace renraku::test
