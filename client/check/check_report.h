// The report of `revento check`: the same results as text for people (every
// check's verdict (PASS, FAIL or SKIP), what was sent and what came back,
// on failure the likely bug, the rule and its fix with the code of each
// language kept; the last line exactly "N passed, M failed", followed by
// ", K skipped (what to pass)" when a check could not run), as one JSON
// object for machines (skipped checks carry "skipped": true and
// "skip_reason"), and as JUnit XML for CI (a skipped check is <skipped>).
// Thread safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "client/check/check_result.h"

namespace revento::client::check {

std::string RenderText(const std::string& suite, const std::string& target, const std::vector<CheckResult>& results);
nlohmann::json RenderJson(const std::string& suite, const std::string& target, const std::vector<CheckResult>& results);
std::string RenderJunit(const std::string& suite, const std::string& target, const std::vector<CheckResult>& results);

}  // namespace revento::client::check
