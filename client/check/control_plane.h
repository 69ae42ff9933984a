// What `revento check connect` reads from and does to the emulator's sandbox
// control plane (docs/emulator.md): the request journal (GET
// /_sandbox/requests), the integrations (GET /_sandbox/integrations), the
// installations (GET /_sandbox/installations) and the sandbox clock (POST
// /_sandbox/clock). Everything goes through the client's Transport.
//
// Errors: an unreachable emulator is an Error saying to start it or pass
// --emulator; an answer other than 2xx, or one that is not JSON, is an Error
// naming the route and carrying the emulator's own words.
// Thread safety: calls may run on many threads (the transport is shared).
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "client/http/transport.h"
#include "client/status.h"

namespace revento::client::check {

class ControlPlane {
 public:
  // `base_url`: the emulator's origin, e.g. http://localhost:8787;
  // `admin_token`, when not empty, is sent as X-Revento-Admin-Token.
  ControlPlane(std::string base_url, std::shared_ptr<http::Transport> transport, std::string admin_token = "");

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
  Result<nlohmann::json> Call(const std::string& method, const std::string& path, const std::string& body = "");

  std::string base_url_;
  std::shared_ptr<http::Transport> transport_;
  std::string admin_token_;
};

}  // namespace revento::client::check
