// Query strings: GET /oauth/authorize and the Read API's lists with any
// query: never a 5xx.
//
// Input: one byte picking the endpoint, then the query (bytes that cannot
// stand in a request line are percent-encoded; see AsRequestTarget).
#include <cstdint>
#include <string>
#include <string_view>

#include "tests/fuzz/http_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  auto& emu = revento::fuzz::FuzzEmulator::Get();
  emu.NextInput();
  static constexpr const char* kPaths[] = {
      "/oauth/authorize",
      "/api/v1/events/evt_abc123/participants",
      "/api/v1/events/evt_abc123/applications",
      "/api/v1/events/evt_abc123/check-ins",
  };
  std::string_view query(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string target = std::string(kPaths[data[0] % 4]) + "?" + revento::fuzz::AsRequestTarget(query);
  auto res = emu.client().Get(target, httplib::Headers{{"Authorization", "Bearer " + emu.access_token()}});
  emu.Check(res, "GET", target);
  return 0;
}
