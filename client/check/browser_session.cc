#include "client/check/browser_session.h"

#include <strings.h>

#include <chrono>
#include <regex>
#include <string_view>

#include "client/http/url.h"
#include "client/oauth/form_encoding.h"

namespace revento::client::check {

namespace {

std::string OriginOf(const std::string& url) {
  auto parsed = http::ParseUrl(url);
  return parsed ? parsed->Origin() : url;
}

bool IsRedirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

}  // namespace

BrowserSession::BrowserSession(std::shared_ptr<http::Transport> transport, int max_redirects)
    : transport_(std::move(transport)), max_redirects_(max_redirects) {}

std::string BrowserSession::CookieHeader(const std::string& origin) const {
  auto it = cookies_.find(origin);
  if (it == cookies_.end()) return "";
  std::string out;
  for (const auto& [name, value] : it->second) out += (out.empty() ? "" : "; ") + name + "=" + value;
  return out;
}

void BrowserSession::StoreCookies(const std::string& origin, const http::Response& response) {
  for (const auto& [name, value] : response.headers) {
    if (name.size() != 10 || strncasecmp(name.c_str(), "Set-Cookie", 10) != 0) continue;
    std::string pair = value.substr(0, value.find(';'));
    size_t eq = pair.find('=');
    if (eq == std::string::npos) continue;
    cookies_[origin][pair.substr(0, eq)] = pair.substr(eq + 1);
  }
}

Hop BrowserSession::Fetch(const std::string& url) const {
  http::Request request{
      "GET", url, {{"Accept", "text/html,application/json;q=0.9,*/*;q=0.8"}}, "", std::chrono::milliseconds(15'000)};
  if (std::string cookie = CookieHeader(OriginOf(url)); !cookie.empty()) request.headers.emplace_back("Cookie", cookie);
  Hop hop{"GET", url};
  auto started = std::chrono::steady_clock::now();
  auto response = transport_->Send(request);
  hop.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (!response) {
    hop.error = response.error().message;
    return hop;
  }
  hop.status = response->status;
  hop.location = response->Header("Location");
  hop.body = std::move(response->body);
  return hop;
}

Hop BrowserSession::Send(const std::string& method, const std::string& url, const std::string& form_body) {
  const std::string origin = OriginOf(url);
  http::Request request{method,
                        url,
                        {{"Accept", "text/html,application/json;q=0.9,*/*;q=0.8"}},
                        form_body,
                        std::chrono::milliseconds(15'000)};
  if (std::string cookie = CookieHeader(origin); !cookie.empty()) request.headers.emplace_back("Cookie", cookie);
  if (method == "POST") {
    request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    request.headers.emplace_back("Origin", origin);
  }
  Hop hop{method, url};
  auto started = std::chrono::steady_clock::now();
  auto response = transport_->Send(request);
  hop.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (!response) {
    hop.error = response.error().message;
    return hop;
  }
  StoreCookies(origin, *response);
  hop.status = response->status;
  hop.location = response->Header("Location");
  hop.body = std::move(response->body);
  return hop;
}

Walk BrowserSession::Get(const std::string& start_url, const std::string& stop_before) {
  static const std::regex kConsentForm(
      R"re(<form[^>]*action="([^"]*/oauth/consent)"[\s\S]*?name="consent_id" value="([^"]+)")re");
  Walk walk;
  std::string url = start_url;
  walk.hops.push_back(Send("GET", url, ""));
  for (int hops = 0; hops <= max_redirects_; ++hops) {
    const Hop& last = walk.hops.back();
    if (last.status == 0) return walk;
    if (IsRedirect(last.status) && !last.location.empty()) {
      std::string next = http::ResolveReference(url, last.location);
      if (!stop_before.empty() && next.starts_with(stop_before)) {
        walk.stopped_at = next;
        return walk;
      }
      url = next;
      walk.hops.push_back(Send("GET", url, ""));
      continue;
    }
    std::smatch m;
    if (last.status == 200 && !walk.consent_submitted && std::regex_search(last.body, m, kConsentForm)) {
      walk.consent_submitted = true;
      url = http::ResolveReference(url, m[1].str());
      walk.hops.push_back(Send("POST", url, FormEncode({{"consent_id", m[2].str()}, {"decision", "authorize"}})));
      continue;
    }
    return walk;
  }
  Hop too_many{"GET", url};
  too_many.error = "more than " + std::to_string(max_redirects_) + " redirects";
  walk.hops.push_back(too_many);
  return walk;
}

}  // namespace revento::client::check
