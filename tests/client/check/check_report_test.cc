// The report of `revento check` (check_report.h, check_result.h) for checks
// that could not run: counted and named in the summary line, "skipped" in
// JSON, <skipped> in JUnit, never counted as passed or failed; and a failed
// check's rule and code per language, of which --lang keeps one.
#include "client/check/check_report.h"

#include <gtest/gtest.h>

#include "client/check/fix_catalog.h"
#include "client/check/refresh_checks.h"

namespace revento::client::check {
namespace {

std::vector<CheckResult> OnePassedOneFailedThreeSkipped() {
  std::vector<CheckResult> results;
  CheckResult passed{"c1", "flow", "the flow", "2xx"};
  passed.passed = true;
  results.push_back(passed);
  CheckResult failed{"c3c", "state-unique", "a different state", "the states differ"};
  failed.problem = "both runs sent state \"x\"";
  failed.bug = "a constant state";
  failed.fix = "generate state per request";
  ApplyFix(failed, "state");
  results.push_back(failed);
  auto skipped = SkippedRefreshChecks(kNoRefreshPath);
  results.insert(results.end(), skipped.begin(), skipped.end());
  return results;
}

TEST(CheckReportTest, SkippedChecksAreCountedAndNamedNeverPassedOrFailed) {
  auto results = OnePassedOneFailedThreeSkipped();
  Tally t = Count(results);
  EXPECT_EQ(t.passed, 1);
  EXPECT_EQ(t.failed, 1);
  EXPECT_EQ(t.skipped, 3);
  std::string text = RenderText("revento check connect", "http://app/connect", results);
  EXPECT_TRUE(text.ends_with("\n1 passed, 1 failed, 3 skipped (pass --refresh-path PATH, a route of your app that "
                             "calls the Read API)\n"))
      << text;
  EXPECT_NE(text.find("SKIP r1 refresh-once"), std::string::npos) << text;
  EXPECT_NE(text.find("SKIP r3 refresh-single-flight"), std::string::npos) << text;

  auto json = RenderJson("revento check connect", "http://app/connect", results);
  EXPECT_EQ(json["skipped"], 3);
  EXPECT_EQ(json["failed"], 1);
  EXPECT_TRUE(json["checks"][2]["skipped"].get<bool>());
  EXPECT_EQ(json["checks"][2]["skip_reason"], std::string(kNoRefreshPath));
  EXPECT_FALSE(json["checks"][2].contains("fix"));

  std::string junit = RenderJunit("revento check connect", "http://app/connect", results);
  EXPECT_NE(junit.find("failures=\"1\" errors=\"0\" skipped=\"3\""), std::string::npos) << junit;
  size_t skips = 0;
  for (size_t at = junit.find("<skipped message=\"pass --refresh-path PATH"); at != std::string::npos;
       at = junit.find("<skipped ", at + 1)) {
    ++skips;
  }
  EXPECT_EQ(skips, 3u);
}

TEST(CheckReportTest, NothingSkippedKeepsTheTwoCountSummary) {
  auto results = OnePassedOneFailedThreeSkipped();
  results.resize(2);
  EXPECT_EQ(Summary(results), "1 passed, 1 failed");
}

TEST(CheckReportTest, AFailureShowsTheRuleAndEachLanguageOrTheOneKept) {
  auto results = OnePassedOneFailedThreeSkipped();
  std::string text = RenderText("revento check connect", "http://app/connect", results);
  EXPECT_NE(text.find("       rule: per connect, generate a state of at least 128 random bits"), std::string::npos)
      << text;
  EXPECT_NE(text.find("         node: const state = crypto.randomBytes(32)"), std::string::npos) << text;
  EXPECT_NE(text.find("         python: state = secrets.token_urlsafe(32)"), std::string::npos) << text;
  EXPECT_NE(text.find("         go: b := make([]byte, 32)"), std::string::npos) << text;
  // A code line that continues is indented under its language.
  EXPECT_NE(text.find("\n                 # callback:"), std::string::npos) << text;

  KeepLanguage(results, "python");
  text = RenderText("revento check connect", "http://app/connect", results);
  EXPECT_NE(text.find("python: state = secrets"), std::string::npos);
  EXPECT_EQ(text.find("node: "), std::string::npos);
  EXPECT_EQ(text.find("go: "), std::string::npos);
  auto json = RenderJson("revento check connect", "http://app/connect", results);
  EXPECT_EQ(json["checks"][1]["fix_code"].size(), 1u);
  EXPECT_TRUE(json["checks"][1]["fix_code"].contains("python"));
}

TEST(FixCatalogTest, EveryRuleIsInPlainWordsWithCodeInThreeLanguages) {
  for (const auto& row : FixCatalog()) {
    EXPECT_FALSE(row.rule.empty()) << row.key;
    EXPECT_FALSE(row.node.empty()) << row.key;
    EXPECT_FALSE(row.python.empty()) << row.key;
    EXPECT_FALSE(row.go.empty()) << row.key;
    // The rule names no language's API.
    for (std::string_view api : {"crypto.", "express", "JSON.stringify", "hmac.", "subtle.", "Buffer"}) {
      EXPECT_EQ(row.rule.find(api), std::string_view::npos) << row.key << " names " << api;
    }
  }
  CheckResult r;
  ApplyFix(r, "no-such-rule");
  EXPECT_TRUE(r.rule.empty());
  EXPECT_TRUE(r.code.empty());
}

}  // namespace
}  // namespace revento::client::check
