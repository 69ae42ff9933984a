#include "client/scenarios/junit_report.h"

#include <cstdio>

#include "client/xml_text.h"

#include "client/scenarios/suite_runner.h"

namespace revento::client::scenarios {

namespace {

std::string Seconds(std::chrono::milliseconds d) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", static_cast<double>(d.count()) / 1000.0);
  return buffer;
}

}  // namespace

std::string JunitXml(const std::vector<ScenarioResult>& results) {
  int failures = 0, skipped = 0;
  std::chrono::milliseconds total{0};
  for (const auto& r : results) {
    failures += r.outcome == ScenarioResult::Outcome::kFailed;
    skipped += r.outcome == ScenarioResult::Outcome::kSkipped;
    total += r.duration;
  }
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  std::string counts = "tests=\"" + std::to_string(results.size()) + "\" failures=\"" + std::to_string(failures) +
                       "\" errors=\"0\" skipped=\"" + std::to_string(skipped) + "\" time=\"" + Seconds(total) + "\"";
  xml += "<testsuites name=\"revento scenarios\" " + counts + ">\n";
  xml += "  <testsuite name=\"revento scenarios\" " + counts + ">\n";
  for (const auto& r : results) {
    xml += "    <testcase classname=\"" + XmlEscape(r.file) + "\" name=\"" + XmlEscape(r.name) + "\" time=\"" +
           Seconds(r.duration) + "\"";
    if (r.outcome == ScenarioResult::Outcome::kPassed) {
      xml += "/>\n";
      continue;
    }
    xml += ">\n";
    if (r.outcome == ScenarioResult::Outcome::kSkipped) {
      xml += "      <skipped message=\"" + XmlEscape(r.skip_reason) + "\"/>\n";
    } else {
      std::string report = FormatResult(r);
      std::string message = r.failure && !r.failure->problems.empty() ? r.failure->problems.front() : "failed";
      xml += "      <failure message=\"" + XmlEscape(message) + "\" type=\"ScenarioFailure\">" + XmlEscape(report) +
             "</failure>\n";
    }
    xml += "    </testcase>\n";
  }
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

}  // namespace revento::client::scenarios
