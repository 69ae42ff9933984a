#include "emulator/api/bearer_auth.h"

#include <algorithm>

#include "emulator/catalog.h"
#include "emulator/clock.h"
#include "emulator/ids.h"

namespace revento::emulator::api {

namespace {

constexpr size_t kMaxTokenLength = 512;
constexpr std::string_view kAccessTokenPrefix = "rev_install_";

ApiError InvalidToken(std::string message) { return ApiError{401, "invalid_token", std::move(message), {}}; }

// RFC 6750 2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
bool IsB64Token(std::string_view token) {
  size_t i = 0;
  for (; i < token.size(); ++i) {
    char c = token[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
              c == '_' || c == '~' || c == '+' || c == '/';
    if (!ok) break;
  }
  if (i == 0) return false;
  for (; i < token.size(); ++i)
    if (token[i] != '=') return false;
  return true;
}

bool StartsWithBearer(std::string_view header) {
  if (header.size() < 6) return false;
  constexpr std::string_view kBearer = "bearer";
  for (size_t i = 0; i < kBearer.size(); ++i) {
    char c = header[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kBearer[i]) return false;
  }
  return true;
}

}  // namespace

bool Grant::HasScope(std::string_view scope) const { return HoldsScope(token.scope, scope); }

portable::expected<BearerToken, ApiError> ReadBearerToken(const httplib::Request& req) {
  if (!req.has_header("Authorization")) {
    if (req.has_param("access_token")) {
      return portable::unexpected(InvalidToken(
          "Access tokens are accepted only in the Authorization header, never in the query string (where logs "
          "and proxies keep them): send \"Authorization: Bearer <access_token>\"."));
    }
    return portable::unexpected(InvalidToken(
        "No Authorization header: send \"Authorization: Bearer <access_token>\" with the access_token from "
        "POST /oauth/token."));
  }
  if (req.get_header_value_count("Authorization") > 1) {
    return portable::unexpected(InvalidToken("More than one Authorization header: send exactly one."));
  }
  std::string header = req.get_header_value("Authorization");
  if (!StartsWithBearer(header) || (header.size() > 6 && header[6] != ' ')) {
    // The scheme is echoed only when it looks like one (letters, a space
    // after it): a bare credential is never sent back.
    size_t space = header.find(' ');
    std::string_view scheme = std::string_view(header).substr(0, space);
    bool looks_like_scheme = space != std::string::npos && !scheme.empty() && scheme.size() <= 20 &&
                             std::all_of(scheme.begin(), scheme.end(), [](char c) {
                               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
                             });
    return portable::unexpected(InvalidToken(
        looks_like_scheme ? "The Authorization scheme must be Bearer, not \"" + std::string(scheme) +
                                "\": send \"Authorization: Bearer <access_token>\"."
                          : std::string("The Authorization header does not start with \"Bearer \": send "
                                        "\"Authorization: Bearer <access_token>\".")));
  }
  std::string_view token = std::string_view(header).substr(header.size() > 6 ? 7 : 6);
  if (token.empty()) {
    return portable::unexpected(InvalidToken("The Authorization header has no token after \"Bearer \"."));
  }
  if (token.size() > kMaxTokenLength || !IsB64Token(token)) {
    return portable::unexpected(InvalidToken(
        "The bearer token is malformed: send the access_token exactly as /oauth/token returned it, after one "
        "space (no quotes, no extra spaces)."));
  }
  if (token.starts_with("rev_refresh_")) {
    return portable::unexpected(InvalidToken(
        "This is a refresh token: the API takes access tokens (rev_install_...). Exchange the refresh token at "
        "POST /oauth/token (grant_type=refresh_token) for a new access token."));
  }
  return BearerToken{Sha256Hex(token), token.starts_with(kAccessTokenPrefix)};
}

portable::expected<Grant, ApiError> Authenticate(const BearerToken& bearer, Database& db, int64_t now_unix) {
  Grant grant;
  grant.token_hash = bearer.token_hash;
  std::optional<AccessGrant> record;
  if (bearer.access_token_form) record = AccessGrants(db).FindByTokenHash(grant.token_hash);
  if (!record) {
    return portable::unexpected(InvalidToken(
        "The access token is not one this sandbox issued (or the sandbox was reset since): obtain a new one "
        "through /oauth/authorize and POST /oauth/token."));
  }
  if (record->revoked_at || record->installation_revoked_at) {
    return portable::unexpected(
        ApiError{401,
                 "token_revoked",
                 record->revoked_at ? "The access token was revoked; obtain a new one (refresh it, or connect again)."
                                    : "The installation this token belongs to was revoked (the token family was "
                                      "invalidated); the organizer must connect the integration again.",
                 {}});
  }
  if (now_unix >= record->expires_at) {
    return portable::unexpected(ApiError{401,
                                    "token_expired",
                                    "The access token expired at " + IsoTimestampFromUnix(record->expires_at) +
                                        " (sandbox clock); exchange your refresh token at POST /oauth/token "
                                        "(grant_type=refresh_token) for a new one.",
                                    {}});
  }
  grant.token = std::move(*record);
  return grant;
}

}  // namespace revento::emulator::api
