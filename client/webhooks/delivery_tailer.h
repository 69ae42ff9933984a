// Following the emulator's delivery log (`revento deliveries tail`), one
// line per attempt, like `stripe listen` prints:
//   2026-11-27T10:00:00Z  participant.registered  dlv_...  http://localhost:3000/webhooks/revento  [200]  3 ms
// (time is the attempt's start on the sandbox clock; a failure without an
// HTTP answer prints [ERR] and the emulator's reason).
//
// Poll() reads GET /_sandbox/deliveries (newest 1000) and, for each delivery
// with attempts not yet reported, GET /_sandbox/deliveries/{id}; it returns
// the new attempts oldest first. The first Poll() reports only attempts made
// since the tailer was created (taking a snapshot), unless `history` is set,
// in which case it reports every attempt in the log.
// Errors: the SandboxClient's (emulator unreachable, an error answer).
// Thread safety: one tailer per thread.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "client/status.h"
#include "client/sandbox/sandbox_client.h"

namespace revento::client::webhooks {

struct AttemptLine {
  std::string time;  // started_at (sandbox time, ISO 8601)
  std::string type;
  std::string delivery_id;
  int attempt = 0;
  std::string url;
  std::optional<int> status;
  int64_t duration_ms = 0;
  std::string error;  // empty when the receiver answered

  std::string Text() const;
  nlohmann::json Json() const;
};

class DeliveryTailer {
 public:
  DeliveryTailer(sandbox::SandboxClient& sandbox, bool history);
  Result<std::vector<AttemptLine>> Poll();

 private:
  sandbox::SandboxClient& sandbox_;
  bool snapshot_pending_;
  std::map<std::string, int> reported_;  // delivery id -> attempts reported
};

}  // namespace revento::client::webhooks
