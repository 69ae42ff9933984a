#include "client/check/check_result.h"

#include <algorithm>

namespace revento::client::check {

void Fail(CheckResult& r, std::string problem, std::string bug, std::string fix) {
  r.passed = false;
  r.problem = std::move(problem);
  r.bug = std::move(bug);
  r.fix = std::move(fix);
}

Tally Count(const std::vector<CheckResult>& results) {
  Tally t;
  for (const auto& r : results) (r.skipped ? t.skipped : r.passed ? t.passed : t.failed)++;
  return t;
}

std::string Summary(const std::vector<CheckResult>& results) {
  Tally t = Count(results);
  std::string out = std::to_string(t.passed) + " passed, " + std::to_string(t.failed) + " failed";
  if (t.skipped == 0) return out;
  std::vector<std::string> reasons;
  for (const auto& r : results) {
    if (r.skipped && std::find(reasons.begin(), reasons.end(), r.skip_reason) == reasons.end()) {
      reasons.push_back(r.skip_reason);
    }
  }
  std::string joined;
  for (const auto& reason : reasons) joined += (joined.empty() ? "" : "; ") + reason;
  return out + ", " + std::to_string(t.skipped) + " skipped (" + joined + ")";
}

void KeepLanguage(std::vector<CheckResult>& results, const std::string& language) {
  if (language.empty()) return;
  for (auto& r : results) {
    std::erase_if(r.code, [&](const CodeFix& c) { return c.language != language; });
  }
}

}  // namespace revento::client::check
