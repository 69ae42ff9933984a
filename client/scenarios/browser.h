// A minimal browser for app steps: GET a URL and follow redirects (301,
// 302, 303, 307, 308) across the app and the emulator the way a browser
// does, keeping cookies per host, and when a page is the emulator's
// consent form (a form posting `consent_id` to /oauth/consent), submitting
// it with the decision asked for (approve or deny) like a user clicking.
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
  // `decision` is "approve" or "deny"; the response is the last page.
  Response Get(const std::string& url, const std::string& decision, int max_redirects);

 private:
  Response Fetch(const std::string& method, const std::string& url, const std::string& form_body);
  std::string CookieHeader(const std::string& origin) const;
  void StoreCookies(const std::string& origin, const Response& response);

  std::map<std::string, std::map<std::string, std::string>> cookies_;  // origin -> name -> value
};

}  // namespace revento::client::scenarios
