// Signature headers on the receiving side (the reference client's
// verifier): any timestamp, X-Revento-Signature and body are judged without
// crashing, only the right signature passes, and a signature the client
// computes itself passes within the tolerance.
//
// Input: secret '\n' timestamp header '\n' signature header '\n' body.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "client/webhooks/signature_verifier.h"

namespace {

std::string_view NextLine(std::string_view* rest) {
  size_t end = rest->find('\n');
  std::string_view line = rest->substr(0, end);
  rest->remove_prefix(end == std::string_view::npos ? rest->size() : end + 1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace webhooks = revento::client::webhooks;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::string_view secret = NextLine(&rest);
  std::string_view timestamp = NextLine(&rest);
  std::string_view signature = NextLine(&rest);
  std::string_view body = rest;
  constexpr int64_t kNow = 1795773600;
  auto verdict = webhooks::VerifySignature(secret, timestamp, signature, body, kNow);
  if (verdict && signature != webhooks::ComputeSignature(secret, timestamp, body)) {
    std::fprintf(stderr, "signature_header: a signature other than the computed one passed\n");
    std::abort();
  }
  if (!verdict && verdict.error().message.empty()) {
    std::fprintf(stderr, "signature_header: a refusal without a message\n");
    std::abort();
  }
  std::string now = std::to_string(kNow);
  if (!secret.empty() && !webhooks::VerifySignature(secret, now, webhooks::ComputeSignature(secret, now, body), body, kNow)) {
    std::fprintf(stderr, "signature_header: the client's own signature does not verify\n");
    std::abort();
  }
  return 0;
}
