#include "client/scenarios/browser.h"

#include <strings.h>

#include <regex>

#include "client/http/url.h"
#include "client/scenarios/adapters.h"

namespace revento::client::scenarios {

std::string Browser::CookieHeader(const std::string& origin) const {
  auto it = cookies_.find(origin);
  if (it == cookies_.end()) return "";
  std::string out;
  for (const auto& [name, value] : it->second) out += (out.empty() ? "" : "; ") + name + "=" + value;
  return out;
}

void Browser::StoreCookies(const std::string& origin, const Response& response) {
  for (const auto& [name, value] : response.headers) {
    if (strcasecmp(name.c_str(), "Set-Cookie") != 0) continue;
    std::string pair = value.substr(0, value.find(';'));
    size_t eq = pair.find('=');
    if (eq == std::string::npos) continue;
    cookies_[origin][pair.substr(0, eq)] = pair.substr(eq + 1);
  }
}

Response Browser::Fetch(const std::string& method, const std::string& url, const std::string& form_body) {
  auto [origin, path] = SplitUrl(url);
  HttpPort http(origin);
  Params headers{{"Accept", "text/html,application/json;q=0.9,*/*;q=0.8"}};
  if (std::string cookie = CookieHeader(origin); !cookie.empty()) headers.emplace_back("Cookie", cookie);
  Response r = method == "POST" ? http.Send("POST", path, headers, form_body, "application/x-www-form-urlencoded")
                                : http.Send("GET", path, headers, "", "");
  StoreCookies(origin, r);
  return r;
}

namespace {

std::string PathOf(const std::string& url) {
  std::string path = SplitUrl(url).second;
  return path.substr(0, path.find_first_of("?#"));
}

}  // namespace

Response Browser::Get(const std::string& start_url, const Walk& walk) {
  static const std::regex kConsentForm(
      R"re(<form[^>]*action="([^"]*oauth/consent)"[\s\S]*?name="consent_id" value="([^"]+)")re");
  std::string url = start_url;
  std::string trail;
  Response r = Fetch("GET", url, "");
  for (int hops = 0;; ++hops) {
    trail += (trail.empty() ? "" : " -> ") + std::to_string(r.status) + " " + url;
    r.what = "GET " + start_url + " (" + trail + ")";
    if (!walk.stop_at.empty() && PathOf(url) == walk.stop_at) return r;
    if (hops > walk.max_redirects) {
      r.status = 0;
      r.body = "more than " + std::to_string(walk.max_redirects) + " redirects: " + trail;
      return r;
    }
    const std::string* location = r.Header("Location");
    std::string next;
    std::string method = "GET", form;
    std::smatch m;
    if (location && (r.status == 301 || r.status == 302 || r.status == 303 || r.status == 307 || r.status == 308)) {
      next = http::ResolveReference(url, http::ReencodeHeaderUrl(*location));
    } else if (r.status == 200 && std::regex_search(r.body, m, kConsentForm)) {
      form = OAuthAdapter::Form(
          {{"consent_id", m[2].str()}, {"decision", walk.decision == "deny" ? "deny" : "authorize"}});
      next = http::ResolveReference(url, m[1].str());
      method = "POST";
    } else {
      return r;
    }
    if (!walk.stop_before.empty() && PathOf(next) == walk.stop_before) return r;
    url = next;
    r = Fetch(method, url, form);
  }
}

}  // namespace revento::client::scenarios
