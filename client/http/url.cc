#include "client/http/url.h"

#include <charconv>
#include <utility>
#include <vector>

#include "client/encoding.h"

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
  // An IPv6 literal keeps its brackets in `host` ("[::1]"), as it stands in an origin.
  size_t host_end = authority.starts_with("[") ? authority.find(']') : 0;
  if (host_end == std::string_view::npos) return bad("an IPv6 address must be closed with ]");
  if (host_end == 1) return bad("it has no host");
  if (host_end > 0 && authority.substr(1, host_end - 1).find_first_not_of("0123456789abcdefABCDEF:.") !=
                          std::string_view::npos) {
    return bad("an IPv6 address holds only hex digits, ':' and '.'");
  }
  size_t colon = authority.find(':', host_end);
  std::string_view host = authority.substr(0, colon);
  if (host_end > 0 && host.size() != host_end + 1) return bad("only :PORT may follow an IPv6 address");
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

std::string EncodePathSegment(std::string_view segment) { return PercentEncode(segment, "-._~"); }

namespace {

// RFC 3986 5.2.4: "." and ".." segments of an absolute path removed.
std::string RemoveDotSegments(std::string_view path) {
  std::vector<std::string_view> kept;
  bool trailing_slash = false;
  while (!path.empty()) {
    path.remove_prefix(1);  // the '/' before the segment
    size_t slash = path.find('/');
    std::string_view segment = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash);
    trailing_slash = segment == "." || segment == ".." || (path.empty() && segment.empty());
    if (segment == "..") {
      if (!kept.empty()) kept.pop_back();
    } else if (segment != "." && !(segment.empty() && path.empty())) {
      kept.push_back(segment);
    }
  }
  std::string out;
  for (std::string_view segment : kept) (out += '/') += segment;
  if (out.empty() || trailing_slash) out += '/';
  return out;
}

// "/a/b?x" -> {"/a/b", "?x"}.
std::pair<std::string_view, std::string_view> SplitQuery(std::string_view target) {
  size_t q = target.find('?');
  return {target.substr(0, q), q == std::string_view::npos ? std::string_view() : target.substr(q)};
}

}  // namespace

std::string ResolveReference(std::string_view base_url, std::string_view target) {
  if (target.starts_with("http://") || target.starts_with("https://")) return std::string(target);
  auto base = ParseUrl(base_url);
  if (!base) return std::string(target);
  auto [base_path, base_query] = SplitQuery(base->target);
  if (target.empty()) return base->Origin() + base->target;
  auto [path, query] = SplitQuery(target);
  if (path.empty()) return base->Origin() + std::string(base_path) + std::string(query);
  std::string merged = path.starts_with("/")
                           ? std::string(path)
                           : std::string(base_path.substr(0, base_path.rfind('/') + 1)) + std::string(path);
  return base->Origin() + RemoveDotSegments(merged) + std::string(query);
}

}  // namespace revento::client::http
