// JSON for scripts: `revento scenarios run --json` prints one object after
// the suite instead of the lines as scenarios finish:
//   {"passed": N, "failed": M, "skipped": K, "scenarios": [
//     {"name", "file", "outcome": "passed" | "failed" | "skipped",
//      "duration_ms", "skip_reason" (skipped only),
//      "failure" (failed only): {"step", "kind", "label", "line", "problems": [...],
//                                "request", "status", "request_id", "location", "body"},
//      "failures" (failed only): every failing step, each shaped like "failure"}]}
// "failure" is the first of "failures".
// `step` is 0 for a setup or integration failure (then `kind` says which).
// Thread safety: pure function.
#pragma once

#include <nlohmann/json.hpp>

#include "client/scenarios/suite_runner.h"

namespace revento::client::scenarios {

nlohmann::json SuiteJson(const SuiteSummary& summary);

}  // namespace revento::client::scenarios
