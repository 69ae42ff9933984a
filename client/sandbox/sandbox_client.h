// The client's one door to the emulator's sandbox control plane
// (docs/emulator.md), for the CLI commands and checks that drive or read it:
// - webhooks: trigger a synthetic occurrence (POST /_sandbox/webhooks/trigger),
//   read the delivery log (GET /_sandbox/deliveries, GET
//   /_sandbox/deliveries/{id}) and flush it (POST /_sandbox/deliveries/flush);
// - what `revento check connect` grades from: the request journal (GET
//   /_sandbox/requests), the integrations and installations, and the sandbox
//   clock (POST /_sandbox/clock).
// Every call goes through the client's http::Transport and carries
// `X-Revento-Admin-Token` when an admin token is given (an emulator started
// with --admin-token refuses /_sandbox without it).
//
// Errors: Connect() refuses a base URL that is not an emulator origin
// (http://host:port, no path) with kInvalidArgument. An unreachable emulator
// is kTransportFailed saying to start it or pass --emulator; an answer other
// than 2xx is an Error with that status and code carrying the emulator's own
// words (`{"error": {"code", "message"}}`), or, when the body is not that
// JSON, asking whether the URL is an emulator (another server's page is never
// passed through); a 2xx body that is not JSON is kBadResponse asking the same.
// Thread safety: calls may run on many threads (the transport is shared).
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "client/http/transport.h"
#include "client/status.h"

namespace revento::client::sandbox {

struct TriggerRequest {
  std::string type;
  std::string event_id = "evt_abc123";
  nlohmann::ordered_json overrides = nlohmann::ordered_json::object();
  std::optional<std::string> application_id;
  std::optional<std::string> participant_id;
};

class SandboxClient {
 public:
  // `base_url`: the emulator's origin, e.g. http://localhost:8787 (a trailing
  // '/' is dropped); `admin_token`, when not empty, is sent on every call.
  static Result<SandboxClient> Connect(const std::string& base_url, std::string admin_token = "",
                                       std::shared_ptr<http::Transport> transport = http::MakeHttpTransport());

  // The emulator's answer: {"type", "event_id", "data", "delivery_ids"}.
  Result<nlohmann::json> Trigger(const TriggerRequest& request);
  // Newest first, at most `limit` (1 to 1000).
  Result<nlohmann::json> ListDeliveries(int limit = 1000);
  Result<nlohmann::json> GetDelivery(const std::string& id);
  Result<nlohmann::json> Flush();

  // The highest journal `seq` recorded so far (0 when the journal is empty);
  // an Error when the emulator keeps no journal (--journal-size 0).
  Result<int64_t> LastSeq();
  // Journal entries recorded after `seq`, oldest first.
  Result<std::vector<nlohmann::json>> JournalAfter(int64_t seq);
  // The `data` arrays of the lists.
  Result<nlohmann::json> Integrations();
  Result<nlohmann::json> Installations();
  // Moves the sandbox clock forward; answers the new clock.
  Result<nlohmann::json> AdvanceClock(int64_t seconds);

  const std::string& base_url() const { return base_url_; }

 private:
  SandboxClient(std::string base_url, std::string admin_token, std::shared_ptr<http::Transport> transport);
  Result<nlohmann::json> Call(const std::string& method, const std::string& path, const std::string& body = "");

  std::string base_url_;
  std::string admin_token_;
  std::shared_ptr<http::Transport> transport_;
};

}  // namespace revento::client::sandbox
