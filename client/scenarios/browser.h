// A minimal browser for app steps: GET a URL and follow redirects (301,
// 302, 303, 307, 308) across the app and the emulator the way a browser
// does, keeping cookies per host, and when a page is the emulator's
// consent form (a form posting `consent_id` to /oauth/consent), submitting
// it with the decision asked for (approve or deny) like a user clicking.
// One Browser keeps its cookies for its whole life: a scenario uses one for
// all its app steps, so a state cookie set by /connect reaches /callback in
// a later step.
//
// Stops: `stop_before` (a path) ends the walk before a request to a URL
// with that path, answering the redirect that pointed there (its query
// holds the code and state the app would have got); `stop_at` ends it with
// the answer to the first request to that path, not followed further.
//
// Errors: a transport failure or too many redirects ends the walk with a
// Response whose status is 0 and whose body says why.
// Thread safety: one Browser per thread.
#pragma once

#include <map>
#include <string>

#include "client/scenarios/response.h"

namespace revento::client::scenarios {

class Browser {
 public:
  struct Walk {
    std::string decision = "approve";  // or "deny"
    int max_redirects = 20;
    std::string stop_before;  // a path, or empty
    std::string stop_at;      // a path, or empty
  };
  // The response is the last page (or the one a stop chose).
  Response Get(const std::string& url, const Walk& walk);

 private:
  Response Fetch(const std::string& method, const std::string& url, const std::string& form_body);
  std::string CookieHeader(const std::string& origin) const;
  void StoreCookies(const std::string& origin, const Response& response);

  std::map<std::string, std::map<std::string, std::string>> cookies_;  // origin -> name -> value
};

}  // namespace revento::client::scenarios
