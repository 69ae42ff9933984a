#include "emulator/openapi/openapi.h"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <regex>

#include "emulator/http/errors.h"

namespace revento::emulator::openapi {

namespace {

nlohmann::json Scalar(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  if (node.Tag() == "!") return text;  // quoted
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") return nullptr;
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  static const std::regex kInteger("[-+]?[0-9]+");
  static const std::regex kFloat("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  if (std::regex_match(text, kInteger)) {
    int64_t value = 0;
    const char* begin = text.data() + (text[0] == '+' ? 1 : 0);
    auto [end, ec] = std::from_chars(begin, text.data() + text.size(), value);
    if (ec == std::errc() && end == text.data() + text.size()) return value;
  }
  if (std::regex_match(text, kFloat)) return std::stod(text);
  return text;
}

Result<nlohmann::json> Convert(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nlohmann::json(nullptr);
    case YAML::NodeType::Scalar:
      return Scalar(node);
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : node) {
        auto value = Convert(item);
        if (!value) return value;
        out.push_back(std::move(*value));
      }
      return out;
    }
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& pair : node) {
        if (!pair.first.IsScalar())
          return Fail("line " + std::to_string(pair.first.Mark().line + 1) + ": a mapping key must be a scalar");
        auto value = Convert(pair.second);
        if (!value) return value;
        out[pair.first.Scalar()] = std::move(*value);
      }
      return out;
    }
  }
  return nlohmann::json(nullptr);
}

}  // namespace

Result<nlohmann::json> YamlToJson(std::string_view yaml_text) {
  try {
    return Convert(YAML::Load(std::string(yaml_text)));
  } catch (const YAML::Exception& e) {
    return Fail("line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

Result<std::string> OpenApiJsonText() {
  auto document = YamlToJson(OpenApiYaml());
  if (!document) return Fail("docs/openapi.yaml: " + document.error().message);
  return document->dump();
}

void SendOpenApi(http::RequestContext& ctx, const std::string& json_text) {
  ctx.res.status = 200;
  ctx.res.set_content(json_text, "application/json");
}

}  // namespace revento::emulator::openapi
