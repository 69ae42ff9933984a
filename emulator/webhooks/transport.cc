#include "emulator/webhooks/transport.h"

#include <httplib.h>

namespace revento::emulator::webhooks {

namespace {
constexpr size_t kExcerptBytes = 1024;
std::string DescribeError(httplib::Error error, const std::string& origin, int64_t timeout_seconds) {
  switch (error) {
    case httplib::Error::Connection:
      return "could not connect to " + origin + " (connection refused or unreachable): is the receiver running?";
    case httplib::Error::ConnectionTimeout:
      return "timed out connecting to " + origin + " after " + std::to_string(timeout_seconds) + " s";
    case httplib::Error::Read:
      return "timed out or connection closed while waiting for the response (the per-attempt timeout is " +
             std::to_string(timeout_seconds) + " s; answer 2xx fast and do slow work later)";
    case httplib::Error::Write:
      return "the connection was closed while sending the request";
    case httplib::Error::SSLConnection:
    case httplib::Error::SSLServerVerification:
      return "TLS handshake with " + origin + " failed (" + httplib::to_string(error) + ")";
    default:
      return "request failed: " + httplib::to_string(error);
  }
}

}  // namespace

bool SplitUrl(const std::string& url, std::string* origin, std::string* path) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return false;
  std::string scheme = url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return false;
  size_t host_start = scheme_end + 3;
  size_t path_start = url.find_first_of("/?#", host_start);
  if (path_start == host_start || host_start >= url.size()) return false;
  *origin = url.substr(0, path_start);
  *path = path_start == std::string::npos ? "/" : url.substr(path_start);
  if (path->starts_with("?")) path->insert(0, "/");
  if (size_t fragment = path->find('#'); fragment != std::string::npos) path->erase(fragment);
  return true;
}

OutboundResponse HttpTransport::Post(const OutboundRequest& request) {
  OutboundResponse out;
  std::string origin, path;
  if (!SplitUrl(request.url, &origin, &path)) {
    out.error = "the webhook URL is not an absolute http(s) URL";
    return out;
  }
  httplib::Client client(origin);
  if (!client.is_valid()) {
    out.error = "the webhook URL's scheme is not supported";
    return out;
  }
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(request.timeout);
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(request.timeout - seconds);
  client.set_connection_timeout(seconds.count(), micros.count());
  client.set_read_timeout(seconds.count(), micros.count());
  client.set_write_timeout(seconds.count(), micros.count());
  client.set_follow_location(false);
  client.set_keep_alive(false);
  // Headers and body go out in separate writes; without TCP_NODELAY the
  // body waits for the receiver's delayed ACK (about 40 ms on Linux).
  client.set_tcp_nodelay(true);
  httplib::Headers headers;
  std::string content_type = "application/json";
  for (const auto& [name, value] : request.headers) {
    if (name == "Content-Type") {
      content_type = value;
    } else {
      headers.emplace(name, value);
    }
  }
  headers.emplace("User-Agent", "Revento-Webhooks/1.0 (revento-sandbox)");
  auto result = client.Post(path, headers, request.body, content_type);
  if (!result) {
    out.error = DescribeError(result.error(), origin, seconds.count());
    return out;
  }
  out.status = result->status;
  out.body = result->body.substr(0, kExcerptBytes);
  out.retry_after = result->get_header_value("Retry-After");
  return out;
}

}  // namespace revento::emulator::webhooks
