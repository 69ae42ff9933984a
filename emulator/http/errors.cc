#include "emulator/http/errors.h"

#include <cctype>
#include <nlohmann/json.hpp>

namespace revento::emulator::http {

void SendJson(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

void SendOAuthError(httplib::Response& res, int status, std::string_view error, std::string_view description) {
  res.set_header("Cache-Control", "no-store");
  res.set_header("Pragma", "no-cache");
  SendJson(res, status, {{"error", error}, {"error_description", description}});
}

void SendReventoError(httplib::Response& res, int status, std::string_view code, std::string_view message,
                      std::string_view request_id) {
  SendJson(res, status, {{"error", {{"code", code}, {"message", message}, {"request_id", request_id}}}});
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

void SetHtmlSecurityHeaders(httplib::Response& res) {
  // form-action is left out: Chromium applies it to the redirect that follows
  // the consent form, which goes to the application's own redirect URI.
  const std::pair<const char*, const char*> headers[] = {
      {"Content-Security-Policy",
       "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; "
       "frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"}};
  for (const auto& [name, value] : headers) {
    res.headers.erase(name);
    res.set_header(name, value);
  }
}

void SendHtmlError(httplib::Response& res, int status, std::string_view title, std::string_view detail) {
  std::string page =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + HtmlEscape(title) +
      " - Revento sandbox</title>"
      "<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}"
      "h1{color:#b00020;font-size:1.4rem}pre,code{background:#f4f4f4;padding:.1rem .3rem;white-space:pre-wrap}"
      "</style></head><body><h1>" +
      HtmlEscape(title) + "</h1><p>Status " + std::to_string(status) + "</p><p id=\"detail\">" +
      HtmlEscape(detail) + "</p></body></html>\n";
  res.status = status;
  res.set_content(page, "text/html; charset=utf-8");
  SetHtmlSecurityHeaders(res);
}

void SendError(RequestContext& ctx, Area area, int status, std::string_view code, std::string_view message) {
  switch (area) {
    case Area::kOAuth:
      SendOAuthError(ctx.res, status, code, message);
      return;
    case Area::kHtml: {
      // "not_found" -> "Not found"
      std::string title(code);
      for (char& c : title)
        if (c == '_') c = ' ';
      if (!title.empty()) title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
      SendHtmlError(ctx.res, status, title, message);
      return;
    }
    case Area::kApi:
    case Area::kSandbox:
      SendReventoError(ctx.res, status, code, message, ctx.request_id);
      return;
  }
}

std::string_view InternalErrorCode(Area area) { return area == Area::kOAuth ? "server_error" : "internal_error"; }

}  // namespace revento::emulator::http
