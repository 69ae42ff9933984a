#include "emulator/api/api_error.h"

#include "emulator/http/errors.h"

namespace revento::emulator::api {

namespace {

// A quoted-string of RFC 7230 3.2.6: backslash-escapes '"' and '\'; drops
// control characters, which error descriptions never need.
std::string Quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace

void SendApiError(http::RequestContext& ctx, const ApiError& error) {
  bool scope_error = error.status == 403 && error.code == "insufficient_scope";
  if (error.status == 401 || scope_error) {
    std::string challenge =
        "Bearer realm=\"revento\", error=" + Quoted(error.code) + ", error_description=" + Quoted(error.message);
    if (scope_error) challenge += ", scope=" + Quoted(error.required_scope);
    ctx.res.set_header("WWW-Authenticate", challenge);
  }
  http::SendReventoError(ctx.res, error.status, error.code, error.message, ctx.request_id);
}

}  // namespace revento::emulator::api
