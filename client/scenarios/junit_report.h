// JUnit XML for CI test reporters (GitLab's junit artifact, GitHub actions
// that read test-results XML): one <testsuite name="revento scenarios">
// with one <testcase> per scenario (classname = the file, name = the
// scenario, time in seconds), <failure message=...> with the report lines,
// or <skipped message=...>. Text is XML-escaped; characters XML 1.0 cannot
// carry are replaced.
// Thread safety: pure function.
#pragma once

#include <string>
#include <vector>

#include "client/scenarios/scenario_run.h"

namespace revento::client::scenarios {

std::string JunitXml(const std::vector<ScenarioResult>& results);

}  // namespace revento::client::scenarios
