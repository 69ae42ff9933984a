#include "emulator/http_url.h"

#include <algorithm>

namespace revento::emulator {

std::optional<HttpUrl> ParseHttpUrl(std::string_view url) {
  size_t authority = 0;
  if (url.starts_with("http://")) {
    authority = 7;
  } else if (url.starts_with("https://")) {
    authority = 8;
  } else {
    return std::nullopt;
  }
  bool clean = std::none_of(url.begin(), url.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return c == '#' || byte <= 0x20 || byte == 0x7f;
  });
  if (!clean || authority == url.size() || url[authority] == '/' || url[authority] == '?') return std::nullopt;
  size_t target = url.find_first_of("/?", authority);
  HttpUrl out;
  out.origin = std::string(url.substr(0, target));
  if (target == std::string_view::npos) {
    out.target = "/";
  } else {
    if (url[target] == '?') out.target = "/";
    out.target += url.substr(target);
  }
  return out;
}

}  // namespace revento::emulator
