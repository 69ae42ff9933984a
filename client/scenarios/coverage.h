// Contract coverage: which rule ids of docs/CONTRACT.md the scenarios cover.
//
// Rule ids are written in bold at the start of a table row's first cell:
// `| **oauth.redirect-uri-exact** redirect_uri byte for byte ... |`.
// ReadRuleIds lists them in document order. Uncovered lists the ids no
// scenario names in `covers:`; UnknownCovers lists covers that name no rule
// (a typo would otherwise cover nothing).
//
// Errors: an unreadable file, or a file with no ids, is an Error.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "client/scenarios/scenario.h"
#include "client/status.h"

namespace revento::client::scenarios {

struct RuleId {
  std::string id;
  int line = 0;
};

Result<std::vector<RuleId>> ReadRuleIds(const std::string& contract_path);
std::vector<std::string> Uncovered(const std::vector<RuleId>& rules, const std::vector<Scenario>& scenarios);
// "file: covers 'x', which is not a rule id of CONTRACT.md"
std::vector<std::string> UnknownCovers(const std::vector<RuleId>& rules, const std::vector<Scenario>& scenarios);

}  // namespace revento::client::scenarios
