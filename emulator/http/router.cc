#include "emulator/http/router.h"

#include "emulator/http/errors.h"

namespace revento::emulator::http {

namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool IsCapture(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

std::string_view RequestContext::Param(std::string_view name) const {
  for (const auto& [k, v] : path_params)
    if (k == name) return v;
  return {};
}

void Router::Add(std::string method, std::string pattern, Handler handler) {
  Route route{std::move(method), {}, std::move(handler)};
  for (auto s : SplitPath(pattern)) route.segments.emplace_back(s);
  routes_.push_back(std::move(route));
}

bool Router::Matches(const Route& route, const std::vector<std::string_view>& segments,
                     std::vector<std::pair<std::string, std::string>>* params) const {
  if (route.segments.size() != segments.size()) return false;
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string& want = route.segments[i];
    if (IsCapture(want)) {
      if (segments[i].empty()) return false;
      continue;
    }
    if (want != segments[i]) return false;
  }
  if (params) {
    params->clear();
    for (size_t i = 0; i < segments.size(); ++i) {
      const std::string& want = route.segments[i];
      if (IsCapture(want)) params->emplace_back(want.substr(1, want.size() - 2), std::string(segments[i]));
    }
  }
  return true;
}

bool Router::Handles(std::string_view method, std::string_view path) const {
  auto segments = SplitPath(path);
  for (const auto& route : routes_)
    if (route.method == method && Matches(route, segments, nullptr)) return true;
  return false;
}

std::vector<std::pair<std::string, std::string>> Router::Table() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& route : routes_) {
    std::string pattern;
    for (const auto& segment : route.segments) pattern += "/" + segment;
    out.emplace_back(route.method, pattern.empty() ? "/" : pattern);
  }
  return out;
}

void Router::Dispatch(RequestContext& ctx) const {
  // Paths are matched as sent; a trailing slash is a different path.
  const std::string& path = ctx.req.path;
  auto segments = SplitPath(path);
  bool trailing_slash = path.size() > 1 && path.back() == '/';
  bool empty_segment = path.find("//") != std::string::npos;
  std::string allow;
  bool path_matched = false;
  if (!trailing_slash && !empty_segment && !path.empty() && path.front() == '/') {
    for (const auto& route : routes_) {
      if (!Matches(route, segments, nullptr)) continue;
      const std::string& method = ctx.req.method == "HEAD" ? std::string("GET") : ctx.req.method;
      if (route.method == method) {
        Matches(route, segments, &ctx.path_params);
        route.handler(ctx);
        return;
      }
      path_matched = true;
      // A path served by GET is served by HEAD too.
      std::string methods = route.method == "GET" ? "GET, HEAD" : route.method;
      if (allow.find(route.method) == std::string::npos) allow += (allow.empty() ? "" : ", ") + methods;
    }
  }
  Area area = AreaOf(path);
  if (path_matched) {
    ctx.res.set_header("Allow", allow);
    // RFC 6749 has no method error: under /oauth it is invalid_request.
    SendError(ctx, area, 405, area == Area::kOAuth ? "invalid_request" : "method_not_allowed",
              ctx.req.method + " is not allowed on " + path + "; use " + allow + ".");
    return;
  }
  SendError(ctx, area, 404, "not_found", "No route for " + ctx.req.method + " " + path + ".");
}

}  // namespace revento::emulator::http
