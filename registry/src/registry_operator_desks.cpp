#include "registry_operator_desks.hpp"

#include "changed_file_cache.hpp"

#include "renraku/sdk/channel.hpp"
#include "renraku/sdk/signals.hpp"
#include "renraku/sdk/text.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace renraku::registry {

namespace {

constexpr std::uintmax_t kMaxFileBytes = 4u << 20;
constexpr std::size_t kMaxEntries = 5000; // some 1,200 gTLDs exist

bool plain_tld(const std::string& tld) {
    if (tld.empty() || tld.size() > 63) return false;
    for (char c : tld)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

} // namespace

std::shared_ptr<const RegistryOperatorDesks> RegistryOperatorDesks::load(const std::string& path) {
    return read_once_per_change<RegistryOperatorDesks>(path, [&] {
        auto list = std::make_shared<RegistryOperatorDesks>();
        list->path_ = path;
        std::error_code ec;
        auto size = std::filesystem::file_size(path, ec);
        if (ec || size > kMaxFileBytes) return std::shared_ptr<const RegistryOperatorDesks>(list);
        std::ifstream in(path, std::ios::binary);
        auto j = nlohmann::json::parse(in, nullptr, false);
        if (!j.is_object()) return std::shared_ptr<const RegistryOperatorDesks>(list);
        if (auto s = j.find("source"); s != j.end() && s->is_string())
            list->source_ = sdk::sanitize(s->get<std::string>(), 300);
        auto rs = j.find("registries");
        if (rs == j.end() || !rs->is_array())
            return std::shared_ptr<const RegistryOperatorDesks>(list);
        for (const auto& r : *rs) {
            if (!r.is_object() || list->by_tld_.size() >= kMaxEntries) continue;
            auto t = r.find("tld");
            if (t == r.end() || !t->is_string()) continue;
            std::string tld = sdk::ascii_lower(t->get<std::string>());
            if (!plain_tld(tld)) continue;
            if (auto c = desk_channel_of(r)) list->by_tld_[tld] = std::move(*c);
        }
        return std::shared_ptr<const RegistryOperatorDesks>(list);
    });
}

const RegistrarChannel* RegistryOperatorDesks::find(const std::string& tld) const {
    auto it = by_tld_.find(tld);
    return it == by_tld_.end() ? nullptr : &it->second;
}

void add_registry_operator_desk(std::vector<sdk::Finding>& findings, const std::string& domain,
                                const std::string& tld, sdk::Services& services) {
    auto list =
        RegistryOperatorDesks::load(services.data_file("registries/registry-channels.json"));
    const RegistrarChannel* c = list->find(tld);
    if (c == nullptr) return;
    std::string as_of = c->as_of.empty() ? std::string() : " (as of " + c->as_of + ")";
    auto from_list = [&](sdk::Finding& f, const std::string& field) {
        f.contact.organization = c->name;
        f.role = sdk::Role::abuse;
        f.scope = {"domain", domain};
        f.evidence.server = "data";
        f.evidence.object = list->path();
        f.evidence.field = "TLD ." + tld + " " + field;
        f.evidence.excerpt = list->source() + (c->as_of.empty() ? "" : "; as of " + c->as_of);
        sdk::note_data_channel(f.evidence, list->path(), c->as_of);
        f.signals.push_back(sdk::signals::registry_operator_desk);
    };
    std::string role = "the registry operator of ." + tld +
                       ": above the registrar, it can suspend the domain when the registrar does "
                       "not act; write to the registrar first";
    if (!c->email.empty() || !c->form.empty()) {
        sdk::Finding f;
        f.contact.email = c->email;
        f.contact.url = c->form;
        from_list(f, c->email.empty() ? "form" : "email");
        if (c->email.empty()) f.signals.push_back(sdk::signals::form_only);
        f.caveats.push_back(role + " (its desk from the list of registries' abuse contacts" +
                            as_of + ")");
        findings.push_back(std::move(f));
    }
    // A reporting API: never a mail header, so never `to` or `cc`; an alternative.
    if (!c->api.empty()) {
        sdk::Finding f;
        f.contact.api = c->api;
        f.contact.name = c->api_by.empty() ? std::string() : c->api_by + " (reporting API)";
        from_list(f, "api");
        std::string by = c->api_by.empty() ? "a reporting service" : c->api_by;
        f.caveats.push_back(role + "; it also takes reports through " + by +
                            "'s reporting API (an account there is needed)" + as_of);
        findings.push_back(std::move(f));
    }
}

} // namespace renraku::registry
