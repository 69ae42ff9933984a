// A conformance scenario as loaded from one YAML file (docs/scenarios.md).
//
// A Scenario is plain data: its name, the contract rule ids it covers
// (docs/CONTRACT.md), the emulator flags it needs, an optional integration
// the runner registers for it (with the runner's own webhook receiver as
// its webhook URL), the variables it requires, initial variables and its steps. Each Step keeps the
// kind (`connect`, `api`, ...), its parameters as JSON (already validated
// against the step catalog, `${var}` references still unresolved), its
// expectations and captures, and where it came from (file and line), so a
// failure can point back at the YAML.
//
// Thread safety: plain values; copy freely.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace revento::client::scenarios {

struct Step {
  std::string kind;
  std::string label;       // `name:` of the step, or empty
  int index = 0;           // 1-based position in the scenario
  int line = 0;            // 1-based line of the step in the file
  nlohmann::json params;   // the step's own fields (an object)
  nlohmann::json expect;   // an object (empty when nothing is expected)
  nlohmann::json capture;  // an object: variable -> source
};

struct Scenario {
  std::string file;
  std::string name;
  std::string description;
  std::vector<std::string> covers;
  std::vector<std::string> emulator_flags;  // extra revento-emulator flags; non-empty needs its own emulator
  nlohmann::json integration;               // null, or the manifest fields to register
  nlohmann::json vars = nlohmann::json::object();
  bool needs_app = false;     // uses app_get / send_webhook (runs only with --app)
  bool needs_binary = false;  // uses run_emulator / restart_emulator (runs only with --spawn)
  // Variables that must be set (non-empty) for the scenario to run, e.g.
  // api_path: without them it is skipped naming `--set NAME=...`.
  std::vector<std::string> requires_vars;
  std::vector<Step> steps;
};

}  // namespace revento::client::scenarios
