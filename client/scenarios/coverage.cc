#include "client/scenarios/coverage.h"

#include <fstream>
#include <regex>
#include <set>

namespace revento::client::scenarios {

Result<std::vector<RuleId>> ReadRuleIds(const std::string& contract_path) {
  std::ifstream in(contract_path);
  if (!in) return Fail(contract_path + ": cannot read the file");
  static const std::regex kRow(R"(^\|\s*\*\*([a-z0-9]+(\.[a-z0-9-]+)+)\*\*)");
  std::vector<RuleId> out;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::smatch m;
    if (std::regex_search(line, m, kRow)) out.push_back(RuleId{m[1].str(), number});
  }
  if (out.empty()) return Fail(contract_path + ": no rule ids (a table row starting with | **area.rule-name** ...)");
  return out;
}

std::vector<std::string> Uncovered(const std::vector<RuleId>& rules, const std::vector<Scenario>& scenarios) {
  std::set<std::string> covered;
  for (const auto& s : scenarios) covered.insert(s.covers.begin(), s.covers.end());
  std::vector<std::string> out;
  for (const auto& rule : rules) {
    if (!covered.count(rule.id)) out.push_back(rule.id);
  }
  return out;
}

std::vector<std::string> UnknownCovers(const std::vector<RuleId>& rules, const std::vector<Scenario>& scenarios) {
  std::set<std::string> known;
  for (const auto& rule : rules) known.insert(rule.id);
  std::vector<std::string> out;
  for (const auto& s : scenarios) {
    for (const auto& id : s.covers) {
      if (!known.count(id)) out.push_back(s.file + ": covers '" + id + "', which is not a rule id of CONTRACT.md");
    }
  }
  return out;
}

}  // namespace revento::client::scenarios
