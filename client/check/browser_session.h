// A minimal browser for `revento check connect`: GETs a URL and follows
// redirects (301, 302, 303, 307, 308) across the app and the emulator the way
// a browser does, keeping cookies per origin, and when a page is the
// emulator's consent page (a form posting `consent_id` to /oauth/consent) it
// submits that form with "authorize", like a user clicking the button.
// Every hop is recorded (method, URL, status, Location) so that a check can
// show what was sent and what came back.
//
// A walk can stop before following a redirect to a URL that starts with a
// given prefix (the app's callback), so the caller holds a fresh, unused
// authorization code and can forge a callback with it.
//
// Redirect targets are followed exactly as the Location header holds them
// (the transport hands header values over as received, percent-encoding
// included), resolved against the URL that answered.
// Errors: a transport failure ends the walk; its hop has status 0 and the
// error. Thread safety: one BrowserSession per thread, except Fetch(), which
// may run on many threads at once (it reads the cookies, never stores them).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "client/http/transport.h"

namespace revento::client::check {

struct Hop {
  std::string method{};  // GET or POST
  std::string url{};
  int status = 0;  // 0: no answer (see error)
  std::string location{};
  std::string body{};   // the answer's body (the last hop's is what the page showed)
  std::string error{};  // the transport error when status is 0
  double duration_ms = 0;
};

struct Walk {
  std::vector<Hop> hops;
  bool consent_submitted = false;
  // Set when the walk stopped before a redirect to `stop_before`: that URL.
  std::optional<std::string> stopped_at;
  const Hop& Last() const { return hops.back(); }
};

class BrowserSession {
 public:
  explicit BrowserSession(std::shared_ptr<http::Transport> transport, int max_redirects = 20);

  // Follows redirects from `url`, submitting the consent form when shown. A
  // redirect whose target starts with `stop_before` (when not empty) is not
  // followed.
  Walk Get(const std::string& url, const std::string& stop_before = "");

  // One GET with the session's cookies; no redirects followed, no cookies stored.
  Hop Fetch(const std::string& url) const;

 private:
  Hop Send(const std::string& method, const std::string& url, const std::string& form_body);
  std::string CookieHeader(const std::string& origin) const;
  void StoreCookies(const std::string& origin, const http::Response& response);

  std::shared_ptr<http::Transport> transport_;
  int max_redirects_;
  std::map<std::string, std::map<std::string, std::string>> cookies_;  // origin -> name -> value
};

}  // namespace revento::client::check
