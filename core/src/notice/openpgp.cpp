#include "openpgp.hpp"

#include <cctype>
#include <gpgme.h>
#include <memory>

namespace renraku::core::notice {

namespace {

struct Context {
    gpgme_ctx_t ctx = nullptr;
    ~Context() {
        if (ctx != nullptr) gpgme_release(ctx);
    }
};
struct Data {
    gpgme_data_t d = nullptr;
    ~Data() {
        if (d != nullptr) gpgme_data_release(d);
    }
};
struct Key {
    gpgme_key_t k = nullptr;
    ~Key() {
        if (k != nullptr) gpgme_key_unref(k);
    }
};

// A passphrase is never asked for on our own: the key must be usable as it is.
gpgme_error_t no_passphrase(void*, const char*, const char*, int, int) {
    return gpgme_error(GPG_ERR_NO_PASSPHRASE);
}

bool open(Context& c, const std::string& home, std::string& why) {
    static const bool initialised = [] {
        gpgme_check_version(nullptr);
        return true;
    }();
    (void)initialised;
    if (gpgme_error_t e = gpgme_new(&c.ctx); e != 0) {
        why = std::string("GPGME: ") + gpgme_strerror(e);
        return false;
    }
    gpgme_set_protocol(c.ctx, GPGME_PROTOCOL_OpenPGP);
    if (!home.empty())
        gpgme_ctx_set_engine_info(c.ctx, GPGME_PROTOCOL_OpenPGP, nullptr, home.c_str());
    gpgme_set_armor(c.ctx, 1);
    gpgme_set_pinentry_mode(c.ctx, GPGME_PINENTRY_MODE_LOOPBACK);
    gpgme_set_passphrase_cb(c.ctx, no_passphrase, nullptr);
    return true;
}

std::string read_all(gpgme_data_t d) {
    std::string out;
    gpgme_data_seek(d, 0, SEEK_SET);
    char buf[4096];
    ssize_t n = 0;
    while ((n = gpgme_data_read(d, buf, sizeof buf)) > 0)
        out.append(buf, static_cast<std::size_t>(n));
    return out;
}

bool find_key(Context& c, const std::string& fingerprint, bool secret, Key& key,
              std::string& why) {
    std::string fpr = normalize_fingerprint(fingerprint);
    if (fpr.empty()) {
        why = "\"" + fingerprint + "\" is not an OpenPGP fingerprint";
        return false;
    }
    if (gpgme_get_key(c.ctx, fpr.c_str(), &key.k, secret ? 1 : 0) != 0 || key.k == nullptr ||
        key.k->subkeys == nullptr || key.k->subkeys->fpr == nullptr ||
        normalize_fingerprint(key.k->subkeys->fpr) != fpr) {
        why = std::string(secret ? "no secret key " : "no public key ") + fpr + " in the keyring";
        return false;
    }
    return true;
}

} // namespace

std::string normalize_fingerprint(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == ' ') continue;
        if (!std::isxdigit(static_cast<unsigned char>(c))) return {};
        out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    return out.size() == 40 || out.size() == 64 ? out : std::string();
}

std::optional<Signature> OpenPgp::sign(const std::string& data, const std::string& fingerprint,
                                       std::string& why) const {
    Context c;
    if (!open(c, home_, why)) return std::nullopt;
    Key key;
    if (!find_key(c, fingerprint, true, key, why)) return std::nullopt;
    gpgme_signers_clear(c.ctx);
    gpgme_signers_add(c.ctx, key.k);
    Data in;
    Data out;
    gpgme_data_new_from_mem(&in.d, data.data(), data.size(), 0);
    gpgme_data_new(&out.d);
    if (gpgme_error_t e = gpgme_op_sign(c.ctx, in.d, out.d, GPGME_SIG_MODE_DETACH); e != 0) {
        why = std::string("signing failed: ") + gpgme_strerror(e);
        return std::nullopt;
    }
    gpgme_sign_result_t result = gpgme_op_sign_result(c.ctx);
    if (result == nullptr || result->signatures == nullptr) {
        why = "signing made no signature";
        return std::nullopt;
    }
    std::string algo = gpgme_hash_algo_name(result->signatures->hash_algo);
    for (auto& ch : algo)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return Signature{read_all(out.d), "pgp-" + algo};
}

std::optional<std::string> OpenPgp::encrypt(const std::string& data,
                                            const std::string& fingerprint,
                                            std::string& why) const {
    Context c;
    if (!open(c, home_, why)) return std::nullopt;
    Key key;
    if (!find_key(c, fingerprint, false, key, why)) return std::nullopt;
    gpgme_key_t recipients[2] = {key.k, nullptr};
    Data in;
    Data out;
    gpgme_data_new_from_mem(&in.d, data.data(), data.size(), 0);
    gpgme_data_new(&out.d);
    // The fingerprint came from a source we trust for it, so the keyring's own trust in the
    // key is not asked for.
    if (gpgme_error_t e =
            gpgme_op_encrypt(c.ctx, recipients, GPGME_ENCRYPT_ALWAYS_TRUST, in.d, out.d);
        e != 0) {
        why = std::string("encryption failed: ") + gpgme_strerror(e);
        return std::nullopt;
    }
    return read_all(out.d);
}

bool OpenPgp::has_key(const std::string& fingerprint) const {
    Context c;
    std::string why;
    if (!open(c, home_, why)) return false;
    Key key;
    return find_key(c, fingerprint, false, key, why);
}

bool OpenPgp::has_secret_key(const std::string& fingerprint, std::string& why) const {
    Context c;
    if (!open(c, home_, why)) return false;
    Key key;
    return find_key(c, fingerprint, true, key, why);
}

} // namespace renraku::core::notice
