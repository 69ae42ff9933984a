// Loading scenario files: YAML in, validated Scenario values out.
//
// LoadScenarios takes files and directories (searched recursively for
// *.yaml / *.yml, in sorted order) and validates every file against the
// step catalog before anything runs. Every problem is reported, not only
// the first: each as "FILE:LINE:COLUMN: step N (kind): field 'x': expected
// ..." (or without the step part for a top-level field). An unknown step or
// field, a missing required field and a bad type are errors; so is a file
// that is not YAML, a duplicate scenario name, and a path that does not
// exist.
//
// Thread safety: pure functions (they read files).
#pragma once

#include <string>
#include <vector>

#include "client/scenarios/scenario.h"
#include "client/status.h"

namespace revento::client::scenarios {

struct LoadErrors {
  std::vector<std::string> messages;
};

// One file's text, named `file` in messages.
portable::expected<Scenario, LoadErrors> ParseScenario(const std::string& text, const std::string& file);
portable::expected<std::vector<Scenario>, LoadErrors> LoadScenarios(const std::vector<std::string>& paths);

}  // namespace revento::client::scenarios
