// Read API paths and parameters: any path under /api/ (with its query), with
// a valid access token, by GET, HEAD, POST or DELETE, and any Accept
// header: never a 5xx, and every answer is JSON.
//
// Input: one byte (bits 0-1 the method, bit 2: the input's first line is the
// Accept header), then the path after "/api/" (percent-encoded where a
// request line needs it; see AsRequestTarget).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "tests/fuzz/http_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  auto& emu = revento::fuzz::FuzzEmulator::Get();
  emu.NextInput();
  uint8_t choices = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  httplib::Headers headers{{"Authorization", "Bearer " + emu.access_token()}};
  if (choices & 4) {
    size_t end = rest.find('\n');
    std::string accept(rest.substr(0, end));
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    // A header value cannot carry CR, LF or NUL; anything else goes.
    for (char& c : accept) {
      if (c == '\r' || c == '\0') c = ' ';
    }
    headers.emplace("Accept", accept);
  }
  std::string target = "/api/" + revento::fuzz::AsRequestTarget(rest);
  static constexpr const char* kMethods[] = {"GET", "HEAD", "POST", "DELETE"};
  const char* method = kMethods[choices & 3];
  httplib::Result res = std::string_view(method) == "GET"    ? emu.client().Get(target, headers)
                        : std::string_view(method) == "HEAD" ? emu.client().Head(target, headers)
                        : std::string_view(method) == "POST" ? emu.client().Post(target, headers, "", "text/plain")
                                                             : emu.client().Delete(target, headers);
  emu.Check(res, method, target);
  if (std::string_view(method) != "HEAD" && !nlohmann::json::accept(res->body)) {
    std::fprintf(stderr, "api_path: %s %s answered a body that is not JSON: %s\n", method, target.c_str(),
                 res->body.c_str());
    std::abort();
  }
  return 0;
}
