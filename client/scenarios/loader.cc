#include "client/scenarios/loader.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "client/input_file.h"
#include "client/scenarios/step_catalog.h"
#include "client/scenarios/yaml_document.h"

namespace revento::client::scenarios {

namespace {

namespace fs = std::filesystem;

class Validator {
 public:
  Validator(const YamlDocument& doc, std::string file) : doc_(doc), file_(std::move(file)) {}

  void Error(const std::string& pointer, const std::string& where, const std::string& message) {
    errors_.push_back(file_ + ":" + doc_.PositionOf(pointer) + ": " + where + message);
  }
  std::vector<std::string>& errors() { return errors_; }

  // Checks `object`'s keys against `fields`: unknown, missing, bad type.
  void CheckFields(const nlohmann::json& object, const std::vector<FieldSpec>& fields, const std::string& pointer,
                   const std::string& where, const std::string& what) {
    for (const auto& [key, value] : object.items()) {
      auto spec = std::find_if(fields.begin(), fields.end(), [&](const FieldSpec& f) { return f.name == key; });
      if (spec == fields.end()) {
        std::string known;
        for (const auto& f : fields) known += (known.empty() ? "" : ", ") + std::string(f.name);
        Error(pointer + "/" + key, where,
              "field '" + key + "': unknown " + what + " field (known: " + (known.empty() ? "none" : known) + ")");
        continue;
      }
      if (std::string expected = CheckField(*spec, value); !expected.empty()) {
        Error(pointer + "/" + key, where, "field '" + key + "': expected " + expected + ", got " + Describe(value));
      }
    }
    for (const auto& spec : fields) {
      if (spec.required && !object.contains(std::string(spec.name))) {
        Error(pointer, where, "field '" + std::string(spec.name) + "': missing (required)");
      }
    }
  }

  static std::string Describe(const nlohmann::json& value) {
    std::string text = value.dump();
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    return text;
  }

