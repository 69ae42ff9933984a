#include "emulator/api/read_api.h"

#include <algorithm>

#include "emulator/api/content_negotiation.h"

namespace revento::emulator::api {

namespace {

constexpr size_t kMaxIdLength = 128;

ApiError NotFound(std::string message) { return ApiError{404, "not_found", std::move(message), {}}; }

bool IsDotSegment(std::string_view segment) { return segment == "." || segment == ".."; }

// Refuses raw paths that a careful platform would never route: encoded
// separators and dot segments (httplib decodes %2F into "/" before routing).
std::optional<ApiError> CheckPathShape(const http::RequestContext& ctx) {
  std::string_view raw = ctx.req.target;
  raw = raw.substr(0, raw.find('?'));
  for (size_t i = 0; i + 2 < raw.size(); ++i) {
    if (raw[i] != '%') continue;
    char a = raw[i + 1], b = static_cast<char>(raw[i + 2] | 0x20);
    if ((a == '2' && b == 'f') || (a == '5' && b == 'c')) {
      return NotFound("The path contains an encoded \"/\" or \"\\\" (" + std::string(raw.substr(i, 3)) +
                      "); Revento ids never contain one, so no resource has this path.");
    }
  }
  size_t i = 0;
  while (i < raw.size()) {
    size_t j = raw.find('/', i);
    if (j == std::string_view::npos) j = raw.size();
    std::string_view segment = raw.substr(i, j - i);
    if (IsDotSegment(segment) || segment == "%2e" || segment == "%2E" || segment.starts_with("%2e%2e") ||
        segment.starts_with("%2E%2E") || segment == ".%2e" || segment == ".%2E" || segment == "%2e." ||
        segment == "%2E.") {
      return NotFound(
          "The path contains a \".\" or \"..\" segment; the API does not resolve relative paths: "
          "send the absolute path, e.g. /api/v1/events/{event_id}/participants.");
    }
    i = j + 1;
  }
  for (const auto& [name, value] : ctx.path_params) {
    if (value.size() > kMaxIdLength || IsDotSegment(value)) {
      return NotFound("The " + name + " in the path is " + std::to_string(value.size()) +
                      " characters long; Revento ids are at most 128 characters, so no resource has it.");
    }
  }
  return std::nullopt;
}

void SetRateHeaders(httplib::Response& res, const RateDecision& d) {
  res.set_header("X-RateLimit-Limit", std::to_string(d.limit));
  res.set_header("X-RateLimit-Remaining", std::to_string(d.remaining));
  res.set_header("X-RateLimit-Reset", std::to_string(d.reset_at));
}

std::string CursorKey(IdSource& ids) { return ids.NewId("cursor_key_", 32); }

}  // namespace

ReadApi::ReadApi(Services& services)
    : services_(services), cursors_(CursorKey(services.ids)), limiter_(services.options.rate_limit_per_minute) {}

http::Handler ReadApi::Route(std::string scope, std::initializer_list<std::string_view> params, ApiHandler handler) {
  std::vector<std::string> allowed(params.begin(), params.end());
  return [self = shared_from_this(), scope = std::move(scope), allowed = std::move(allowed),
          handler](http::RequestContext& ctx) { self->Serve(ctx, scope, allowed, handler); };
}

void ReadApi::Serve(http::RequestContext& ctx, const std::string& scope, const std::vector<std::string>& params,
                    ApiHandler handler) {
  int64_t now = UnixSeconds(services_.clock.Now());
  ReadSession session(services_.db);
  auto refuse = [&](const ApiError& error) {
    session.Release();
    SendApiError(ctx, error);
  };
  auto bearer = ReadBearerToken(ctx.req);
  if (!bearer) return refuse(bearer.error());
  auto grant = Authenticate(*bearer, session.db(), now);
  session.Release();
  if (!grant) return refuse(grant.error());

  RateDecision rate = limiter_.Take(grant->token_hash, now);
  SetRateHeaders(ctx.res, rate);
  if (!rate.allowed) {
    ctx.res.set_header("Retry-After", std::to_string(rate.retry_after));
    return refuse(ApiError{429,
                           "rate_limited",
                           "This token made " + std::to_string(rate.limit) +
                               " requests this minute, the sandbox's limit (--rate-limit); retry after " +
                               std::to_string(rate.retry_after) + " s (Retry-After).",
                           {}});
  }

  if (auto refused = CheckAccept(ctx.req)) return refuse(*refused);
  if (auto refused = CheckPathShape(ctx)) return refuse(*refused);

  std::string_view event_id = ctx.Param("event_id");
  if (event_id != grant->token.event_id) {
    return refuse(ApiError{403,
                           "event_not_authorized",
                           "This token is bound to event " + grant->token.event_id + " and cannot read event " +
                               std::string(event_id.substr(0, 128)) +
                               "; connect the integration to that event to get a token for it.",
                           {}});
  }
  if (!grant->HasScope(scope)) {
    return refuse(ApiError{403, "insufficient_scope",
                           "This endpoint needs the " + scope + " scope and the token has \"" + grant->token.scope +
                               "\"; request " + scope + " in /oauth/authorize (the integration must declare it).",
                           scope});
  }
  for (auto it = ctx.req.params.begin(); it != ctx.req.params.end(); ++it) {
    const std::string& name = it->first;
    if (std::find(params.begin(), params.end(), name) == params.end()) {
      std::string takes;
      for (const auto& p : params) takes += (takes.empty() ? "" : ", ") + p;
      return refuse(ApiError{400,
                             "invalid_parameter",
                             "Unknown query parameter \"" + name.substr(0, 64) + "\"; this endpoint " +
                                 (takes.empty() ? std::string("takes none") : "takes " + takes) + ".",
                             {}});
    }
    if (ctx.req.params.count(name) > 1) {
      return refuse(ApiError{
          400, "invalid_parameter", "The query parameter \"" + name + "\" is given more than once; give it once.", {}});
    }
  }
  ApiCall call{ctx, services_, session, *grant, event_id, cursors_};
  handler(call);
}

}  // namespace revento::emulator::api
