// Who may use the console, cross-site protection, and the one-shot flash
// message a form leaves for the page it returns to.
//
// Sign-in: without --admin-token the console is open (loopback). With it, a
// visitor signs in once on /_sandbox/console/login; the console then keeps
// a session cookie (HttpOnly, SameSite=Strict, Path=/_sandbox/console) whose
// value is the SHA-256 of the token, compared in constant time. The
// X-Revento-Admin-Token header works as well, for scripts.
//
// Cross-site posts: a console POST is refused when its Origin header is
// present and is not this server's origin (the request's Host, or
// --public-url), or when Sec-Fetch-Site says cross-site.
//
// Flash: the answer to a form POST is a 303 back to the page plus a cookie
// holding the message; the page shows it once and clears it.
// Thread safety: pure functions.
#pragma once

#include <httplib.h>

#include <optional>
#include <string>
#include <string_view>

#include "emulator/options.h"

namespace revento::emulator::console {

inline constexpr std::string_view kConsolePath = "/_sandbox/console";

// The value of cookie `name` in the request's Cookie header(s).
std::optional<std::string> CookieValue(const httplib::Request& req, std::string_view name);

bool IsSignedIn(const Options& options, const httplib::Request& req);
// Set-Cookie values that start and end a session.
std::string SessionCookie(std::string_view admin_token);
std::string EndSessionCookie();

// Why `req` looks like a cross-site post, or nullopt when it does not.
std::optional<std::string> CrossSiteProblem(const httplib::Request& req, std::string_view public_url);

// True for /_sandbox/console and paths below it (with an optional query):
// the only places a form may return to (no open redirect).
bool IsConsoleLocation(std::string_view location);

struct Flash {
  bool error = false;
  std::string message;
};
std::optional<Flash> ReadFlash(const httplib::Request& req);
std::string FlashCookie(const Flash& flash);
std::string ClearFlashCookie();

// 303 See Other to `location`, not cached.
void SeeOther(httplib::Response& res, std::string_view location);

}  // namespace revento::emulator::console
