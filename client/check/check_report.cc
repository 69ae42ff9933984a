#include "client/check/check_report.h"

#include <cstdio>

#include "client/xml_text.h"

namespace revento::client::check {

namespace {

std::string Summary(const std::vector<CheckResult>& results) {
  Tally t = Count(results);
  return std::to_string(t.passed) + " passed, " + std::to_string(t.failed) + " failed";
}

double TotalSeconds(const CheckResult& r) {
  double ms = 0;
  for (const auto& e : r.exchanges) ms += e.duration_ms;
  return ms / 1000;
}

}  // namespace

std::string RenderText(const std::string& suite, const std::string& target, const std::vector<CheckResult>& results) {
  std::string out = suite + " " + target + "\n";
  for (const auto& r : results) {
    out += std::string(r.passed ? "PASS" : "FAIL") + " " + r.id + " " + r.name + ": " + r.title + " (expect " +
           r.expected + ")\n";
    for (const auto& e : r.exchanges) {
      out += "       sent: " + e.sent + "\n";
      out += "       got:  " + e.received + "\n";
    }
    if (!r.passed) {
      out += "       problem: " + r.problem + "\n";
      out += "       likely bug: " + r.bug + "\n";
      out += "       fix: " + r.fix + "\n";
    }
  }
  return out + Summary(results) + "\n";
}

nlohmann::json RenderJson(const std::string& suite, const std::string& target,
                          const std::vector<CheckResult>& results) {
  nlohmann::json checks = nlohmann::json::array();
  for (const auto& r : results) {
    nlohmann::json exchanges = nlohmann::json::array();
    for (const auto& e : r.exchanges) exchanges.push_back(e.detail);
    nlohmann::json check = {{"id", r.id},         {"name", r.name},        {"title", r.title}, {"expected", r.expected},
                            {"passed", r.passed}, {"exchanges", exchanges}};
    if (!r.passed) {
      check["problem"] = r.problem;
      check["bug"] = r.bug;
      check["fix"] = r.fix;
    }
    checks.push_back(std::move(check));
  }
  Tally t = Count(results);
  return {{"suite", suite}, {"target", target}, {"checks", checks}, {"passed", t.passed}, {"failed", t.failed}};
}

std::string RenderJunit(const std::string& suite, const std::string& target, const std::vector<CheckResult>& results) {
  Tally t = Count(results);
  double total = 0;
  for (const auto& r : results) total += TotalSeconds(r);
  char time[32];
  std::snprintf(time, sizeof(time), "%.3f", total);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"revento check\" tests=\"" +
                    std::to_string(results.size()) + "\" failures=\"" + std::to_string(t.failed) + "\">\n";
  out += "  <testsuite name=\"" + XmlEscape(suite) + "\" tests=\"" + std::to_string(results.size()) + "\" failures=\"" +
         std::to_string(t.failed) + "\" errors=\"0\" time=\"" + time + "\">\n";
  out += "    <properties><property name=\"target\" value=\"" + XmlEscape(target) + "\"/></properties>\n";
  for (const auto& r : results) {
    std::snprintf(time, sizeof(time), "%.3f", TotalSeconds(r));
    out += "    <testcase classname=\"" + XmlEscape(suite) + "\" name=\"" +
           XmlEscape(r.id + " " + r.name + ": " + r.title) + "\" time=\"" + time + "\">\n";
    std::string exchanges;
    for (const auto& e : r.exchanges) exchanges += "sent: " + e.sent + "\ngot:  " + e.received + "\n";
    if (!r.passed) {
      out += "      <failure message=\"" + XmlEscape(r.problem) + "\" type=\"" + XmlEscape(r.name) + "\">" +
             XmlEscape(exchanges + "likely bug: " + r.bug + "\nfix: " + r.fix) + "</failure>\n";
    }
    out += "      <system-out>" + XmlEscape(exchanges) + "</system-out>\n";
    out += "    </testcase>\n";
  }
  return out + "  </testsuite>\n</testsuites>\n";
}

}  // namespace revento::client::check
