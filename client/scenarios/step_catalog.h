// The vocabulary of scenario files: every step kind, its fields and their
// types, the expectation keys and the scenario's top-level keys. The loader
// validates files against this table and docs/scenarios.md and
// scenarios/schema.json describe the same table (a test keeps the schema in
// step with it).
//
// One row per step kind holds all of it: the kind's schema (summary,
// shorthand, fields), its runner (the function that performs it,
// *_steps.h), its default expectation (what it must do when the step has
// no `expect:`) and what it needs to run (a webhook receiver, the app, the
// emulator binary). Adding a step kind is adding a row, its runner and a
// line of tests/client/scenarios/scenario_run_test.cc's table.
//
// Thread safety: immutable data.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "client/scenarios/response.h"

namespace revento::client::scenarios {

class StepContext;
// Performs one step (its `${...}` resolved); what it could not do goes to `problems`.
using StepRunner = Response (*)(StepContext& context, const nlohmann::json& params,
                                std::vector<std::string>& problems);

// What a step kind needs besides the emulator: the scenario's webhook
// receiver (started for it), the app (--app) or the emulator binary (--spawn).
enum class StepNeeds { kNothing, kReceiver, kApp, kBinary };

enum class FieldType {
  kString,
  kInteger,
  kBoolean,
  kObject,
  kStringList,
  kIntegerOrList,    // status: 200 or [200, 201]
  kDuration,         // 300, "300s", "5m", "2h", "1d"
  kStringOrInteger,  // clock set: ISO time or Unix seconds
  kAny,              // any JSON value
  kStringOrList,     // status_class: 2xx or [2xx, 3xx]
};

struct FieldSpec {
  std::string_view name;
  FieldType type;
  bool required = false;
  std::vector<std::string_view> one_of = {};  // allowed values of a string field
};

struct StepSpec {
  std::string_view kind;
  std::string_view summary;
  std::string_view shorthand;  // field a scalar value stands for (`- app_get: /connect`), or empty
  std::vector<FieldSpec> fields;
  StepRunner run;
  // What the step must do when it has no `expect:` (JSON text of
  // expectations), or empty for nothing.
  std::string_view default_expect;
  StepNeeds needs = StepNeeds::kNothing;
  // A field whose presence drops the default expectation (connect's
  // stop_after: the step ends where the scenario checks it), or empty.
  std::string_view no_default_with = {};
};

const std::vector<StepSpec>& StepCatalog();
const StepSpec* FindStep(std::string_view kind);
const std::vector<FieldSpec>& ExpectationFields();
const std::vector<FieldSpec>& ScenarioFields();
// The fields of one `items:` expectation (a check over a JSON list).
const std::vector<FieldSpec>& ItemsFields();
// The variables an app's routes are given by (`--set NAME=VALUE`) and their defaults ("" = unset).
const std::vector<std::pair<std::string_view, std::string_view>>& AppRouteVariables();
// The expectations of a step of `kind` with these parameters and no `expect:`
// (an empty object when its kind has none).
nlohmann::json DefaultExpectations(std::string_view kind, const nlohmann::json& params);

std::string_view TypeName(FieldType type);
// Empty when `value` fits `spec`, else what was expected ("an integer", "one of a, b").
std::string CheckField(const FieldSpec& spec, const nlohmann::json& value);

// Parses a duration field (300, "300s", "5m", "2h", "1d") into seconds; -1 when malformed.
long long DurationSeconds(const nlohmann::json& value);

}  // namespace revento::client::scenarios
