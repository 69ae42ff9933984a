#include "client/webhooks/delivery_transport.h"

#include <httplib.h>

namespace revento::client::webhooks {

Status ValidateReceiverUrl(const std::string& url) {
  size_t scheme = url.find("://");
  bool http = url.starts_with("http://") || url.starts_with("https://");
  if (!http || scheme == std::string::npos || scheme + 3 >= url.size() || url[scheme + 3] == '/') {
    return Fail(
        "the receiver URL must be an absolute http(s) URL, e.g. http://localhost:3000/webhooks/revento (got \"" + url +
        "\")");
  }
  return {};
}

PostOutcome HttpDeliveryTransport(const std::string& url, const Delivery& delivery, std::chrono::milliseconds timeout) {
  PostOutcome outcome;
  if (auto valid = ValidateReceiverUrl(url); !valid) {
    outcome.error = valid.error().message;
    return outcome;
  }
  size_t scheme = url.find("://");
  size_t path_at = url.find('/', scheme + 3);
  std::string origin = path_at == std::string::npos ? url : url.substr(0, path_at);
  std::string path = path_at == std::string::npos ? "/" : url.substr(path_at);
  httplib::Client client(origin);
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout);
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(timeout - seconds);
  client.set_connection_timeout(seconds.count(), micros.count());
  client.set_read_timeout(seconds.count(), micros.count());
  client.set_write_timeout(seconds.count(), micros.count());
  client.set_follow_location(false);
  client.set_keep_alive(false);
  httplib::Headers headers;
  std::string content_type = "application/json";
  for (const auto& [name, value] : delivery.headers) {
    if (name == "Content-Type") {
      content_type = value;
    } else {
      headers.emplace(name, value);
    }
  }
  auto started = std::chrono::steady_clock::now();
  auto res = client.Post(path, headers, delivery.body, content_type);
  outcome.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (!res) {
    // httplib reports a read timeout as a read error; the elapsed time tells them apart.
    outcome.timed_out = outcome.duration_ms >= 0.95 * static_cast<double>(timeout.count()) ||
                        res.error() == httplib::Error::ConnectionTimeout;
    outcome.error = outcome.timed_out ? "no answer within " + std::to_string(timeout.count()) + " ms"
                                      : "POST " + url + " failed: " + httplib::to_string(res.error());
    return outcome;
  }
  outcome.status = res->status;
  outcome.body = res->body.substr(0, 1024);
  return outcome;
}

}  // namespace revento::client::webhooks
