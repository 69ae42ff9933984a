// What the request journal shows in place of a credential.
//
// RedactSecret(value) keeps a short readable prefix (the first 8 characters,
// or the first half of a value of 16 characters or fewer) followed by "…"
// and " sha256:" with the first 12 hex digits of the value's SHA-256, so that
// a test can tell two tokens apart, or match one it holds, without the
// journal ever holding the secret.
//
// IsSecretParameter names the query and form parameters whose values are
// credentials; IsSecretHeader the headers (case-insensitive). For
// Authorization-like headers RedactHeaderValue keeps the scheme readable
// ("Bearer rev_inst… sha256:...").
//
// HeaderRedactor gives RedactHeaderValue's (or RedactSecret's) answer,
// remembering it for the last few distinct values: a client sends the same
// Authorization header and client_secret on every call, and hashing each once
// instead of per request is most of the journal's cost. The memo lives in this process's memory only (never in the
// journal, a log or the state export).
//
// Thread safety: the free functions are pure; a HeaderRedactor may be used
// from any number of threads.
#pragma once

#include <array>
#include <mutex>
#include <string>
#include <string_view>

namespace revento::emulator::sandbox {

std::string RedactSecret(std::string_view value);
bool IsSecretParameter(std::string_view name);
bool IsSecretHeader(std::string_view name);
std::string RedactHeaderValue(std::string_view value);

class HeaderRedactor {
 public:
  // Appends RedactHeaderValue(value) to `out`.
  void AppendRedacted(std::string_view value, std::string& out);
  // Appends RedactSecret(value) to `out`.
  void AppendRedactedSecret(std::string_view value, std::string& out);

 private:
  struct Slot {
    bool header = false;
    std::string value;
    std::string redacted;
  };
  void Append(bool header, std::string_view value, std::string& out);
  static constexpr size_t kSlots = 64;
  std::mutex mutex_;
  std::array<Slot, kSlots> slots_;
};

}  // namespace revento::emulator::sandbox
