// Scenario files (revento scenarios run/validate): any bytes are parsed
// without crashing, and every refusal names the file, so a user can find
// the line to fix. yaml-cpp's own nesting guard keeps deep documents from
// exhausting the stack; the seed deep_nesting.yaml checks it stays so.
// Aliases are bounded before the document is built; the seed
// billion_laughs.yaml (anchors nested 9 deep) must be refused at once.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "client/scenarios/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto scenario = revento::client::scenarios::ParseScenario(text, "fuzz.yaml");
  if (scenario) return 0;
  if (scenario.error().messages.empty()) {
    std::fprintf(stderr, "scenario_file: a refusal without a message\n");
    std::abort();
  }
  for (const auto& message : scenario.error().messages) {
    if (!std::string_view(message).starts_with("fuzz.yaml")) {
      std::fprintf(stderr, "scenario_file: a refusal that does not name the file: %s\n", message.c_str());
      std::abort();
    }
  }
  return 0;
}
