// POST /oauth/token and /oauth/revoke with any body: never a 5xx.
//
// Input: one byte of choices, then the body. The choices pick the endpoint
// (bit 0), the Content-Type (bits 1-2: form, none, JSON, form with a
// charset) and whether HTTP Basic client credentials are sent (bit 3).
#include <cstdint>
#include <string>
#include <string_view>

#include "tests/fuzz/http_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  auto& emu = revento::fuzz::FuzzEmulator::Get();
  emu.NextInput();
  uint8_t choices = data[0];
  std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string path = choices & 1 ? "/oauth/revoke" : "/oauth/token";
  static constexpr const char* kContentTypes[] = {"application/x-www-form-urlencoded", "", "application/json",
                                                  "application/x-www-form-urlencoded; charset=UTF-8"};
  httplib::Headers headers;
  if (choices & 8) {
    // base64("rev_client_quickstart:rev_secret_sandbox_quickstart")
    headers.emplace("Authorization", "Basic cmV2X2NsaWVudF9xdWlja3N0YXJ0OnJldl9zZWNyZXRfc2FuZGJveF9xdWlja3N0YXJ0");
  }
  auto res = emu.client().Post(path, headers, body, kContentTypes[(choices >> 1) & 3]);
  emu.Check(res, "POST", path, body);
  return 0;
}
