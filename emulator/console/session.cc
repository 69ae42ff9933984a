#include "emulator/console/session.h"

#include <algorithm>
#include <cctype>

#include "emulator/ids.h"
#include "emulator/oauth/form_params.h"
#include "emulator/text.h"

namespace revento::emulator::console {

namespace {

constexpr std::string_view kSessionCookie = "revento_console";
constexpr std::string_view kFlashCookie = "revento_console_flash";
// Percent-encoding may triple it; a cookie must stay under 4 KiB.
constexpr size_t kMaxFlashBytes = 1000;

// "http://localhost:8787/x" -> "http://localhost:8787"
std::string OriginOf(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return Lower(url);
  size_t path = url.find('/', scheme + 3);
  return Lower(url.substr(0, path));
}

std::string SessionValue(std::string_view admin_token) { return Sha256Hex(admin_token); }

}  // namespace

std::optional<std::string> CookieValue(const httplib::Request& req, std::string_view name) {
  auto range = req.headers.equal_range("Cookie");
  for (auto it = range.first; it != range.second; ++it) {
    std::string_view header = it->second;
    while (!header.empty()) {
      size_t end = header.find(';');
      std::string_view pair = Trim(header.substr(0, end));
      header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
      size_t eq = pair.find('=');
      if (eq != std::string_view::npos && Trim(pair.substr(0, eq)) == name)
        return std::string(Trim(pair.substr(eq + 1)));
    }
  }
  return std::nullopt;
}

bool IsSignedIn(const Options& options, const httplib::Request& req) {
  if (options.admin_token.empty()) return true;
  if (req.has_header("X-Revento-Admin-Token"))
    return ConstantTimeEquals(req.get_header_value("X-Revento-Admin-Token"), options.admin_token);
  auto cookie = CookieValue(req, kSessionCookie);
  return cookie && ConstantTimeEquals(*cookie, SessionValue(options.admin_token));
}

std::string SessionCookie(std::string_view admin_token) {
  return std::string(kSessionCookie) + "=" + SessionValue(admin_token) + "; Path=" + std::string(kConsolePath) +
         "; HttpOnly; SameSite=Strict";
}

std::string EndSessionCookie() {
  return std::string(kSessionCookie) + "=; Path=" + std::string(kConsolePath) +
         "; HttpOnly; SameSite=Strict; Max-Age=0";
}

std::optional<std::string> CrossSiteProblem(const httplib::Request& req, std::string_view public_url) {
  std::string fetch_site = Lower(req.get_header_value("Sec-Fetch-Site"));
  if (fetch_site == "cross-site" || fetch_site == "same-site")
    return "The browser marked this form post as " + fetch_site +
           " (Sec-Fetch-Site); the console only accepts its own forms. Open the console and use its buttons.";
  if (!req.has_header("Origin")) return std::nullopt;
  std::string origin = Lower(req.get_header_value("Origin"));
  if (origin == "http://" + Lower(req.get_header_value("Host")) || origin == OriginOf(public_url)) return std::nullopt;
  return "This form was posted from " + origin.substr(0, 200) +
         ", not from the console itself; the console only accepts its own forms (a cross-site post is refused). "
         "Open the console and use its buttons.";
}

bool IsConsoleLocation(std::string_view location) {
  if (!location.starts_with(kConsolePath)) return false;
  std::string_view rest = location.substr(kConsolePath.size());
  if (!rest.empty() && rest.front() != '/' && rest.front() != '?') return false;
  for (char c : location)
    if (static_cast<unsigned char>(c) < 0x21 || c == '\\' || c == 0x7f) return false;
  return location.find("//") == std::string_view::npos;
}

std::optional<Flash> ReadFlash(const httplib::Request& req) {
  auto value = CookieValue(req, kFlashCookie);
  if (!value || value->size() < 3) return std::nullopt;
  Flash flash;
  std::string_view text = *value;
  if (text.starts_with("e.")) {
    flash.error = true;
  } else if (!text.starts_with("k.")) {
    return std::nullopt;
  }
  auto decoded = oauth::ParseFormParams("m=" + std::string(text.substr(2)));
  if (!decoded || !decoded->Get("m")) return std::nullopt;
  flash.message = std::string(*decoded->Get("m"));
  return flash;
}

std::string FlashCookie(const Flash& flash) {
  std::string message = flash.message;
  if (message.size() > kMaxFlashBytes) {
    size_t cut = kMaxFlashBytes;
    while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;  // whole characters
    message.resize(cut);
  }
  return std::string(kFlashCookie) + "=" + (flash.error ? "e." : "k.") + oauth::FormEncode(message) +
         "; Path=" + std::string(kConsolePath) + "; HttpOnly; SameSite=Strict; Max-Age=300";
}

std::string ClearFlashCookie() {
  return std::string(kFlashCookie) + "=; Path=" + std::string(kConsolePath) + "; HttpOnly; SameSite=Strict; Max-Age=0";
}

void SeeOther(httplib::Response& res, std::string_view location) {
  res.status = 303;
  res.set_header("Location", std::string(location));
  res.set_header("Cache-Control", "no-store");
}

}  // namespace revento::emulator::console
