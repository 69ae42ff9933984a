#include "client/webhooks/signed_sender.h"

#include <httplib.h>

#include "client/webhooks/signature_verifier.h"

namespace revento::client::webhooks {

Result<SendOutcome> SendSignedWebhook(const SignedWebhook& w) {
  size_t scheme = w.url.find("://");
  if (scheme == std::string::npos || !(w.url.starts_with("http://") || w.url.starts_with("https://"))) {
    return Fail("the URL must be an absolute http(s) URL: " + w.url);
  }
  size_t path_at = w.url.find('/', scheme + 3);
  std::string origin = path_at == std::string::npos ? w.url : w.url.substr(0, path_at);
  std::string path = path_at == std::string::npos ? "/" : w.url.substr(path_at);
  httplib::Client client(origin);
  client.set_connection_timeout(w.timeout_seconds);
  client.set_read_timeout(w.timeout_seconds);
  client.set_follow_location(false);
  std::string timestamp = std::to_string(w.timestamp);
  httplib::Headers headers{{"X-Revento-Event", w.type},
                           {"X-Revento-Delivery-Id", w.delivery_id},
                           {"X-Revento-Timestamp", timestamp},
                           {"X-Revento-Signature", ComputeSignature(w.secret, timestamp, w.body)}};
  auto res = client.Post(path, headers, w.body, "application/json");
  if (!res) return Fail("POST " + w.url + " failed: " + httplib::to_string(res.error()));
  return SendOutcome{res->status, res->body};
}

}  // namespace revento::client::webhooks
