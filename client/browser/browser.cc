#include "client/browser/browser.h"

#include <strings.h>

#include <regex>

#include "client/http/url.h"
#include "client/oauth/form_encoding.h"

namespace revento::client::browser {

namespace {

constexpr const char* kAccept = "text/html,application/json;q=0.9,*/*;q=0.8";

std::string OriginOf(const std::string& url) {
  auto parsed = http::ParseUrl(url);
  return parsed ? parsed->Origin() : url;
}

bool IsRedirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// The request a browser makes after `last`, the answer to `url`: a redirect
// followed, or the consent form submitted (once per walk); none when the
// page is where the walk ends.
struct Next {
  std::string method;
  std::string url;
  std::string form;
};

std::optional<Next> NextRequest(const std::string& url, const Hop& last, bool consent_submitted,
                                const std::string& decision) {
  static const std::regex kConsentForm(
      R"re(<form[^>]*action="([^"]*/oauth/consent)"[\s\S]*?name="consent_id" value="([^"]+)")re");
  if (IsRedirect(last.status) && !last.location.empty())
    return Next{"GET", http::ResolveReference(url, last.location), ""};
  std::smatch m;
  if (last.status != 200 || consent_submitted || !std::regex_search(last.body, m, kConsentForm)) return std::nullopt;
  return Next{"POST", http::ResolveReference(url, m[1].str()),
              FormEncode({{"consent_id", m[2].str()}, {"decision", decision == "deny" ? "deny" : "authorize"}})};
}

bool StopsBefore(const std::string& next, const WalkOptions& options) {
  return (!options.stop_before_url_prefix.empty() && next.starts_with(options.stop_before_url_prefix)) ||
         (!options.stop_before_path.empty() && PathOf(next) == options.stop_before_path);
}

}  // namespace

std::string PathOf(const std::string& url) {
  auto parsed = http::ParseUrl(url);
  return parsed ? parsed->target.substr(0, parsed->target.find('?')) : url;
}

Browser::Browser(std::shared_ptr<http::Transport> transport, std::chrono::milliseconds timeout)
    : transport_(std::move(transport)), timeout_(timeout) {}

std::string Browser::CookieHeader(const std::string& origin) const {
  auto it = cookies_.find(origin);
  if (it == cookies_.end()) return "";
  std::string out;
  for (const auto& [name, value] : it->second) out += (out.empty() ? "" : "; ") + name + "=" + value;
  return out;
}

void Browser::StoreCookies(const std::string& origin, const Hop& hop) {
  for (const auto& [name, value] : hop.headers) {
    if (strcasecmp(name.c_str(), "Set-Cookie") != 0) continue;
    std::string pair = value.substr(0, value.find(';'));
    size_t eq = pair.find('=');
    if (eq == std::string::npos) continue;
    cookies_[origin][pair.substr(0, eq)] = pair.substr(eq + 1);
  }
}

Hop Browser::Exchange(http::Request request) const {
  request.timeout = timeout_;
  request.headers.emplace_back("Accept", kAccept);
  if (std::string cookie = CookieHeader(OriginOf(request.url)); !cookie.empty())
    request.headers.emplace_back("Cookie", cookie);
  Hop hop{request.method, request.url};
  auto started = std::chrono::steady_clock::now();
  auto response = transport_->Send(request);
  hop.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (!response) {
    hop.error = response.error().message;
    return hop;
  }
  hop.status = response->status;
  hop.location = response->Header("Location");
  hop.headers = std::move(response->headers);
  hop.body = std::move(response->body);
  return hop;
}

Hop Browser::Fetch(const std::string& url) const { return Exchange(http::Request{"GET", url}); }

Hop Browser::Send(const std::string& method, const std::string& url, const std::string& form_body) {
  http::Request request{method, url, {}, form_body};
  const std::string origin = OriginOf(url);
  if (method == "POST") {
    request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    request.headers.emplace_back("Origin", origin);
  }
  Hop hop = Exchange(std::move(request));
  if (hop.status != 0) StoreCookies(origin, hop);
  return hop;
}

Walk Browser::Get(const std::string& start_url, const WalkOptions& options) {
  Walk walk;
  std::string url = start_url;
  walk.hops.push_back(Send("GET", url, ""));
  for (int follows = 0;; ++follows) {
    const Hop& last = walk.hops.back();
    if (last.status == 0) return walk;
    if (!options.stop_at_path.empty() && PathOf(url) == options.stop_at_path) return walk;
    if (follows > options.max_redirects) {
      walk.too_many_redirects = true;
      Hop too_many{"GET", url};
      too_many.error = "more than " + std::to_string(options.max_redirects) + " redirects";
      walk.hops.push_back(std::move(too_many));
      return walk;
    }
    auto next = NextRequest(url, last, walk.consent_submitted, options.decision);
    if (!next) return walk;
    if (StopsBefore(next->url, options)) {
      walk.stopped_at = next->url;
      return walk;
    }
    walk.consent_submitted = walk.consent_submitted || next->method == "POST";
    url = next->url;
    walk.hops.push_back(Send(next->method, url, next->form));
  }
}

}  // namespace revento::client::browser
