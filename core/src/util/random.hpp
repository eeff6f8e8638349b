#pragma once
// Characters nobody can guess, from the system's random source (getrandom): the random part of
// a tracking number, a Message-ID, a server's token.

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <sys/random.h>

namespace renraku::core {

/// `n` characters of Crockford's base32 (digits and capitals without I, L, O, U), 5 bits each.
inline std::string random_base32(std::size_t n) {
    static const char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    std::string bytes(n, '\0');
    std::size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(bytes.data() + got, n - got, 0);
        if (r < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error(std::string("no random numbers: ") + std::strerror(errno));
        }
        got += static_cast<std::size_t>(r);
    }
    for (char& c : bytes)
        c = kAlphabet[static_cast<unsigned char>(c) & 31];
    return bytes;
}

} // namespace renraku::core
