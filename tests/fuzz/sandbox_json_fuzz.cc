// JSON bodies of the control plane (/_sandbox): any body to any POST route
// that reads one: never a 5xx, and every answer is JSON.
//
// Input: one byte picking the route, then the body (sent as
// application/json).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/fuzz/http_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  auto& emu = revento::fuzz::FuzzEmulator::Get();
  emu.NextInput();
  static constexpr const char* kRoutes[] = {
      "/_sandbox/clock",
      "/_sandbox/integrations",
      "/_sandbox/webhooks/trigger",
      "/_sandbox/events/evt_abc123/participants",
      "/_sandbox/events/evt_abc123/participants/par_001/update",
      "/_sandbox/events/evt_abc123/participants/par_002/check-in",
      "/_sandbox/events/evt_abc123/applications",
      "/_sandbox/events/evt_abc123/applications/app_001/approve",
      "/_sandbox/events/evt_abc123/applications/app_002/reject",
      "/_sandbox/events/evt_abc123/update",
      "/_sandbox/events/evt_abc123/publish",
      "/_sandbox/events/evt_abc123/cancel",
      "/_sandbox/events/evt_abc123/participants/par_003/cancel",
      "/_sandbox/reset",
  };
  std::string path = kRoutes[data[0] % std::size(kRoutes)];
  std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  auto res = emu.client().Post(path, body, "application/json");
  emu.Check(res, "POST", path, body);
  if (!nlohmann::json::accept(res->body)) {
    std::fprintf(stderr, "sandbox_json: POST %s answered a body that is not JSON: %s\n", path.c_str(),
                 res->body.c_str());
    std::abort();
  }
  return 0;
}
