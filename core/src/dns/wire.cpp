#include "wire.hpp"

#include <arpa/inet.h>

namespace renraku::core::dns {

namespace {

class Reader {
  public:
    Reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

    bool u8(std::uint8_t& v) {
        if (pos_ + 1 > size_) return false;
        v = data_[pos_++];
        return true;
    }
    bool u16(std::uint16_t& v) {
        if (pos_ + 2 > size_) return false;
        v = static_cast<std::uint16_t>((data_[pos_] << 8) | data_[pos_ + 1]);
        pos_ += 2;
        return true;
    }
    bool u32(std::uint32_t& v) {
        if (pos_ + 4 > size_) return false;
        v = (std::uint32_t{data_[pos_]} << 24) | (std::uint32_t{data_[pos_ + 1]} << 16) |
            (std::uint32_t{data_[pos_ + 2]} << 8) | std::uint32_t{data_[pos_ + 3]};
        pos_ += 4;
        return true;
    }
    bool skip(std::size_t n) {
        if (pos_ + n > size_) return false;
        pos_ += n;
        return true;
    }
    // A possibly compressed name, in presentation form. Compression pointers may only point
    // backwards, and at most 128 of them are followed, so a loop cannot hang us.
    bool name(std::string& out, bool lower) {
        out.clear();
        std::size_t pos = pos_;
        bool jumped = false;
        int jumps = 0;
        std::size_t total = 0;
        while (true) {
            if (pos >= size_) return false;
            std::uint8_t len = data_[pos];
            if ((len & 0xC0) == 0xC0) {
                if (pos + 1 >= size_) return false;
                std::size_t target = (std::size_t{len & 0x3FU} << 8) | data_[pos + 1];
                if (target >= pos || ++jumps > 128) return false;
                if (!jumped) pos_ = pos + 2;
                jumped = true;
                pos = target;
                continue;
            }
            if ((len & 0xC0) != 0) return false;
            if (len == 0) {
                if (!jumped) pos_ = pos + 1;
                return true;
            }
            if (pos + 1 + len > size_) return false;
            total += len + 1U;
            if (total > 255) return false;
            if (!out.empty()) out.push_back('.');
            for (std::size_t i = 0; i < len; ++i)
                append_escaped(out, data_[pos + 1 + i], lower);
            pos += 1U + len;
        }
    }
    std::size_t pos() const { return pos_; }
    void seek(std::size_t p) { pos_ = p; }

