#include "client/oauth/pkce.h"

#include <openssl/rand.h>

#include <stdexcept>

namespace revento::client {

std::string S256Challenge(std::string_view verifier) { return Base64Url(Sha256(verifier)); }

PkcePair NewPkcePair() {
  unsigned char random[32];
  if (RAND_bytes(random, sizeof random) != 1) throw std::runtime_error("RAND_bytes failed");
  PkcePair pair;
  pair.verifier = Base64Url(std::string_view(reinterpret_cast<const char*>(random), sizeof random));
  pair.challenge = S256Challenge(pair.verifier);
  return pair;
}

}  // namespace revento::client
