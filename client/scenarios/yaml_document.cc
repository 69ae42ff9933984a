#include "client/scenarios/yaml_document.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <regex>
#include <sstream>

namespace revento::client::scenarios {

namespace {

std::string EscapePointerToken(const std::string& token) {
  std::string out;
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

nlohmann::json ScalarToJson(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  if (node.Tag() == "!") return text;  // quoted: always a string
  static const std::regex kInteger(R"([-+]?[0-9]+)");
  static const std::regex kFloat(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  if (text == "null" || text == "Null" || text == "NULL" || text == "~" || text.empty()) return nullptr;
  if (std::regex_match(text, kInteger)) {
    try {
      return std::stoll(text);
    } catch (const std::out_of_range&) {
      return text;
    }
  }
  if (std::regex_match(text, kFloat)) return std::stod(text);
  return text;
}

nlohmann::json Convert(const YAML::Node& node, const std::string& pointer, std::map<std::string, int>& lines) {
  lines[pointer] = node.Mark().line + 1;
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (auto it = node.begin(); it != node.end(); ++it) {
        std::string key = it->first.Scalar();
        out[key] = Convert(it->second, pointer + "/" + EscapePointerToken(key), lines);
        // A key's own line is more useful than its value's (a block value starts on the next line).
        lines[pointer + "/" + EscapePointerToken(key)] = it->first.Mark().line + 1;
      }
      return out;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (size_t i = 0; i < node.size(); ++i)
        out.push_back(Convert(node[i], pointer + "/" + std::to_string(i), lines));
      return out;
    }
    case YAML::NodeType::Scalar:
      return ScalarToJson(node);
    default:
      return nullptr;
  }
}

}  // namespace

int YamlDocument::LineOf(std::string pointer) const {
  while (true) {
    if (auto it = lines.find(pointer); it != lines.end()) return it->second;
    if (pointer.empty()) return 1;
    pointer.erase(pointer.rfind('/'));
  }
}

Result<YamlDocument> ParseYaml(const std::string& text, const std::string& name_for_errors) {
  try {
    YAML::Node node = YAML::Load(text);
    YamlDocument doc;
    doc.root = Convert(node, "", doc.lines);
    return doc;
  } catch (const YAML::Exception& e) {
    return Fail(name_for_errors + ":" + std::to_string(e.mark.line + 1) + ": not valid YAML: " + e.msg);
  }
}

Result<YamlDocument> ReadYamlFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(path + ": cannot read the file");
  std::stringstream text;
  text << in.rdbuf();
  return ParseYaml(text.str(), path);
}

}  // namespace revento::client::scenarios
