#include "emulator/sandbox/redaction.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>

#include "emulator/encoding.h"

namespace revento::emulator::sandbox {

namespace {

constexpr size_t kPrefixChars = 8;
constexpr size_t kDigestChars = 12;

// SHA-256 fetched once: an implicit fetch on every digest (EVP_sha256())
// costs more than the digest of a token itself, on every journaled request.
const EVP_MD* Sha256() {
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return kSha256;
}

// The first kDigestChars hex digits of the SHA-256 of `value`.
std::string DigestPrefix(std::string_view value) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(value.data(), value.size(), md, &len, Sha256(), nullptr);
  return HexLower(md, std::min<size_t>(len, kDigestChars / 2));
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::string RedactSecret(std::string_view value) {
  size_t shown = value.size() > 2 * kPrefixChars ? kPrefixChars : value.size() / 2;
  std::string out;
  out.reserve(shown + 12 + kDigestChars);
  out.append(value.substr(0, shown));
  out += "\u2026 sha256:";
  out += DigestPrefix(value);
  return out;
}

bool IsSecretParameter(std::string_view name) {
  static constexpr std::array<std::string_view, 9> kNames = {"client_secret", "code_verifier",    "code",
                                                             "access_token",  "refresh_token",    "token",
                                                             "consent_id",    "client_assertion", "password"};
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

bool IsSecretHeader(std::string_view name) {
  return EqualsIgnoringCase(name, "Authorization") || EqualsIgnoringCase(name, "Proxy-Authorization") ||
         EqualsIgnoringCase(name, "Cookie") || EqualsIgnoringCase(name, "X-Revento-Admin-Token");
}

std::string RedactHeaderValue(std::string_view value) {
  // "Scheme credentials": keep a short alphabetic scheme readable.
  size_t space = value.find(' ');
  if (space != std::string_view::npos && space > 0 && space <= 16 &&
      std::all_of(value.begin(), value.begin() + space,
                  [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; })) {
    size_t start = value.find_first_not_of(' ', space);
    if (start == std::string_view::npos) start = value.size();
    return std::string(value.substr(0, space)) + " " + RedactSecret(value.substr(start));
  }
  return RedactSecret(value);
}

void HeaderRedactor::AppendRedacted(std::string_view value, std::string& out) { Append(true, value, out); }

void HeaderRedactor::AppendRedactedSecret(std::string_view value, std::string& out) { Append(false, value, out); }

void HeaderRedactor::Append(bool header, std::string_view value, std::string& out) {
  Slot& slot = slots_[(std::hash<std::string_view>{}(value) + header) % kSlots];
  {
    std::lock_guard lock(mutex_);
    if (slot.header == header && slot.value == value) {
      out += slot.redacted;
      return;
    }
  }
  std::string redacted = header ? RedactHeaderValue(value) : RedactSecret(value);
  out += redacted;
  std::lock_guard lock(mutex_);
  slot.header = header;
  slot.value.assign(value);
  slot.redacted = std::move(redacted);
}

}  // namespace revento::emulator::sandbox
