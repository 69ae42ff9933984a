#include "emulator/encoding.h"

#include <openssl/evp.h>

namespace revento::emulator {

namespace {

// The 6-bit value of a standard base64 character, or -1.
int StandardValue(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Decodes `padded` (standard alphabet, length a multiple of 4, `pad` '='
// at the end), already checked character by character.
std::optional<std::string> DecodeChecked(std::string_view padded, size_t pad) {
  std::string out(padded.size() / 4 * 3, '\0');
  int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(padded.data()), static_cast<int>(padded.size()));
  if (written < 0 || static_cast<size_t>(written) != out.size()) return std::nullopt;
  // EVP_DecodeBlock decodes each '=' as zero bits and keeps those bytes.
  out.resize(out.size() - pad);
  return out;
}

// True when the last data character leaves no set bit unused: with one '='
// the last two of its six bits are unused, with two '=' the last four.
bool CanonicalTail(int last_value, size_t pad) {
  int unused_mask = pad == 1 ? 0x3 : pad == 2 ? 0xf : 0;
  return (last_value & unused_mask) == 0;
}

}  // namespace

std::string HexLower(const unsigned char* data, size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out.push_back(kHex[data[i] >> 4]);
    out.push_back(kHex[data[i] & 15]);
  }
  return out;
}

std::string Base64UrlUnpadded(const unsigned char* data, size_t size) {
  // EVP_EncodeBlock writes padded standard base64 and a terminating NUL.
  std::string out(4 * ((size + 2) / 3) + 1, '\0');
  int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
  out.resize(static_cast<size_t>(written));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

std::optional<std::string> DecodeBase64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  size_t pad = 0;
  while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
  size_t data_chars = text.size() - pad;
  int last_value = 0;
  for (size_t i = 0; i < data_chars; ++i) {
    last_value = StandardValue(text[i]);
    if (last_value < 0) return std::nullopt;  // outside the alphabet, or '=' before the end
  }
  if (!CanonicalTail(last_value, pad)) return std::nullopt;
  return DecodeChecked(text, pad);
}

std::optional<std::string> DecodeBase64UrlUnpadded(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  size_t pad = (4 - text.size() % 4) % 4;
  std::string standard;
  standard.reserve(text.size() + pad);
  int last_value = 0;
  for (char c : text) {
    if (c == '+' || c == '/') return std::nullopt;
    if (c == '-') c = '+';
    if (c == '_') c = '/';
    last_value = StandardValue(c);
    if (last_value < 0) return std::nullopt;
    standard.push_back(c);
  }
  if (!CanonicalTail(last_value, pad)) return std::nullopt;
  standard.append(pad, '=');
  return DecodeChecked(standard, pad);
}

}  // namespace revento::emulator
