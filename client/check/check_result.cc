#include "client/check/check_result.h"

namespace revento::client::check {

Tally Count(const std::vector<CheckResult>& results) {
  Tally t;
  for (const auto& r : results) (r.passed ? t.passed : t.failed)++;
  return t;
}

}  // namespace revento::client::check
