// The client's one browser walker, shared by `revento check connect` and the
// scenarios' `app_get` steps: it GETs a URL and follows redirects (301, 302,
// 303, 307, 308) across the app and the emulator the way a browser does,
// keeping a cookie jar per origin for its whole life (so a state cookie set
// by /connect in one walk reaches /callback in a later one), and when a page
// is the emulator's consent page (a form posting `consent_id` to
// /oauth/consent) it submits that form once per walk with the decision asked
// for (approve or deny), like a user clicking the button. Every hop is
// recorded (method, URL, status, headers, body, time) so that a check or a
// step can show what was sent and what came back.
//
// Redirect targets are followed exactly as the Location header holds them
// (the transport hands header values over as received, percent-encoding
// included), resolved against the URL that answered (http/url.h).
//
// Stops (WalkOptions): `stop_before_url_prefix` and `stop_before_path` end the
// walk before a request to a URL that starts with that prefix, or whose path
// is that path; the last hop is the answer that pointed there and
// `stopped_at` the URL not requested (its query holds the code and state the
// app would have got). `stop_at_path` ends the walk with the answer to the
// first request to that path, not followed further.
//
// Errors: a transport failure ends the walk; its hop has status 0 and the
// error. More than `max_redirects` redirects ends it with one more hop of
// status 0 whose error says so (`too_many_redirects` is set).
// Thread safety: one Browser per thread, except Fetch(), which may run on
// many threads at once (it reads the cookies, never stores them). A copy of
// a Browser starts with the original's cookies and keeps its own from then
// on (the copies share the transport, whose Send() is thread-safe).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "client/http/transport.h"

namespace revento::client::browser {

struct Hop {
  std::string method{};  // GET or POST
  std::string url{};
  int status = 0;  // 0: no answer (see error)
  std::string location{};
  http::Headers headers{};
  std::string body{};   // the answer's body (the last hop's is what the page showed)
  std::string error{};  // why there is no answer when status is 0
  double duration_ms = 0;
};

struct WalkOptions {
  std::string decision = "approve";  // on the consent page: "approve" or "deny"
  int max_redirects = 20;
  std::string stop_before_url_prefix{};  // a URL prefix, or empty
  std::string stop_before_path{};        // a path (no query), or empty
  std::string stop_at_path{};            // a path (no query), or empty
};

struct Walk {
  std::vector<Hop> hops;
  bool consent_submitted = false;
  bool too_many_redirects = false;
  // Set when the walk stopped before a request to this URL.
  std::optional<std::string> stopped_at;
  const Hop& Last() const { return hops.back(); }
};

class Browser {
 public:
  // `timeout`: the deadline of each exchange.
  explicit Browser(std::shared_ptr<http::Transport> transport,
                   std::chrono::milliseconds timeout = std::chrono::milliseconds(15'000));

  // Follows redirects from `url` (see the stops above). The walk has at least one hop.
  Walk Get(const std::string& url, const WalkOptions& options = {});

  // One GET with the browser's cookies; no redirects followed, no cookies stored.
  Hop Fetch(const std::string& url) const;

 private:
  Hop Exchange(http::Request request) const;
  Hop Send(const std::string& method, const std::string& url, const std::string& form_body);
  std::string CookieHeader(const std::string& origin) const;
  void StoreCookies(const std::string& origin, const Hop& hop);

  std::shared_ptr<http::Transport> transport_;
  std::chrono::milliseconds timeout_;
  std::map<std::string, std::map<std::string, std::string>> cookies_;  // origin -> name -> value
};

// The path of an absolute URL without its query ("/callback"); the URL itself when it is not one.
std::string PathOf(const std::string& url);

}  // namespace revento::client::browser