 private:
  const YamlDocument& doc_;
  std::string file_;
  std::vector<std::string> errors_;
};

// node[key] when it is a mapping; an empty one when absent, or when it is
// not a mapping (then an error: "field 'KEY': expected `expected`").
nlohmann::json OptionalMapping(Validator& v, const nlohmann::json& node, const char* key, const std::string& pointer,
                               const std::string& where, const std::string& expected) {
  if (!node.contains(key)) return nlohmann::json::object();
  if (!node[key].is_object()) {
    v.Error(pointer + "/" + key, where, "field '" + std::string(key) + "': expected " + expected);
    return nlohmann::json::object();
  }
  return node[key];
}

// A step's `expect:`, each key and each `items:` check against its catalog.
nlohmann::json ParseExpect(Validator& v, const nlohmann::json& node, const std::string& pointer,
                           const std::string& where) {
  nlohmann::json expect = OptionalMapping(v, node, "expect", pointer, where, "a mapping");
  if (expect.empty()) return expect;
  v.CheckFields(expect, ExpectationFields(), pointer + "/expect", where, "expectation");
  if (!expect.contains("items") || !expect["items"].is_object()) return expect;
  for (const auto& [list, check] : expect["items"].items()) {
    const std::string at = pointer + "/expect/items/" + list;
    if (!check.is_object()) {
      v.Error(at, where, "field 'items." + list + "': expected a mapping (where, count, all, distinct, ...)");
    } else {
      v.CheckFields(check, ItemsFields(), at, where, "'items'");
    }
  }
  return expect;
}

// A step's `capture:`: variable -> source, each source a string.
nlohmann::json ParseCapture(Validator& v, const nlohmann::json& node, const std::string& pointer,
                            const std::string& where) {
  nlohmann::json capture =
      OptionalMapping(v, node, "capture", pointer, where, "a mapping of variable: source");
  for (const auto& [name, source] : capture.items()) {
    if (!source.is_string()) {
      v.Error(pointer + "/capture/" + name, where,
              "field 'capture." + name + "': expected a string (a JSON pointer, header:NAME or query:NAME)");
    }
  }
  return capture;
}

std::optional<Step> ParseStep(Validator& v, const nlohmann::json& node, size_t i, const std::string& pointer,
                              int line) {
  const std::string where_index = "step " + std::to_string(i + 1) + ": ";
  if (!node.is_object()) {
    v.Error(pointer, where_index, "expected a mapping such as '- connect: {...}', got " + Validator::Describe(node));
    return std::nullopt;
  }
  Step step;
  step.index = static_cast<int>(i + 1);
  step.line = line;
  std::vector<std::string> kinds;
  for (const auto& [key, value] : node.items()) {
    if (key == "name" || key == "expect" || key == "capture") continue;
    kinds.push_back(key);
  }
  if (kinds.size() != 1) {
    std::string known;
    for (const auto& s : StepCatalog()) known += (known.empty() ? "" : ", ") + std::string(s.kind);
    v.Error(pointer, where_index,
            kinds.empty() ? "no step kind (one of: " + known + ")"
                          : "expected one step kind, got " + std::to_string(kinds.size()) + " (" + kinds[0] + ", " +
                                kinds[1] + ")");
    return std::nullopt;
  }
  step.kind = kinds[0];
  const StepSpec* spec = FindStep(step.kind);
  if (!spec) {
    std::string known;
    for (const auto& s : StepCatalog()) known += (known.empty() ? "" : ", ") + std::string(s.kind);
    v.Error(pointer + "/" + step.kind, where_index, "unknown step '" + step.kind + "' (known: " + known + ")");
    return std::nullopt;
  }
  const std::string where = "step " + std::to_string(i + 1) + " (" + step.kind + "): ";
  const nlohmann::json& body = node[step.kind];
  if (body.is_null()) {
    step.params = nlohmann::json::object();
  } else if (body.is_object()) {
    step.params = body;
  } else if (!spec->shorthand.empty()) {
    step.params = nlohmann::json{{std::string(spec->shorthand), body}};
  } else {
    v.Error(pointer + "/" + step.kind, where, "expected a mapping of fields, got " + Validator::Describe(body));
    return std::nullopt;
  }
  v.CheckFields(step.params, spec->fields, pointer + "/" + step.kind, where, "'" + step.kind + "'");
  if (node.contains("name")) {
    if (!node["name"].is_string()) {
      v.Error(pointer + "/name", where, "field 'name': expected a string");
    } else {
      step.label = node["name"].get<std::string>();
    }
  }
  step.expect = ParseExpect(v, node, pointer, where);
  step.capture = ParseCapture(v, node, pointer, where);
  if (step.kind == "clock") {
    int given = 0;
    for (const char* key : {"advance", "set", "freeze", "resume"}) given += step.params.contains(key) ? 1 : 0;
    if (given != 1) v.Error(pointer + "/clock", where, "field 'advance|set|freeze|resume': give exactly one");
  }
  if (step.kind == "http" &&
      (step.params.contains("body") + step.params.contains("json") + step.params.contains("form")) > 1) {
    v.Error(pointer + "/http", where, "field 'body|json|form': give at most one");
  }
  return step;
}

}  // namespace

portable::expected<Scenario, LoadErrors> ParseScenario(const std::string& text, const std::string& file) {
  auto doc = ParseYaml(text, file);
  if (!doc) return portable::unexpected(LoadErrors{{doc.error().message}});
  Validator v(*doc, file);
  Scenario scenario;
  scenario.file = file;
  const nlohmann::json& root = doc->root;
  if (!root.is_object()) {
    v.Error("", "", "expected a mapping with name, covers and steps");
    return portable::unexpected(LoadErrors{v.errors()});
  }
  v.CheckFields(root, ScenarioFields(), "", "", "scenario");
  if (root.contains("name") && root["name"].is_string()) scenario.name = root["name"].get<std::string>();
  if (root.contains("description") && root["description"].is_string())
    scenario.description = root["description"].get<std::string>();
  if (root.contains("covers") && root["covers"].is_array()) {
    for (const auto& id : root["covers"]) {
      if (id.is_string()) scenario.covers.push_back(id.get<std::string>());
    }
    if (scenario.covers.empty())
      v.Error("/covers", "", "field 'covers': name at least one rule id of docs/CONTRACT.md");
  }
  if (root.contains("emulator") && root["emulator"].is_array()) {
    for (const auto& flag : root["emulator"]) {
      if (flag.is_string()) scenario.emulator_flags.push_back(flag.get<std::string>());
    }
  }
  if (root.contains("integration") && root["integration"].is_object()) scenario.integration = root["integration"];
  if (root.contains("vars") && root["vars"].is_object()) scenario.vars = root["vars"];
  if (root.contains("requires") && root["requires"].is_array()) {
    for (const auto& name : root["requires"]) {
      if (name.is_string()) scenario.requires_vars.push_back(name.get<std::string>());
    }
  }
  if (root.contains("steps")) {
    const nlohmann::json& steps = root["steps"];
    if (!steps.is_array() || steps.empty()) {
      v.Error("/steps", "", "field 'steps': expected a non-empty list of steps");
    } else {
      for (size_t i = 0; i < steps.size(); ++i) {
        std::string pointer = "/steps/" + std::to_string(i);
        if (auto step = ParseStep(v, steps[i], i, pointer, doc->LineOf(pointer))) {
          StepNeeds needs = FindStep(step->kind)->needs;
          if (needs == StepNeeds::kApp) scenario.needs_app = true;
          if (needs == StepNeeds::kBinary) scenario.needs_binary = true;
          if (step->kind == "http" && step->params.value("to", "") == "app") scenario.needs_app = true;
          scenario.steps.push_back(std::move(*step));
        }
      }
    }
  }
  if (!v.errors().empty()) return portable::unexpected(LoadErrors{v.errors()});
  return scenario;
}

portable::expected<std::vector<Scenario>, LoadErrors> LoadScenarios(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  LoadErrors errors;
  for (const auto& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
        auto ext = entry.path().extension();
        if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) found.push_back(entry.path().string());
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(path, ec)) {
      files.push_back(path);
    } else if (fs::exists(path, ec)) {
      errors.messages.push_back(path + ": is not a regular file (a device, pipe or socket); pass a scenario file or a folder");
    } else {
      errors.messages.push_back(path + ": no such file or directory");
    }
  }
  std::vector<Scenario> out;
  std::set<std::string> names;
  for (const auto& file : files) {
    auto text = ReadInputFile(file, kMaxScenarioFileBytes);
    if (!text) {
      errors.messages.push_back(text.error().message);
      continue;
    }
    auto scenario = ParseScenario(*text, file);
    if (!scenario) {
      errors.messages.insert(errors.messages.end(), scenario.error().messages.begin(), scenario.error().messages.end());
      continue;
    }
    if (!names.insert(scenario->name).second) {
      errors.messages.push_back(file + ":1:1: field 'name': another file already has the name '" + scenario->name +
                                "'");
      continue;
    }
    out.push_back(std::move(*scenario));
  }
  if (!errors.messages.empty()) return portable::unexpected(errors);
  return out;
}

}  // namespace revento::client::scenarios
