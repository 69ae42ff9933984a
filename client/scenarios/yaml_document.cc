#include "client/scenarios/yaml_document.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <regex>
#include <sstream>
#include <string_view>
#include <vector>

#include "client/input_file.h"

namespace revento::client::scenarios {

namespace {

// The offset of the first byte that does not belong to well-formed UTF-8
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
std::optional<size_t> FindInvalidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    auto byte = [&](size_t at) { return static_cast<unsigned char>(text[at]); };
    unsigned char lead = byte(i);
    size_t length;
    unsigned char low = 0x80, high = 0xBF;  // range of the second byte
    if (lead < 0x80) {
      ++i;
      continue;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return i;
    }
    if (i + length > text.size()) return i;
    if (byte(i + 1) < low || byte(i + 1) > high) return i;
    for (size_t k = 2; k < length; ++k) {
      if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return i;
    }
    i += length;
  }
  return std::nullopt;
}

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

// `not_utf8_line` gets the line of the first key or scalar whose text is not
// UTF-8 once yaml-cpp has read it (control characters can come out so).
nlohmann::json Convert(const YAML::Node& node, const std::string& pointer, YamlDocument& doc,
                       std::optional<int>& not_utf8_line) {
  auto& lines = doc.lines;
  lines[pointer] = node.Mark().line + 1;
  doc.columns[pointer] = node.Mark().column + 1;
  if (node.IsScalar() && !not_utf8_line && FindInvalidUtf8(node.Scalar())) not_utf8_line = node.Mark().line + 1;
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (auto it = node.begin(); it != node.end(); ++it) {
        std::string key = it->first.Scalar();
        if (!not_utf8_line && FindInvalidUtf8(key)) not_utf8_line = it->first.Mark().line + 1;
        out[key] = Convert(it->second, pointer + "/" + EscapePointerToken(key), doc, not_utf8_line);
        // A key's own place is more useful than its value's (a block value starts on the next line).
        lines[pointer + "/" + EscapePointerToken(key)] = it->first.Mark().line + 1;
        doc.columns[pointer + "/" + EscapePointerToken(key)] = it->first.Mark().column + 1;
      }
      return out;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (size_t i = 0; i < node.size(); ++i)
        out.push_back(Convert(node[i], pointer + "/" + std::to_string(i), doc, not_utf8_line));
      return out;
    }
    case YAML::NodeType::Scalar:
      return ScalarToJson(node);
    default:
      return nullptr;
  }
}

// Counts the values a YAML text stands for with every alias expanded, from
// the parser's events (nothing is built), and stops at the first alias that
// takes the count past kMaxScenarioValues.
class ExpansionCounter : public YAML::EventHandler {
 public:
  bool over() const { return over_; }
  const YAML::Mark& where() const { return where_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { Leaf(mark, anchor, 1); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, const std::string&) override {
    Leaf(mark, anchor, 1);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = sizes_.find(anchor);
    Leaf(mark, 0, it == sizes_.end() ? 1 : it->second);
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    open_.push_back({anchor, 1});
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    open_.push_back({anchor, 1});
  }
  void OnMapEnd() override { Close(); }

 private:
  struct Open {
    YAML::anchor_t anchor;
    uint64_t size;
  };
  void Leaf(const YAML::Mark& mark, YAML::anchor_t anchor, uint64_t size) {
    if (anchor != 0) sizes_[anchor] = size;
    Add(mark, size);
  }
  void Add(const YAML::Mark& mark, uint64_t size) {
    total_ += size;
    if (!open_.empty()) open_.back().size = std::min(open_.back().size + size, kMaxScenarioValues + 1);
    if (total_ > kMaxScenarioValues && !over_) {
      over_ = true;
      where_ = mark;
    }
  }
  void Close() {
    if (open_.empty()) return;
    Open done = open_.back();
    open_.pop_back();
    if (done.anchor != 0) sizes_[done.anchor] = done.size;
    if (!open_.empty()) open_.back().size = std::min(open_.back().size + done.size, kMaxScenarioValues + 1);
  }

  std::vector<Open> open_;
  std::map<YAML::anchor_t, uint64_t> sizes_;
  uint64_t total_ = 0;
  bool over_ = false;
  YAML::Mark where_;
};

std::string At(const std::string& name, const YAML::Mark& mark) {
  return name + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

// Refuses a text whose aliases expand past kMaxScenarioValues (before any node is built).
std::optional<std::string> ExpansionProblem(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  ExpansionCounter counter;
  while (!counter.over() && parser.HandleNextDocument(counter)) {
  }
  if (!counter.over()) return std::nullopt;
  return At(name, counter.where()) + ": the file stands for more than " + std::to_string(kMaxScenarioValues) +
         " values once its aliases (*name) are expanded; write the steps out, or use fewer nested aliases";
}

}  // namespace

std::string YamlDocument::PositionOf(std::string pointer) const {
  while (true) {
    auto line = lines.find(pointer);
    if (line != lines.end()) {
      auto column = columns.find(pointer);
      return std::to_string(line->second) + ":" + std::to_string(column == columns.end() ? 1 : column->second);
    }
    if (pointer.empty()) return "1:1";
    pointer.erase(pointer.rfind('/'));
  }
}

int YamlDocument::LineOf(std::string pointer) const {
  while (true) {
    if (auto it = lines.find(pointer); it != lines.end()) return it->second;
    if (pointer.empty()) return 1;
    pointer.erase(pointer.rfind('/'));
  }
}

Result<YamlDocument> ParseYaml(const std::string& text, const std::string& name_for_errors) {
  // Scenario files are UTF-8 (YAML 1.2); other bytes would reach JSON text
  // that cannot be written out.
  if (auto at = FindInvalidUtf8(text)) {
    auto before = text.begin() + static_cast<std::ptrdiff_t>(*at);
    size_t line = 1 + static_cast<size_t>(std::count(text.begin(), before, '\n'));
    size_t line_start = text.rfind('\n', *at == 0 ? 0 : *at - 1);
    size_t column = line_start == std::string::npos || *at == 0 ? *at + 1 : *at - line_start;
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[*at]));
    return Fail(name_for_errors + ":" + std::to_string(line) + ":" + std::to_string(column) +
                ": not valid UTF-8 (byte " + hex + " at offset " + std::to_string(*at) + "); save the file as UTF-8");
  }
  try {
    if (auto problem = ExpansionProblem(text, name_for_errors)) return Fail(*problem);
    YAML::Node node = YAML::Load(text);
    YamlDocument doc;
    std::optional<int> not_utf8_line;
    doc.root = Convert(node, "", doc, not_utf8_line);
    if (not_utf8_line) {
      return Fail(name_for_errors + ":" + std::to_string(*not_utf8_line) +
                  ":1: a key or value is not valid UTF-8 once read as YAML (a control character?); write it as "
                  "printable UTF-8");
    }
    return doc;
  } catch (const YAML::Exception& e) {
    return Fail(At(name_for_errors, e.mark) + ": not valid YAML: " + e.msg);
  }
}

Result<YamlDocument> ReadYamlFile(const std::string& path) {
  auto text = ReadInputFile(path, kMaxScenarioFileBytes);
  if (!text) return Fail(text.error().message);
  return ParseYaml(*text, path);
}

}  // namespace revento::client::scenarios
