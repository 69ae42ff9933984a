// One graded check of `revento check` (webhooks, connect, all): its id and
// name, what it expects, the verdict, every exchange it is graded on (one
// line each for what was sent and what came back, plus the same as JSON for
// --json), and on failure what came back instead, the likely bug, the rule
// in plain words and its fix (in words, and as code in Node, Python and Go:
// client/check/fix_catalog.h). A check that could not run is skipped, with
// the reason (what to pass so that it runs), and is neither passed nor failed.
// Thread safety: plain values.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace revento::client::check {

struct Exchange {
  std::string sent{};      // one line: what was sent (or what the app sent, from the journal)
  std::string received{};  // one line: what came back
  double duration_ms = 0;
  nlohmann::json detail = nlohmann::json::object();  // {"sent": {...}, "received": {...}} for --json
};

// The fix of a rule in one language: "node", "python" or "go", and one line of code.
struct CodeFix {
  std::string language{};
  std::string code{};
};

struct CheckResult {
  std::string id{};        // "1", "2a", "c3", ...
  std::string name{};      // "valid", "state-entropy", ...
  std::string title{};     // in words
  std::string expected{};  // "2xx within 10 s", "4xx", ...
  bool passed = false;
  std::vector<Exchange> exchanges{};
  std::string problem{};  // on failure: what came back instead
  std::string bug{};      // on failure: the likely bug
  std::string fix{};      // on failure: how to fix it, in words
  std::string rule{};     // on failure: the contract's rule, in plain words
  std::vector<CodeFix> code{};  // on failure: the fix in code, per language
  bool skipped = false;         // could not run; not passed, not failed
  std::string skip_reason{};    // what to pass so that it runs
};

// Marks `r` failed with what came back instead, the likely bug and the fix in words.
void Fail(CheckResult& r, std::string problem, std::string bug, std::string fix);

// Counts for the summary line.
struct Tally {
  int passed = 0;
  int failed = 0;
  int skipped = 0;
};
Tally Count(const std::vector<CheckResult>& results);

// "N passed, M failed", then ", K skipped (reason; reason)" when any was skipped.
std::string Summary(const std::vector<CheckResult>& results);

// The fix's code in `language` only ("node", "python", "go"); "" keeps all.
void KeepLanguage(std::vector<CheckResult>& results, const std::string& language);

}  // namespace revento::client::check
