#include "client/check/check_report.h"

#include <cstdio>

#include "client/xml_text.h"

namespace revento::client::check {

namespace {

double TotalSeconds(const CheckResult& r) {
  double ms = 0;
  for (const auto& e : r.exchanges) ms += e.duration_ms;
  return ms / 1000;
}

// The problem, the likely bug, the rule and the fix, one per line, each
// language's code on its own line.
std::string FailureText(const CheckResult& r, const std::string& indent) {
  std::string out = indent + "problem: " + r.problem + "\n" + indent + "likely bug: " + r.bug + "\n";
  if (!r.rule.empty()) out += indent + "rule: " + r.rule + "\n";
  out += indent + "fix: " + r.fix + "\n";
  for (const auto& c : r.code) {
    std::string lead = indent + "  " + c.language + ": ";
    std::string code = c.code;
    for (size_t at = code.find('\n'); at != std::string::npos; at = code.find('\n', at + 1)) {
      code.insert(at + 1, std::string(lead.size(), ' '));
    }
    out += lead + code + "\n";
  }
  return out;
}

}  // namespace

std::string RenderText(const std::string& suite, const std::string& target, const std::vector<CheckResult>& results) {
  std::string out = suite + " " + target + "\n";
  for (const auto& r : results) {
    out += std::string(r.skipped ? "SKIP" : r.passed ? "PASS" : "FAIL") + " " + r.id + " " + r.name + ": " + r.title + " (expect " +
           r.expected + ")\n";
    for (const auto& e : r.exchanges) {
      out += "       sent: " + e.sent + "\n";
      out += "       got:  " + e.received + "\n";
    }
    if (r.skipped) out += "       skipped: " + r.skip_reason + "\n";
    if (!r.passed && !r.skipped) out += FailureText(r, "       ");
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
    if (r.skipped) {
      check["skipped"] = true;
      check["skip_reason"] = r.skip_reason;
    } else if (!r.passed) {
      check["problem"] = r.problem;
      check["bug"] = r.bug;
      check["rule"] = r.rule;
      check["fix"] = r.fix;
      nlohmann::json code = nlohmann::json::object();
      for (const auto& c : r.code) code[c.language] = c.code;
      check["fix_code"] = code;
    }
    checks.push_back(std::move(check));
  }
  Tally t = Count(results);
  return {{"suite", suite}, {"target", target}, {"checks", checks}, {"passed", t.passed}, {"failed", t.failed},
          {"skipped", t.skipped}, {"summary", Summary(results)}};
}

std::string RenderJunit(const std::string& suite, const std::string& target, const std::vector<CheckResult>& results) {
  Tally t = Count(results);
  double total = 0;
  for (const auto& r : results) total += TotalSeconds(r);
  char time[32];
  std::snprintf(time, sizeof(time), "%.3f", total);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"revento check\" tests=\"" +
                    std::to_string(results.size()) + "\" failures=\"" + std::to_string(t.failed) + "\" skipped=\"" + std::to_string(t.skipped) + "\">\n";
  out += "  <testsuite name=\"" + XmlEscape(suite) + "\" tests=\"" + std::to_string(results.size()) + "\" failures=\"" +
         std::to_string(t.failed) + "\" errors=\"0\" skipped=\"" + std::to_string(t.skipped) + "\" time=\"" + time + "\">\n";
  out += "    <properties><property name=\"target\" value=\"" + XmlEscape(target) + "\"/></properties>\n";
  for (const auto& r : results) {
    std::snprintf(time, sizeof(time), "%.3f", TotalSeconds(r));
    out += "    <testcase classname=\"" + XmlEscape(suite) + "\" name=\"" +
           XmlEscape(r.id + " " + r.name + ": " + r.title) + "\" time=\"" + time + "\">\n";
    std::string exchanges;
    for (const auto& e : r.exchanges) exchanges += "sent: " + e.sent + "\ngot:  " + e.received + "\n";
    if (r.skipped) {
      out += "      <skipped message=\"" + XmlEscape(r.skip_reason) + "\"/>\n";
    } else if (!r.passed) {
      out += "      <failure message=\"" + XmlEscape(r.problem) + "\" type=\"" + XmlEscape(r.name) + "\">" +
             XmlEscape(exchanges + FailureText(r, "")) + "</failure>\n";
    }
    out += "      <system-out>" + XmlEscape(exchanges) + "</system-out>\n";
    out += "    </testcase>\n";
  }
  return out + "  </testsuite>\n</testsuites>\n";
}

}  // namespace revento::client::check
