#include "client/webhooks/overrides.h"

#include <utility>

#include "client/input_file.h"

namespace revento::client::webhooks {

Result<nlohmann::ordered_json> ReadDataArgument(const std::string& text) {
  std::string json = text;
  std::string source = "--data";
  if (text.starts_with("@")) {
    // A patch of the data, sent inside a body the emulator takes up to 1 MiB.
    auto content = ReadInputFile(text.substr(1), 1 << 20);
    if (!content) return Fail("--data " + content.error().message);
    json = std::move(*content);
    source = "--data " + text;
  }
  auto value = nlohmann::ordered_json::parse(json, nullptr, false);
  if (value.is_discarded() || !value.is_object()) {
    return Fail(source + " must be a JSON object, e.g. --data '{\"first_name\":\"Zoë\"}' or --data @patch.json");
  }
  return value;
}

Result<nlohmann::ordered_json> BuildOverrides(const std::string& data_argument, const std::vector<std::string>& sets) {
  nlohmann::ordered_json patch = nlohmann::ordered_json::object();
  if (!data_argument.empty()) {
    auto data = ReadDataArgument(data_argument);
    if (!data) return data;
    patch = std::move(*data);
  }
  for (const auto& assignment : sets) {
    size_t eq = assignment.find('=');
    std::string usage = "--set \"" + assignment + "\": write --set path=value, e.g. --set first_name=Zoë";
    if (eq == std::string::npos) return Fail(usage);
    std::string path = assignment.substr(0, eq);
    std::string text = assignment.substr(eq + 1);
    std::vector<std::string> keys;
    size_t start = 0;
    while (true) {
      size_t dot = path.find('.', start);
      keys.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
      if (keys.back().empty()) return Fail(usage + " (a path segment is empty)");
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    auto parsed = nlohmann::ordered_json::parse(text, nullptr, false);
    nlohmann::ordered_json value = parsed.is_discarded() ? nlohmann::ordered_json(text) : parsed;
    nlohmann::ordered_json* node = &patch;
    for (size_t i = 0; i + 1 < keys.size(); ++i) {
      nlohmann::ordered_json& child = (*node)[keys[i]];
      if (!child.is_object()) child = nlohmann::ordered_json::object();
      node = &child;
    }
    (*node)[keys.back()] = value;
  }
  return patch;
}

}  // namespace revento::client::webhooks
