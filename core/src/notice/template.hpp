#pragma once
// Notice templates: text with {{name}} values and {{#name}}...{{/name}} sections (repeated for
// each item of a list, shown once for a value that is not empty, left out otherwise). The first
// line is "Subject: ...". Built-in English and Japanese templates are shipped data; a site puts
// its own (same names) in its template folder.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace renraku::core::notice {

struct TemplateContext {
    std::map<std::string, std::string> values;
    std::map<std::string, std::vector<TemplateContext>> lists;
};

std::string render(const std::string& tmpl, const TemplateContext& ctx);

struct Template {
    std::filesystem::path file;
    std::string subject;
    std::string body;
};

/// "notice" or "relay", in `language`: the site's folder first, then the shipped one. Throws
/// std::runtime_error naming what is missing.
Template load_template(const std::string& kind, const std::string& language,
                       const std::filesystem::path& site_dir,
                       const std::filesystem::path& shipped_dir);

} // namespace renraku::core::notice
