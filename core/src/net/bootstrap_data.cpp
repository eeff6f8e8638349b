#include "bootstrap_data.hpp"

#include "renraku/sdk/text.hpp"
#include "whois_client.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace renraku::core::net {

namespace {

bool prefix_holds(const std::string& net, int length, const std::string& addr) {
    if (net.size() != addr.size()) return false;
    for (int i = 0; i < length; ++i) {
        auto bit = [&](const std::string& b) {
            return (static_cast<unsigned char>(b[static_cast<std::size_t>(i / 8)]) >> (7 - i % 8)) &
                   1;
        };
        if (bit(net) != bit(addr)) return false;
    }
    return true;
}

} // namespace

BootstrapData::BootstrapData(const Locate& locate) {
    auto load = [&](const char* name) -> nlohmann::json {
        fs::path file = locate(std::string("bootstrap/") + name);
        std::ifstream in(file);
        if (!in) {
            errors_.push_back("missing " + file.string());
            return {};
        }
        try {
            return nlohmann::json::parse(in);
        } catch (const std::exception& e) {
            errors_.push_back("malformed " + file.string() + ": " + e.what());
            return {};
        }
    };
    auto services = [](const nlohmann::json& j) {
        return j.is_object() && j.contains("services") && j["services"].is_array()
                   ? j["services"]
                   : nlohmann::json::array();
    };
    for (const char* name : {"ipv4.json", "ipv6.json"}) {
        for (const auto& svc : services(load(name))) {
            if (!svc.is_array() || svc.size() < 2) continue;
            std::vector<std::string> urls;
            for (const auto& u : svc[1])
                if (u.is_string()) urls.push_back(u.get<std::string>());
            for (const auto& p : svc[0]) {
                if (!p.is_string()) continue;
                auto text = p.get<std::string>();
                auto slash = text.find('/');
                std::string bytes = address_bytes(text.substr(0, slash));
                if (bytes.empty()) continue;
                int len = slash == std::string::npos ? static_cast<int>(bytes.size()) * 8
                                                     : std::atoi(text.c_str() + slash + 1);
                prefixes_.push_back({bytes, len, urls});
            }
        }
    }
    for (const auto& svc : services(load("asn.json"))) {
        if (!svc.is_array() || svc.size() < 2) continue;
        std::vector<std::string> urls;
        for (const auto& u : svc[1])
            if (u.is_string()) urls.push_back(u.get<std::string>());
        for (const auto& r : svc[0]) {
            if (!r.is_string()) continue;
            auto text = r.get<std::string>();
            auto dash = text.find('-');
            try {
                auto first = std::stoul(text.substr(0, dash));
                auto last = dash == std::string::npos ? first : std::stoul(text.substr(dash + 1));
                asns_.push_back(
                    {static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(last), urls});
            } catch (...) {
                continue;
            }
        }
    }
    for (const auto& svc : services(load("dns.json"))) {
        if (!svc.is_array() || svc.size() < 2) continue;
        std::vector<std::string> urls;
        for (const auto& u : svc[1])
            if (u.is_string()) urls.push_back(u.get<std::string>());
        for (const auto& t : svc[0])
            if (t.is_string()) tlds_.emplace_back(sdk::ascii_lower(t.get<std::string>()), urls);
    }
}

const BootstrapData::Prefix* BootstrapData::best_prefix(const sdk::Indicator& ind) const {
    std::string addr = address_bytes(ind.address);
    if (addr.empty()) return nullptr;
    int want = ind.prefix_len < 0 ? static_cast<int>(addr.size()) * 8 : ind.prefix_len;
    const Prefix* best = nullptr;
    for (const auto& p : prefixes_)
        if (p.length <= want && prefix_holds(p.bytes, p.length, addr) &&
            (best == nullptr || p.length > best->length))
            best = &p;
    return best;
}

std::optional<std::pair<std::string, std::string>>
BootstrapData::address_block(const sdk::Indicator& ind) const {
    const Prefix* best = ind.address.empty() ? nullptr : best_prefix(ind);
    if (best == nullptr) return std::nullopt;
    std::string start = best->bytes;
    std::string end = best->bytes;
    for (std::size_t bit = static_cast<std::size_t>(best->length); bit < end.size() * 8; ++bit) {
        start[bit / 8] = static_cast<char>(start[bit / 8] & ~(0x80 >> (bit % 8)));
        end[bit / 8] = static_cast<char>(end[bit / 8] | (0x80 >> (bit % 8)));
    }
    return std::make_pair(start, end);
}

std::vector<std::string> BootstrapData::rdap_urls(const sdk::Indicator& ind) {
    if (ind.type == sdk::IndicatorType::asn) {
        for (const auto& r : asns_)
            if (ind.asn >= r.first && ind.asn <= r.last) return r.urls;
        return {};
    }
    if (!ind.address.empty()) {
        const Prefix* best = best_prefix(ind);
        return best != nullptr ? best->urls : std::vector<std::string>{};
    }
    if (!ind.host.empty()) {
        auto tld = ind.host.substr(ind.host.rfind('.') + 1);
        for (const auto& [name, urls] : tlds_)
            if (name == tld) return urls;
    }
    return {};
}

} // namespace renraku::core::net
