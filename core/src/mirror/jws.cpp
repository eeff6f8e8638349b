#include "jws.hpp"

#include <gmp.h>
#include <nettle/base64.h>
#include <nettle/ecc-curve.h>
#include <nettle/ecc.h>
#include <nettle/ecdsa.h>
#include <nettle/eddsa.h>
#include <nettle/sha2.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstring>
#include <fstream>

namespace renraku::core::mirror {

namespace {

// A public key as a PEM SubjectPublicKeyInfo holds it. Only the two forms NRTMv4 signs with
// are read, each by its whole fixed DER prefix (RFC 8410 for Ed25519; RFC 5480 for an
// uncompressed P-256 point): anything else is not a key here.
struct PublicKey {
    enum class Kind { none, ed25519, p256 } kind = Kind::none;
    std::string bytes; // 32 bytes (Ed25519) or X || Y, 64 bytes (P-256)
};

const unsigned char kEd25519Prefix[] = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03,
                                        0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
const unsigned char kP256Prefix[] = {0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48,
                                     0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48,
                                     0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04};

PublicKey read_public_key(const std::string& pem) {
    const std::string begin = "-----BEGIN PUBLIC KEY-----", end = "-----END PUBLIC KEY-----";
    auto b = pem.find(begin);
    auto e = b == std::string::npos ? b : pem.find(end, b);
    if (pem.size() > 16 * 1024 || e == std::string::npos) return {};
    std::string body;
    for (char c : pem.substr(b + begin.size(), e - b - begin.size()))
        if (c != '\n' && c != '\r' && c != ' ' && c != '\t') body.push_back(c);
    std::string der(BASE64_DECODE_LENGTH(body.size()), '\0');
    base64_decode_ctx ctx;
    base64_decode_init(&ctx);
    std::size_t n = der.size();
    if (base64_decode_update(&ctx, &n, reinterpret_cast<std::uint8_t*>(der.data()), body.size(),
                             body.data()) != 1 ||
        base64_decode_final(&ctx) != 1)
        return {};
    der.resize(n);
    auto starts = [&](const unsigned char* prefix, std::size_t len, std::size_t total) {
        return der.size() == total && std::memcmp(der.data(), prefix, len) == 0;
    };
    if (starts(kEd25519Prefix, sizeof kEd25519Prefix, sizeof kEd25519Prefix + 32))
        return {PublicKey::Kind::ed25519, der.substr(sizeof kEd25519Prefix)};
    if (starts(kP256Prefix, sizeof kP256Prefix, sizeof kP256Prefix + 64))
        return {PublicKey::Kind::p256, der.substr(sizeof kP256Prefix)};
    return {};
}

const std::uint8_t* bytes_of(const std::string& s) {
    return reinterpret_cast<const std::uint8_t*>(s.data());
}

// ES256: ECDSA on P-256 over the SHA-256 of the signing input; the signature is r || s.
bool verify_es256(const std::string& xy, const std::string& input, const std::string& sig) {
    struct Big {
        mpz_t v;
        Big() { mpz_init(v); }
        ~Big() { mpz_clear(v); }
        Big(const Big&) = delete;
        Big& operator=(const Big&) = delete;
    } x, y;
    mpz_import(x.v, 32, 1, 1, 1, 0, xy.data());
    mpz_import(y.v, 32, 1, 1, 1, 0, xy.data() + 32);
    struct Point {
        ecc_point p;
        Point() { ecc_point_init(&p, nettle_get_secp_256r1()); }
        ~Point() { ecc_point_clear(&p); }
        Point(const Point&) = delete;
        Point& operator=(const Point&) = delete;
    } pub;
    if (ecc_point_set(&pub.p, x.v, y.v) != 1) return false; // not on the curve
    struct Signature {
        dsa_signature s;
        Signature() { dsa_signature_init(&s); }
        ~Signature() { dsa_signature_clear(&s); }
        Signature(const Signature&) = delete;
        Signature& operator=(const Signature&) = delete;
    } rs;
    mpz_import(rs.s.r, 32, 1, 1, 1, 0, sig.data());
    mpz_import(rs.s.s, 32, 1, 1, 1, 0, sig.data() + 32);
    sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, input.size(), bytes_of(input));
    std::uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof digest, digest);
    return ecdsa_verify(&pub.p, sizeof digest, digest, &rs.s) == 1;
}

} // namespace

