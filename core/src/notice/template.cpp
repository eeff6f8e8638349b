#include "template.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace renraku::core::notice {

namespace {

constexpr std::size_t kMaxTemplateBytes = 256 * 1024;

const std::string* lookup(const std::vector<const TemplateContext*>& scopes,
                          const std::string& name) {
    for (auto it = scopes.rbegin(); it != scopes.rend(); ++it)
        if (auto v = (*it)->values.find(name); v != (*it)->values.end()) return &v->second;
    return nullptr;
}

const std::vector<TemplateContext>* lookup_list(const std::vector<const TemplateContext*>& scopes,
                                                const std::string& name) {
    for (auto it = scopes.rbegin(); it != scopes.rend(); ++it)
        if (auto v = (*it)->lists.find(name); v != (*it)->lists.end()) return &v->second;
    return nullptr;
}

// The position of the {{/name}} that closes a section opened before `from`.
std::size_t closing(const std::string& t, const std::string& name, std::size_t from) {
    int depth = 1;
    std::size_t pos = from;
    const std::string open = "{{#" + name + "}}";
    const std::string close = "{{/" + name + "}}";
    while (true) {
        std::size_t o = t.find(open, pos);
        std::size_t c = t.find(close, pos);
        if (c == std::string::npos) return std::string::npos;
        if (o != std::string::npos && o < c) {
            ++depth;
            pos = o + open.size();
            continue;
        }
        if (--depth == 0) return c;
        pos = c + close.size();
    }
}

void render_into(const std::string& t, std::vector<const TemplateContext*>& scopes,
                 std::string& out, int depth) {
    if (depth > 16) return; // templates are ours or the site's; a runaway one stops here
    std::size_t pos = 0;
    while (pos < t.size()) {
        std::size_t open = t.find("{{", pos);
        if (open == std::string::npos) {
            out.append(t, pos, std::string::npos);
            return;
        }
        out.append(t, pos, open - pos);
        std::size_t end = t.find("}}", open + 2);
        if (end == std::string::npos) {
            out.append(t, open, std::string::npos);
            return;
        }
        std::string tag = t.substr(open + 2, end - open - 2);
        pos = end + 2;
        if (tag.empty()) continue;
        if (tag[0] == '#') {
            std::string name = tag.substr(1);
            std::size_t close = closing(t, name, pos);
            if (close == std::string::npos) continue; // unbalanced: the tag is dropped
            std::string inner = t.substr(pos, close - pos);
            pos = close + name.size() + 5;
            if (const auto* list = lookup_list(scopes, name)) {
                for (const auto& item : *list) {
                    scopes.push_back(&item);
                    render_into(inner, scopes, out, depth + 1);
                    scopes.pop_back();
                }
            } else if (const auto* v = lookup(scopes, name); v != nullptr && !v->empty()) {
                render_into(inner, scopes, out, depth + 1);
            }
            continue;
        }
        if (tag[0] == '/') continue;
        if (const auto* v = lookup(scopes, tag)) out += *v;
    }
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    std::string text = s.str();
    if (text.size() > kMaxTemplateBytes)
        throw std::runtime_error("template " + p.string() + " is larger than 256 KiB");
    return text;
}

} // namespace

std::string render(const std::string& tmpl, const TemplateContext& ctx) {
    std::string out;
    std::vector<const TemplateContext*> scopes{&ctx};
    render_into(tmpl, scopes, out, 0);
    return out;
}

Template load_template(const std::string& kind, const std::string& language,
                       const std::filesystem::path& site_dir,
                       const std::filesystem::path& shipped_dir) {
    std::string name = kind + "." + language + ".txt";
    std::filesystem::path file;
    std::error_code ec;
    if (!site_dir.empty() && std::filesystem::is_regular_file(site_dir / name, ec))
        file = site_dir / name;
    else if (std::filesystem::is_regular_file(shipped_dir / name, ec))
        file = shipped_dir / name;
    else
        throw std::runtime_error("no template " + name + " in " +
                                 (site_dir.empty() ? "" : site_dir.string() + " or ") +
                                 shipped_dir.string());
    std::string text = read_file(file);
    Template t;
    t.file = file;
    if (text.rfind("Subject: ", 0) != 0)
        throw std::runtime_error("template " + file.string() + ": first line must be Subject: ...");
    auto nl = text.find('\n');
    t.subject = text.substr(9, nl == std::string::npos ? std::string::npos : nl - 9);
    std::size_t body = nl == std::string::npos ? text.size() : nl + 1;
    if (body < text.size() && text[body] == '\n') ++body;
    t.body = text.substr(body);
    return t;
}

} // namespace renraku::core::notice
