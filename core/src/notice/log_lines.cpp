#include "log_lines.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace renraku::core::notice {

namespace {

bool inside(const fs::path& path, const fs::path& folder) {
    auto p = path.begin();
    for (auto f = folder.begin(); f != folder.end(); ++f, ++p) {
        if (f->empty()) continue; // a trailing separator
        if (p == path.end() || *p != *f) return false;
    }
    return true;
}

// A file descriptor that closes itself.
struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

bool wanted_line(std::size_t n, const std::vector<std::pair<std::size_t, std::size_t>>& ranges) {
    for (const auto& [a, b] : ranges)
        if (n >= a && n <= b) return true;
    return false;
}

std::string cut_mark(std::size_t cut) {
    return " [... " + std::to_string(cut) + " more bytes of this line not included]";
}

} // namespace

std::optional<fs::path> resolve_log(const fs::path& incident_dir, const std::string& written,
                                    bool allow_outside, std::string& why) {
    fs::path given = written;
    fs::path path = given.is_relative() ? incident_dir / given : given;
    std::error_code ec;
    fs::path real = fs::canonical(path, ec);
    if (ec) {
        why = "cannot read log file " + path.string() + ": " + ec.message();
        return std::nullopt;
    }
    for (const char* never : {"/proc", "/sys", "/dev"})
        if (inside(real, never)) {
            why = "log file " + written + " is " + real.string() + ", under " + never +
                  ": never attached";
            return std::nullopt;
        }
    auto status = fs::status(real, ec);
    if (ec || !fs::is_regular_file(status)) {
        why = "log file " + written + " (" + real.string() + ") is not a regular file";
        return std::nullopt;
    }
    if (!allow_outside) {
        fs::path base = fs::canonical(incident_dir.empty() ? fs::path(".") : incident_dir, ec);
        if (ec || !inside(real, base)) {
            why = "log file " + written + " is " + real.string() +
                  ", outside the incident file's folder " + base.string() +
                  " (--allow-outside to attach it)";
            return std::nullopt;
        }
    }
    return real;
}

LogExcerpt read_log_lines(const fs::path& log,
                          const std::vector<std::pair<std::size_t, std::size_t>>& ranges,
                          const std::string& needle, std::size_t& budget, std::string& why) {
    LogExcerpt out;
    Fd file{::open(log.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW)};
    if (file.fd < 0) {
        why = "cannot read log file " + log.string() + ": " + std::strerror(errno);
        return out;
    }
    std::size_t last_wanted = 0;
    for (const auto& r : ranges)
        last_wanted = std::max(last_wanted, r.second);
    const bool by_number = !ranges.empty();

    std::size_t number = 1;
    std::string kept;         // the first kMaxLogLineBytes of the current line
    std::size_t cut = 0;      // bytes of the current line past those
    bool matched = false;     // the current line holds the needle
    std::string tail;         // the line's last needle.size() - 1 bytes, to find it across reads
    bool wanted = by_number && wanted_line(1, ranges);

    auto end_line = [&] {
        if (by_number ? wanted : matched) {
            if (out.lines.size() < kMaxLinesPerEvent) {
                if (!kept.empty() && kept.back() == '\r') kept.pop_back();
                if (cut > 0) kept += cut_mark(cut);
                out.lines.push_back({number, std::move(kept)});
            } else {
                ++out.more;
            }
        }
        ++number;
        kept.clear();
        cut = 0;
        matched = false;
        tail.clear();
        wanted = by_number && wanted_line(number, ranges);
    };
    // Only the bytes of a line that is kept, or that may hold the needle, are looked at.
    auto take = [&](const char* data, std::size_t size) {
        if (by_number && !wanted) return;
        std::size_t room = kMaxLogLineBytes - std::min(kMaxLogLineBytes, kept.size());
        std::size_t keep = std::min(room, size);
        kept.append(data, keep);
        cut += size - keep;
        if (by_number || matched || needle.empty()) return;
        std::string window = tail;
        window.append(data, size);
        if (window.find(needle) != std::string::npos) matched = true;
        std::size_t t = std::min(window.size(), needle.size() - 1);
        tail = window.substr(window.size() - t);
    };

    char buf[1 << 16];
    for (;;) {
        if (by_number && number > last_wanted) break; // nothing more is wanted
        if (by_number && number == last_wanted && kept.size() >= kMaxLogLineBytes) {
            // The last line wanted is full: the rest of it is not read (it may be gigabytes).
            out.lines.push_back({number, kept + " [... line cut at 4096 bytes]"});
            return out;
        }
        ssize_t n = ::read(file.fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            why = "cannot read log file " + log.string() + ": " + std::strerror(errno);
            return out;
        }
        if (n == 0) break;
        if (static_cast<std::size_t>(n) > budget) {
            why = "more than " + std::to_string(kMaxLogBytesRead >> 20) +
                  " MiB of log files read for this incident's events; name the lines with "
                  "`lines`";
            return out;
        }
        budget -= static_cast<std::size_t>(n);
        const char* p = buf;
        const char* end = buf + n;
        while (p < end) {
            const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
            take(p, static_cast<std::size_t>((nl == nullptr ? end : nl) - p));
            if (nl == nullptr) break;
            end_line();
            p = nl + 1;
            if (by_number && number > last_wanted) break;
        }
    }
    if (!kept.empty() || cut > 0 || matched) end_line();
    return out;
}

} // namespace renraku::core::notice
