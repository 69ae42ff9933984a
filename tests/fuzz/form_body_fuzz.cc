// Form bodies (application/x-www-form-urlencoded), as the token, revoke and
// consent endpoints and the authorize query read them: the emulator's strict
// and tolerant parsers never crash, and what the strict parser accepts
// survives a round trip through the emulator's encoder and through the
// reference client's encoder (two independent implementations).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "client/oauth/form_encoding.h"
#include "emulator/oauth/form_params.h"

namespace {

using revento::emulator::oauth::FormParams;

void Require(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "form_body: %s\n", what);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<revento::emulator::oauth::FormProblem> problems;
  FormParams tolerant = revento::emulator::oauth::ParseFormParamsTolerantly(text, &problems);
  auto strict = revento::emulator::oauth::ParseFormParams(text);
  (void)revento::client::DecodeQueryOf(std::string("http://localhost/cb?") + std::string(text));
  if (!strict) {
    Require(!strict.error().message.empty(), "a refusal without a message");
    return 0;
  }
  Require(problems.empty(), "the strict parser accepted what the tolerant one found problems in");
  Require(tolerant.pairs() == strict->pairs(), "the strict and tolerant parsers disagree");
  std::string emulator_encoded, client_pairs_encoded;
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& [name, value] : strict->pairs()) {
    if (!emulator_encoded.empty()) emulator_encoded += '&';
    emulator_encoded += revento::emulator::oauth::FormEncode(name) + "=" + revento::emulator::oauth::FormEncode(value);
    pairs.emplace_back(name, value);
  }
  auto again = revento::emulator::oauth::ParseFormParams(emulator_encoded);
  Require(again.has_value(), "the emulator's encoding of accepted parameters is refused");
  Require(again->pairs() == strict->pairs(), "the emulator's encoding does not round-trip");
  auto from_client = revento::emulator::oauth::ParseFormParams(revento::client::FormEncode(pairs));
  Require(from_client.has_value(), "the client's encoding of accepted parameters is refused");
  Require(from_client->pairs() == strict->pairs(), "the client's encoding does not round-trip");
  return 0;
}
