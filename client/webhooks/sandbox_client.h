// The emulator's webhook control plane as the CLI uses it: trigger a
// synthetic occurrence (POST /_sandbox/webhooks/trigger), read the delivery
// log (GET /_sandbox/deliveries, GET /_sandbox/deliveries/{id}) and flush it
// (POST /_sandbox/deliveries/flush).
//
// Errors: an unreachable emulator is an Error that says to start it or pass
// --emulator; an answer other than 2xx is an Error carrying the emulator's
// own message (`{"error": {"code", "message"}}`) with its `status` and
// `code`, or, when the answer is not that JSON, asking whether the URL is
// the emulator (the body is never passed through). Thread safety: one
// SandboxClient per thread (it owns an httplib::Client).
#pragma once

#include <httplib.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "client/status.h"

namespace revento::client::webhooks {

struct TriggerRequest {
  std::string type;
  std::string event_id = "evt_abc123";
  nlohmann::ordered_json overrides = nlohmann::ordered_json::object();
  std::optional<std::string> application_id;
  std::optional<std::string> participant_id;
};

class SandboxClient {
 public:
  // `base_url` is the emulator's origin, e.g. http://localhost:8787.
  static Result<SandboxClient> Connect(const std::string& base_url);

  // The emulator's answer: {"type", "event_id", "data", "delivery_ids"}.
  Result<nlohmann::json> Trigger(const TriggerRequest& request);
  // Newest first, at most `limit` (1 to 1000).
  Result<nlohmann::json> ListDeliveries(int limit = 1000);
  Result<nlohmann::json> GetDelivery(const std::string& id);
  Result<nlohmann::json> Flush();

  const std::string& base_url() const { return base_url_; }

 private:
  explicit SandboxClient(std::string base_url);
  Result<nlohmann::json> Answer(const std::string& what, const httplib::Result& res);

  std::string base_url_;
  std::unique_ptr<httplib::Client> http_;
};

}  // namespace revento::client::webhooks