  private:
    static void append_escaped(std::string& out, std::uint8_t c, bool lower) {
        if (c == '.' || c == '\\') {
            out.push_back('\\');
            out.push_back(static_cast<char>(c));
        } else if (c <= 0x20 || c >= 0x7F) {
            out.push_back('\\');
            out.push_back(static_cast<char>('0' + c / 100));
            out.push_back(static_cast<char>('0' + (c / 10) % 10));
            out.push_back(static_cast<char>('0' + c % 10));
        } else if (lower && c >= 'A' && c <= 'Z') {
            out.push_back(static_cast<char>(c - 'A' + 'a'));
        } else {
            out.push_back(static_cast<char>(c));
        }
    }

    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
};

bool read_record(Reader& r, std::optional<sdk::DnsRecord>& out) {
    out.reset();
    sdk::DnsRecord rec;
    std::uint16_t type = 0;
    std::uint16_t klass = 0;
    std::uint16_t rdlen = 0;
    if (!r.name(rec.owner, true) || !r.u16(type) || !r.u16(klass) || !r.u32(rec.ttl) ||
        !r.u16(rdlen))
        return false;
    std::size_t end = r.pos() + rdlen;
    Reader rd = r; // reads inside rdata; names may point anywhere earlier in the message
    if (!r.skip(rdlen)) return false;
    if (klass != 1) return true; // only class IN matters
    rec.type = static_cast<sdk::RrType>(type);
    switch (rec.type) {
    case sdk::RrType::a: {
        if (rdlen != 4) return false;
        char buf[INET_ADDRSTRLEN] = {};
        std::uint8_t bytes[4];
        for (auto& b : bytes)
            if (!rd.u8(b)) return false;
        inet_ntop(AF_INET, bytes, buf, sizeof buf);
        rec.text = buf;
        break;
    }
    case sdk::RrType::aaaa: {
        if (rdlen != 16) return false;
        char buf[INET6_ADDRSTRLEN] = {};
        std::uint8_t bytes[16];
        for (auto& b : bytes)
            if (!rd.u8(b)) return false;
        inet_ntop(AF_INET6, bytes, buf, sizeof buf);
        rec.text = buf;
        break;
    }
    case sdk::RrType::ns:
    case sdk::RrType::cname:
    case sdk::RrType::ptr:
        if (!rd.name(rec.text, true) || rd.pos() != end) return false;
        break;
    case sdk::RrType::mx:
        if (!rd.u16(rec.mx_preference) || !rd.name(rec.text, true) || rd.pos() != end) return false;
        break;
    case sdk::RrType::soa:
        if (!rd.name(rec.soa.mname, true) || !rd.name(rec.soa.rname, false) ||
            !rd.u32(rec.soa.serial) || !rd.skip(16) || rd.pos() != end)
            return false;
        break;
    case sdk::RrType::txt:
        while (rd.pos() < end) {
            std::uint8_t len = 0;
            if (!rd.u8(len) || rd.pos() + len > end) return false;
            for (std::size_t i = 0; i < len; ++i) {
                std::uint8_t c = 0;
                rd.u8(c);
                rec.text.push_back(static_cast<char>(c));
            }
        }
        break;
    default:
        return true; // a type we do not use
    }
    out = std::move(rec);
    return true;
}

} // namespace

std::optional<Message> parse_message(const std::uint8_t* data, std::size_t size, std::string& why) {
    Reader r(data, size);
    Message m;
    std::uint16_t flags = 0;
    std::uint16_t qd = 0;
    std::uint16_t an = 0;
    std::uint16_t ns = 0;
    std::uint16_t ar = 0;
    if (!r.u16(m.id) || !r.u16(flags) || !r.u16(qd) || !r.u16(an) || !r.u16(ns) || !r.u16(ar)) {
        why = "DNS answer shorter than its header";
        return std::nullopt;
    }
    m.rcode = flags & 0xF;
    m.truncated = (flags & 0x0200) != 0;
    m.authoritative = (flags & 0x0400) != 0;
    for (int i = 0; i < qd; ++i) {
        std::string qname;
        if (!r.name(qname, true) || !r.skip(4)) {
            why = "malformed question section";
            return std::nullopt;
        }
    }
    auto read_section = [&](int count, std::vector<sdk::DnsRecord>& into) {
        for (int i = 0; i < count; ++i) {
            std::optional<sdk::DnsRecord> rec;
            if (!read_record(r, rec)) return false;
            if (rec && into.size() < 256) into.push_back(std::move(*rec));
        }
        return true;
    };
    if (!read_section(an, m.answer) || !read_section(ns, m.authority)) {
        why = "malformed resource record";
        return std::nullopt;
    }
    return m;
}

void classify_reply(sdk::DnsAnswer& out, int rcode, sdk::RrType asked, const std::string& server) {
    switch (rcode) {
    case 0: {
        bool has = false;
        for (const auto& r : out.answer)
            if (r.type == asked) has = true;
        out.status = has ? sdk::DnsStatus::ok : sdk::DnsStatus::nodata;
        return;
    }
    case 3:
        out.status = sdk::DnsStatus::nxdomain;
        return;
    case 2:
        out.status = sdk::DnsStatus::servfail;
        break;
    case 5:
        out.status = sdk::DnsStatus::refused;
        break;
    default:
        out.status = sdk::DnsStatus::error;
        break;
    }
    out.message = std::string("DNS server ") + server + " answered " +
                  std::string(sdk::dns_status_name(out.status)) + " (rcode " +
                  std::to_string(rcode) + ")";
}

sdk::DnsAnswer answer_from_reply(const std::uint8_t* data, std::size_t size, sdk::RrType asked,
                                 const std::string& server) {
    sdk::DnsAnswer out;
    out.server = server;
    std::string why;
    auto msg = parse_message(data, size, why);
    if (!msg) {
        out.status = sdk::DnsStatus::error;
        out.message = "bad DNS answer from " + server + ": " + why;
        return out;
    }
    out.answer = std::move(msg->answer);
    out.authority = std::move(msg->authority);
    classify_reply(out, msg->rcode, asked, server);
    return out;
}

} // namespace renraku::core::dns
