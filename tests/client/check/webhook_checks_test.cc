// `revento check webhooks` grading: a correct receiver passes every check;
// each broken receiver fails exactly the checks its flaw should fail and no
// other. Receivers are real HTTP servers on loopback (flawed_receiver.h);
// the grading rules are also tested through a fake transport.
#include "client/check/webhook_checks.h"

#include <gtest/gtest.h>

#include <set>

#include "client/check/check_report.h"
#include "tests/client/check/flawed_receiver.h"

namespace revento::client::check {
namespace {

using revento::testing::FlawedReceiver;
using revento::testing::Flaws;

const std::set<std::string> kAll = {"1", "2a", "2b", "3a", "3b", "3c", "3d", "4a", "4b", "5a", "5b", "6", "7", "8"};

std::set<std::string> Failed(const std::vector<CheckResult>& results) {
  std::set<std::string> failed;
  for (const auto& r : results) {
    if (!r.passed) {
      failed.insert(r.id);
      EXPECT_FALSE(r.problem.empty()) << r.id;
      EXPECT_FALSE(r.bug.empty()) << r.id;
      EXPECT_FALSE(r.fix.empty()) << r.id;
    }
  }
  return failed;
}

std::set<std::string> Grade(Flaws flaws, std::chrono::milliseconds timeout = std::chrono::milliseconds(10'000)) {
  FlawedReceiver receiver("whsec_check", flaws);
  auto results = WebhookChecker({receiver.url(), "whsec_check", timeout}).Run();
  std::set<std::string> ids;
  for (const auto& r : results) ids.insert(r.id);
  EXPECT_EQ(ids, kAll);
  return Failed(results);
}

// ---- broken receivers first ----

TEST(WebhookChecksTest, NoTimestampCheckFailsExactlyTheTimestampChecks) {
  EXPECT_EQ(Grade({.no_timestamp_check = true}), (std::set<std::string>{"4a", "4b"}));
}

TEST(WebhookChecksTest, AReserialisedBodyFailsExactlyTheRawBytesChecks) {
  EXPECT_EQ(Grade({.reserialise_body = true}), (std::set<std::string>{"5b", "6"}));
}

TEST(WebhookChecksTest, Always200FailsEveryCheckThatExpectsARefusal) {
  EXPECT_EQ(Grade({.always_200 = true}),
            (std::set<std::string>{"2a", "2b", "3a", "3b", "3c", "3d", "4a", "4b", "5a", "5b"}));
}

TEST(WebhookChecksTest, ASlowReceiverFailsEveryAcceptanceAndTheResponseTime) {
  // The contract's limit is 10 s; the per-attempt timeout is configurable so
  // that this test uses 1.5 s and a receiver that takes 2.5 s to accept (its
  // refusals stay fast, so only the acceptances and the response time fail).
  EXPECT_EQ(Grade({.delay_ms = 2500}, std::chrono::milliseconds(1500)), (std::set<std::string>{"1", "6", "7", "8"}));
}

TEST(WebhookChecksTest, NoPrefixCheckFailsExactlyTheNoPrefixCheck) {
  EXPECT_EQ(Grade({.no_prefix_check = true}), (std::set<std::string>{"3c"}));
}

TEST(WebhookChecksTest, ACaseInsensitiveCompareFailsExactlyTheUppercaseCheck) {
  EXPECT_EQ(Grade({.case_insensitive = true}), (std::set<std::string>{"3d"}));
}

TEST(WebhookChecksTest, RejectingARepeatedDeliveryIdFailsExactlyTheRetryCheck) {
  EXPECT_EQ(Grade({.reject_repeats = true}), (std::set<std::string>{"7"}));
}

TEST(WebhookChecksTest, AnUnreachableReceiverFailsEveryCheckResponseTimeToo) {
  auto results = WebhookChecker({"http://127.0.0.1:1/webhooks/revento", "whsec_check"}).Run();
  EXPECT_EQ(Failed(results), kAll);
  EXPECT_NE(results[0].fix.find("http://127.0.0.1:1/webhooks/revento"), std::string::npos);
  EXPECT_EQ(results.back().title, "no answer to time in 14 attempts");
  EXPECT_NE(results.back().fix.find("http://127.0.0.1:1/webhooks/revento"), std::string::npos);
}

TEST(WebhookChecksTest, ACorrectReceiverPassesEveryCheck) { EXPECT_EQ(Grade({}), std::set<std::string>{}); }

// ---- grading rules, through a fake transport ----

webhooks::PostOutcome Answer(int status, double ms = 5) { return {status, "x", ms, false, ""}; }

TEST(WebhookChecksGradingTest, AServerErrorIsNotARefusal) {
  auto transport = [](const std::string&, const webhooks::Delivery& d, std::chrono::milliseconds) {
    return webhooks::ExpectAccepted(d.variant) ? Answer(200) : Answer(500);
  };
  auto results = WebhookChecker({"http://x", "s"}, transport).Run();
  EXPECT_EQ(Failed(results), (std::set<std::string>{"2a", "2b", "3a", "3b", "3c", "3d", "4a", "4b", "5a", "5b"}));
  EXPECT_NE(results[1].bug.find("server error"), std::string::npos);
  EXPECT_EQ(results[1].problem, "expected 4xx, got 500");
}

TEST(WebhookChecksGradingTest, ARedirectIsNeitherAcceptanceNorRefusal) {
  auto transport = [](const std::string&, const webhooks::Delivery&, std::chrono::milliseconds) { return Answer(302); };
  EXPECT_EQ(Failed(WebhookChecker({"http://x", "s"}, transport).Run()),
            (std::set<std::string>{"1", "2a", "2b", "3a", "3b", "3c", "3d", "4a", "4b", "5a", "5b", "6", "7"}));
}

TEST(WebhookChecksGradingTest, A2xxAfterTheTimeoutFailsAndTheResponseTimeNamesIt) {
  auto transport = [](const std::string&, const webhooks::Delivery& d, std::chrono::milliseconds) {
    if (d.variant == webhooks::Variant::kUnusualSpacing) return Answer(200, 10'001);
    return webhooks::ExpectAccepted(d.variant) ? Answer(204, 3) : Answer(401, 2);
  };
  auto results = WebhookChecker({"http://x", "s"}, transport).Run();
  EXPECT_EQ(Failed(results), (std::set<std::string>{"6", "8"}));
  EXPECT_EQ(results.back().title, "p50 2.0 ms, max 10001 ms over 14 attempts");
  EXPECT_NE(results.back().problem.find("1 attempt(s) took longer than 10 s"), std::string::npos);
}

TEST(WebhookChecksGradingTest, EveryCheckRecordsWhatWasSentAndWhatCameBack) {
  std::vector<webhooks::Delivery> sent;
  auto transport = [&sent](const std::string& url, const webhooks::Delivery& d, std::chrono::milliseconds timeout) {
    EXPECT_EQ(url, "http://x/hook");
    EXPECT_EQ(timeout, std::chrono::milliseconds(10'000));
    sent.push_back(d);
    return webhooks::ExpectAccepted(d.variant) ? Answer(200) : Answer(401);
  };
  auto results = WebhookChecker({"http://x/hook", "s"}, transport).Run();
  EXPECT_EQ(Failed(results), std::set<std::string>{});
  ASSERT_EQ(sent.size(), 14u);
  EXPECT_EQ(sent[12].delivery_id, sent[13].delivery_id);  // the retry
  EXPECT_EQ(sent[12].body, sent[13].body);
  for (const auto& r : results) {
    if (r.id != "8") {
      EXPECT_FALSE(r.exchanges.empty()) << r.id;
    }
    for (const auto& e : r.exchanges) {
      EXPECT_NE(e.sent.find(e.detail["sent"]["delivery_id"].get<std::string>()), std::string::npos);
      EXPECT_TRUE(e.received.starts_with("200") || e.received.starts_with("401")) << e.received;
    }
  }
  EXPECT_NE(results[11].exchanges[0].detail["sent"]["body"].get<std::string>().find("Ødegård"), std::string::npos);
}

TEST(WebhookChecksTest, ARefusedValidDeliveryNamesTheRawBodyBeforeTheSecret) {
  auto transport = [](const std::string&, const webhooks::Delivery&, std::chrono::milliseconds) { return Answer(401); };
  auto results = WebhookChecker({"http://x", "s"}, transport).Run();
  ASSERT_EQ(results[0].id, "1");
  ASSERT_FALSE(results[0].passed);
  size_t raw = results[0].bug.find("raw bytes");
  ASSERT_NE(raw, std::string::npos) << results[0].bug;
  EXPECT_LT(raw, results[0].bug.find("secret")) << results[0].bug;
  EXPECT_LT(results[0].fix.find("raw body"), results[0].fix.find("secret")) << results[0].fix;
}

TEST(WebhookChecksTest, EveryFailureCarriesTheRuleAndItsFixInNodePythonAndGo) {
  auto transport = [](const std::string&, const webhooks::Delivery& d, std::chrono::milliseconds) {
    return webhooks::ExpectAccepted(d.variant) ? Answer(401) : Answer(200);
  };
  for (const auto& r : WebhookChecker({"http://x", "s"}, transport).Run()) {
    if (r.passed) continue;
    EXPECT_FALSE(r.rule.empty()) << r.id;
    ASSERT_EQ(r.code.size(), 3u) << r.id;
    EXPECT_EQ(r.code[0].language, "node");
    EXPECT_EQ(r.code[1].language, "python");
    EXPECT_EQ(r.code[2].language, "go");
  }
}

TEST(CheckReportTest, TextEndsWithTheTallyJunitAndJsonCarryEveryCheck) {
  auto transport = [](const std::string&, const webhooks::Delivery& d, std::chrono::milliseconds) {
    return d.variant == webhooks::Variant::kNoPrefix
               ? webhooks::PostOutcome{200, "<ok & \"fine\">", 1, false, ""}
               : (webhooks::ExpectAccepted(d.variant) ? Answer(200) : Answer(401));
  };
  auto results = WebhookChecker({"http://x", "s"}, transport).Run();
  std::string text = RenderText("revento check webhooks", "http://x", results);
  EXPECT_TRUE(text.ends_with("\n13 passed, 1 failed\n")) << text;
  EXPECT_NE(text.find("FAIL 3c no-prefix"), std::string::npos);
  EXPECT_NE(text.find("fix: compare the whole header"), std::string::npos);

  std::string junit = RenderJunit("revento check webhooks", "http://x", results);
  EXPECT_NE(junit.find("<testsuite name=\"revento check webhooks\" tests=\"14\" failures=\"1\""), std::string::npos);
  EXPECT_EQ(std::count(junit.begin(), junit.end(), '\n') > 14, true);
  size_t testcases = 0;
  for (size_t at = junit.find("<testcase "); at != std::string::npos; at = junit.find("<testcase ", at + 1))
    ++testcases;
  EXPECT_EQ(testcases, 14u);
  EXPECT_NE(junit.find("&lt;ok &amp; &quot;fine&quot;&gt;"), std::string::npos);
  EXPECT_EQ(junit.find("<ok &"), std::string::npos);

  auto json = RenderJson("revento check webhooks", "http://x", results);
  EXPECT_EQ(json["passed"], 13);
  EXPECT_EQ(json["failed"], 1);
  EXPECT_EQ(json["checks"].size(), 14u);
  EXPECT_EQ(json["checks"][5]["id"], "3c");
  EXPECT_FALSE(json["checks"][5]["passed"]);
  EXPECT_EQ(json["checks"][5]["exchanges"][0]["received"]["status"], 200);
  EXPECT_TRUE(json["checks"][5]["exchanges"][0]["sent"]["headers"].contains("X-Revento-Signature"));
}

}  // namespace
}  // namespace revento::client::check
