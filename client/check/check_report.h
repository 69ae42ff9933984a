// The report of `revento check`: the same results as text for people (every
// check's verdict, what was sent and what came back, and on failure the
// likely bug and its fix; the last line exactly "N passed, M failed"), as
// one JSON object for machines, and as JUnit XML for CI.
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
