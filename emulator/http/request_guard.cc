#include "emulator/http/request_guard.h"

#include <arpa/inet.h>

#include <algorithm>

#include "emulator/http/area.h"
#include "emulator/http/errors.h"
#include "emulator/http_url.h"
#include "emulator/text.h"

namespace revento::emulator::http {

namespace {

// "Localhost:8787" -> "localhost"; "[::1]:8787" -> "::1".
std::string NameOfHost(std::string_view host) {
  if (host.starts_with('[')) {
    size_t close = host.find(']');
    return Lower(host.substr(1, close == std::string_view::npos ? host.size() - 1 : close - 1));
  }
  return Lower(host.substr(0, host.find(':')));
}

bool IsAddress(const std::string& name) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, name.c_str(), buffer) == 1 || inet_pton(AF_INET6, name.c_str(), buffer) == 1;
}

// The name of an http(s) URL's authority ("https://Example.test:8/x" -> "example.test").
std::string NameOfUrl(std::string_view url) {
  auto parsed = ParseHttpUrl(url);
  if (!parsed) return "";
  std::string_view origin = parsed->origin;
  return NameOfHost(origin.substr(origin.find("://") + 3));
}

bool IsLoopbackName(const std::string& name) { return name == "localhost" || name == "127.0.0.1" || name == "::1"; }

// "localhost:8787" -> "8787"; "[::1]" -> "" (no port).
std::string_view PortOf(std::string_view authority) {
  size_t close = authority.starts_with('[') ? authority.find(']') : 0;
  size_t colon = authority.find(':', close == std::string_view::npos ? 0 : close);
  return colon == std::string_view::npos ? std::string_view() : authority.substr(colon + 1);
}

bool AllowedName(const GuardPolicy& policy, const std::string& name) {
  if (name == "localhost" || name.ends_with(".localhost") || IsAddress(name)) return true;
  if (!policy.public_url.empty() && name == NameOfUrl(policy.public_url)) return true;
  return std::any_of(policy.allowed_hosts.begin(), policy.allowed_hosts.end(),
                     [&](const std::string& allowed) { return Lower(allowed) == name; });
}

bool ChangesState(const httplib::Request& req) {
  return req.path.starts_with("/_sandbox") && req.method != "GET" && req.method != "HEAD" &&
         req.method != "OPTIONS";
}

std::optional<GuardRefusal> CrossOrigin(const GuardPolicy& policy, const httplib::Request& req) {
  const std::string fix =
      " State-changing /_sandbox requests are taken only from the emulator's own pages or from clients that "
      "send no Origin (curl, revento, your tests); a web page on another site may not drive the sandbox.";
  if (Lower(req.get_header_value("Sec-Fetch-Site")) == "cross-site")
    return GuardRefusal{"cross_origin_refused", "The browser marked this request Sec-Fetch-Site: cross-site." + fix};
  if (!req.has_header("Origin")) return std::nullopt;
  std::string origin = Lower(req.get_header_value("Origin"));
  std::string host = Lower(req.get_header_value("Host"));
  if (origin == "http://" + host) return std::nullopt;
  // The emulator's own pages on another loopback name of the same socket
  // (the issuer says localhost, a client may say 127.0.0.1).
  if (origin.starts_with("http://") && IsLoopbackName(NameOfHost(origin.substr(7))) &&
      PortOf(origin.substr(7)) == PortOf(host)) {
    return std::nullopt;
  }
  if (auto own = ParseHttpUrl(policy.public_url); own && origin == Lower(own->origin)) return std::nullopt;
  return GuardRefusal{"cross_origin_refused",
                      "Origin " + origin.substr(0, 200) + " is not this emulator's own origin (a cross-site request)." + fix};
}

}  // namespace

std::optional<GuardRefusal> CheckRequest(const GuardPolicy& policy, const httplib::Request& req) {
  if (req.has_header("Host")) {
    std::string name = NameOfHost(req.get_header_value("Host"));
    if (!AllowedName(policy, name)) {
      return GuardRefusal{
          "host_not_allowed",
          "Host \"" + name.substr(0, 200) +
              "\" is not a name this emulator answers to (a guard against DNS rebinding): use localhost, a "
              "loopback or network address, or the --public-url host, or start the emulator with --allowed-host " +
              name.substr(0, 200) + "."};
    }
  }
  if (ChangesState(req)) return CrossOrigin(policy, req);
  return std::nullopt;
}

RequestHooks::Ticket RequestGuard::Before(RequestContext& ctx) {
  if (auto refusal = CheckRequest(policy_, ctx.req)) {
    Area area = AreaOf(ctx.req.path);
    std::string code = area == Area::kOAuth ? "invalid_request" : refusal->rule;
    SendError(ctx, area, 403, code, refusal->rule + ": " + refusal->message);
    Ticket ticket;
    ticket.outcome = Outcome::kAnswered;
    return ticket;
  }
  return next_ ? next_->Before(ctx) : Ticket{};
}

void RequestGuard::After(const RequestContext& ctx, const Ticket& ticket, std::chrono::nanoseconds duration) {
  if (next_) next_->After(ctx, ticket, duration);
}

}  // namespace revento::emulator::http
