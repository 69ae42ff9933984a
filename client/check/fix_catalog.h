// The rules `revento check` grades, one row each: the rule in plain words
// and its fix as one line of code in Node, Python and Go, so that a user of
// any of the three can paste it. A check names its row by key
// (webhook_checks.cc, connect_checks.cc, refresh_checks.cc); a failed check
// carries the row's rule and code (CheckResult::rule, ::code).
// Errors: an unknown key is a programming error, caught by the catalog's
// test (tests/client/check/fix_catalog_test.cc). Thread safety: constant data.
#pragma once

#include <span>
#include <string_view>

#include "client/check/check_result.h"

namespace revento::client::check {

struct RuleFix {
  std::string_view key;
  std::string_view rule;  // plain words, no language
  std::string_view node;
  std::string_view python;
  std::string_view go;
};

std::span<const RuleFix> FixCatalog();

// Sets r.rule and r.code from the row `key` (nothing when there is none).
void ApplyFix(CheckResult& r, std::string_view key);

}  // namespace revento::client::check