std::optional<std::string> base64url_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size() * 3 / 4);
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        int v;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            v = c - '0' + 52;
        else if (c == '-')
            v = 62;
        else if (c == '_')
            v = 63;
        else
            return std::nullopt;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xff));
        }
    }
    if (text.size() % 4 == 1) return std::nullopt; // no whole byte in the last character
    if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) return std::nullopt; // non-canonical tail
    return out;
}

std::optional<std::string> verify_jws(std::string_view compact, const std::string& public_key_pem,
                                      std::string& why) {
    auto dot1 = compact.find('.');
    auto dot2 = dot1 == std::string_view::npos ? dot1 : compact.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos || compact.find('.', dot2 + 1) != std::string_view::npos) {
        why = "not a JWS in compact form (three parts)";
        return std::nullopt;
    }
    auto header_text = base64url_decode(compact.substr(0, dot1));
    auto payload = base64url_decode(compact.substr(dot1 + 1, dot2 - dot1 - 1));
    auto signature = base64url_decode(compact.substr(dot2 + 1));
    if (!header_text || !payload || !signature) {
        why = "a part of the JWS is not base64url";
        return std::nullopt;
    }
    auto header = nlohmann::json::parse(*header_text, nullptr, false);
    if (!header.is_object() || !header.contains("alg") || !header["alg"].is_string()) {
        why = "the JWS header names no algorithm";
        return std::nullopt;
    }
    // A critical extension we do not know must not be ignored (RFC 7515 §4.1.11).
    if (header.contains("crit")) {
        why = "the JWS header has critical extensions renraku does not know";
        return std::nullopt;
    }
    std::string alg = header["alg"].get<std::string>();
    PublicKey key = read_public_key(public_key_pem);
    if (key.kind == PublicKey::Kind::none) {
        why = "the configured key is not a PEM public key (P-256 or Ed25519)";
        return std::nullopt;
    }
    std::string signed_part(compact.substr(0, dot2));
    bool ok = false;
    if (alg == "ES256") {
        if (key.kind != PublicKey::Kind::p256) {
            why = "the notification is signed ES256 but the configured key is not a P-256 key";
            return std::nullopt;
        }
        if (signature->size() != 64) {
            why = "an ES256 signature is 64 bytes";
            return std::nullopt;
        }
        ok = verify_es256(key.bytes, signed_part, *signature);
    } else if (alg == "EdDSA" || alg == "Ed25519") {
        if (key.kind != PublicKey::Kind::ed25519) {
            why = "the notification is signed " + alg + " but the configured key is not Ed25519";
            return std::nullopt;
        }
        ok = signature->size() == ED25519_SIGNATURE_SIZE &&
             ed25519_sha512_verify(bytes_of(key.bytes), signed_part.size(), bytes_of(signed_part),
                                   bytes_of(*signature)) == 1;
    } else {
        why = "the JWS algorithm is not ES256 or EdDSA";
        return std::nullopt;
    }
    if (!ok) {
        why = "the signature does not verify with the configured key";
        return std::nullopt;
    }
    return payload;
}

namespace {

std::string hex(const std::uint8_t* p, std::size_t n) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(digits[p[i] >> 4]);
        out.push_back(digits[p[i] & 15]);
    }
    return out;
}

} // namespace

std::string sha256_hex(std::string_view bytes) {
    sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
    std::uint8_t md[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof md, md);
    return hex(md, sizeof md);
}

std::string sha256_file_hex(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return {};
    sha256_ctx ctx;
    sha256_init(&ctx);
    std::array<char, 1 << 16> buf{};
    while (in) {
        in.read(buf.data(), buf.size());
        if (in.gcount() > 0)
            sha256_update(&ctx, static_cast<std::size_t>(in.gcount()),
                          reinterpret_cast<const std::uint8_t*>(buf.data()));
    }
    if (in.bad()) return {};
    std::uint8_t md[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof md, md);
    return hex(md, sizeof md);
}

} // namespace renraku::core::mirror
