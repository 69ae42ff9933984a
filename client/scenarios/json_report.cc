#include "client/scenarios/json_report.h"

namespace revento::client::scenarios {

namespace {

const char* OutcomeName(ScenarioResult::Outcome outcome) {
  switch (outcome) {
    case ScenarioResult::Outcome::kPassed:
      return "passed";
    case ScenarioResult::Outcome::kFailed:
      return "failed";
    case ScenarioResult::Outcome::kSkipped:
      return "skipped";
  }
  return "failed";
}

nlohmann::json FailureJson(const StepFailure& f) {
  bool whole_scenario = f.kind == "setup" || f.kind == "integration";
  return {{"step", whole_scenario ? 0 : f.index},
          {"kind", f.kind},
          {"label", f.label},
          {"line", f.line},
          {"problems", f.problems},
          {"request", f.what},
          {"status", f.status},
          {"request_id", f.request_id},
          {"location", f.location},
          {"body", f.body_excerpt}};
}

}  // namespace

nlohmann::json SuiteJson(const SuiteSummary& summary) {
  nlohmann::json scenarios = nlohmann::json::array();
  for (const auto& r : summary.results) {
    nlohmann::json entry = {
        {"name", r.name}, {"file", r.file}, {"outcome", OutcomeName(r.outcome)}, {"duration_ms", r.duration.count()}};
    if (r.outcome == ScenarioResult::Outcome::kSkipped) entry["skip_reason"] = r.skip_reason;
    if (r.outcome == ScenarioResult::Outcome::kFailed) {
      entry["failure"] = r.failure ? FailureJson(*r.failure) : nlohmann::json(nullptr);
      nlohmann::json all = nlohmann::json::array();
      for (const auto& f : r.failures) all.push_back(FailureJson(f));
      entry["failures"] = std::move(all);
    }
    scenarios.push_back(std::move(entry));
  }
  return {{"passed", summary.passed},
          {"failed", summary.failed},
          {"skipped", summary.skipped},
          {"scenarios", std::move(scenarios)}};
}

}  // namespace revento::client::scenarios
