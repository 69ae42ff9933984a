#include "client/http/location.h"

#include "client/http/transport.h"

namespace revento::client::http {

std::string ReencodeHeaderUrl(std::string_view decoded) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  static constexpr std::string_view kUnsafe = "%\"<>\\^`{|}";
  std::string out;
  out.reserve(decoded.size());
  for (unsigned char c : decoded) {
    if (c <= 0x20 || c >= 0x7f || kUnsafe.find(static_cast<char>(c)) != std::string_view::npos) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string ResolveReference(std::string_view base_url, std::string_view target) {
  if (target.starts_with("http://") || target.starts_with("https://")) return std::string(target);
  auto base = ParseUrl(base_url);
  if (!base) return std::string(target);
  if (target.starts_with("/")) return base->Origin() + std::string(target);
  std::string path = base->target.substr(0, base->target.find('?'));
  return base->Origin() + path.substr(0, path.rfind('/') + 1) + std::string(target);
}

}  // namespace revento::client::http
