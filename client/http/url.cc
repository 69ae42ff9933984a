#include "client/http/url.h"

#include <charconv>

namespace revento::client::http {

std::string Url::Origin() const {
  bool default_port = (scheme == "http" && port == 80) || (scheme == "https" && port == 443);
  return scheme + "://" + host + (default_port ? "" : ":" + std::to_string(port));
}

Result<Url> ParseUrl(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return Fail(kInvalidArgument,
                "\"" + std::string(text) + "\" is not a usable URL: " + why + " (write it like http://localhost:8787)");
  };
  Url url;
  std::string_view rest;
  if (text.starts_with("http://")) {
    url.scheme = "http";
    url.port = 80;
    rest = text.substr(7);
  } else if (text.starts_with("https://")) {
    url.scheme = "https";
    url.port = 443;
    rest = text.substr(8);
  } else {
    return bad("it must start with http:// or https://");
  }
  for (char c : text) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return bad("it contains a space or control character");
  }
  size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  if (authority.find('@') != std::string_view::npos) return bad("user information is not supported");
  size_t colon = authority.rfind(':');
  std::string_view host = authority.substr(0, colon);
  if (colon != std::string_view::npos) {
    std::string_view port = authority.substr(colon + 1);
    int value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value < 1 || value > 65535) {
      return bad("the port must be a number from 1 to 65535");
    }
    url.port = value;
  }
  if (host.empty()) return bad("it has no host");
  url.host = std::string(host);
  std::string_view target = authority_end == std::string_view::npos ? "" : rest.substr(authority_end);
  target = target.substr(0, target.find('#'));
  url.target = target.empty() || target.front() != '/' ? "/" + std::string(target) : std::string(target);
  return url;
}

std::string EncodePathSegment(std::string_view segment) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : segment) {
    auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
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
