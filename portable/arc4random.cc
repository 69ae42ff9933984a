// arc4random for the release package's statically linked libstdc++.
//
// The release package (REVENTO_STATIC, cmake/ReventoStatic.cmake) links
// libstdc++ statically and must run on glibc 2.35. Debian 12's libstdc++.a
// seeds std::random_device (cpp-httplib's multipart boundaries use one) with
// arc4random, which glibc has only from 2.36 on, so the binaries would need
// GLIBC_2.36. This definition, linked into each binary as an object file,
// takes that reference instead of glibc's: 32 bits from getrandom(2)
// (glibc 2.25), the kernel's CSPRNG, as glibc's own arc4random does. It
// aborts only if the kernel cannot give random bytes at all.
//
// Thread safety: safe from any thread (getrandom keeps no state here).
#include <sys/random.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>

extern "C" uint32_t arc4random() noexcept {
  uint32_t value = 0;
  auto* bytes = reinterpret_cast<char*>(&value);
  size_t got = 0;
  while (got < sizeof value) {
    ssize_t n = getrandom(bytes + got, sizeof value - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) std::abort();
    got += static_cast<size_t>(n);
  }
  return value;
}
