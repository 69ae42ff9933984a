// The step runner over its seams: a fake app (a real loopback server run by
// the test) and an injected clock. Every step runs after a failure; the
// browser keeps cookies across app steps; send_webhook fails an answer later
// than 10 s by the injected clock; an http step naming another host is
// refused before anything is sent; --set variables and requires.
// Over the Transport seam (a fake that records every request): each step
// kind of the catalog sends its request and passes or fails by its default
// expectation, one row per kind (a new kind without a row fails the test).
#include "client/scenarios/scenario_run.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <thread>

#include "client/scenarios/loader.h"
#include "client/scenarios/step_catalog.h"
#include "tests/client/client_mocks.h"

namespace revento::client::scenarios {
namespace {

using ::testing::Invoke;
using ::testing::NiceMock;
using testing::HeaderOf;

constexpr int64_t kNow = 1796893200;

// The app under test: /connect sets a cookie and redirects to /callback,
// which answers 200 only with that cookie; /webhooks/revento answers 200
// after advancing the test's clock by `answer_after` seconds.
class FakeApp {
 public:
  explicit FakeApp(std::atomic<int64_t>& now) : now_(now) {
    server_.Get("/connect", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Set-Cookie", "st=abc; Path=/");
      res.set_redirect("/callback?state=abc");
    });
    server_.Get("/callback", [](const httplib::Request& req, httplib::Response& res) {
      res.status = req.get_header_value("Cookie").find("st=abc") != std::string::npos ? 200 : 400;
    });
    server_.Post("/webhooks/revento", [this](const httplib::Request&, httplib::Response& res) {
      now_ += answer_after.load();
      ++webhooks;
      res.set_content("ok", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() before the server runs would be lost (and the join would wait for ever).
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~FakeApp() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  std::atomic<int64_t> answer_after{0};
  std::atomic<int> webhooks{0};

 private:
  std::atomic<int64_t>& now_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

class ScenarioRunTest : public ::testing::Test {
 protected:
  ScenarioRunTest() : app_(now_) {
    ON_CALL(clock_, Now()).WillByDefault(Invoke([this] { return testing::AtUnix(now_.load()); }));
    target_.base_url = "http://127.0.0.1:1";  // no emulator: these steps never reach it
    target_.app_url = app_.url();
    target_.clock = &clock_;
  }

  ScenarioResult Run(const std::string& steps) {
    auto scenario = ParseScenario("name: t\ncovers: [a.b]\nsteps:\n" + steps, "t.yaml");
    EXPECT_TRUE(scenario) << (scenario ? "" : scenario.error().messages[0]);
    return RunScenario(*scenario, target_);
  }

  std::atomic<int64_t> now_{kNow};
  ::testing::NiceMock<testing::MockClock> clock_;
  FakeApp app_;
  Target target_;
};

TEST_F(ScenarioRunTest, AnAnswerAfterTenSecondsFailsTheStep) {
  app_.answer_after = 11;
  auto result = Run("  - send_webhook: event.published\n    expect: {status_class: 2xx}\n");
  ASSERT_EQ(result.failures.size(), 1u);
  ASSERT_EQ(result.failures[0].problems.size(), 1u);
  EXPECT_EQ(result.failures[0].problems[0].rfind("the app answered after 11000 ms; Revento waits 10 s", 0), 0u)
      << result.failures[0].problems[0];
}

TEST_F(ScenarioRunTest, AnAnswerWithinTenSecondsPasses) {
  app_.answer_after = 10;
  auto result = Run("  - send_webhook: event.published\n    expect: {status_class: 2xx}\n");
  EXPECT_EQ(result.outcome, ScenarioResult::Outcome::kPassed);
}

TEST_F(ScenarioRunTest, EveryStepRunsAfterAFailureAndEachFailureIsReported) {
  auto result = Run(
      "  - send_webhook: event.published\n    expect: {status_class: 4xx}\n"
      "  - send_webhook: {type: event.published, tamper: body}\n    expect: {status_class: 4xx}\n"
      "  - send_webhook: event.published\n    capture: {x: /nothing}\n"
      "  - set: {vars: {y: \"${x}\"}}\n"
      "  - send_webhook: event.published\n");
  EXPECT_EQ(app_.webhooks.load(), 4);
  ASSERT_EQ(result.failures.size(), 4u);
  EXPECT_EQ(result.failures[0].index, 1);
  EXPECT_EQ(result.failures[1].index, 2);
  EXPECT_EQ(result.failures[2].index, 3);
  EXPECT_EQ(result.failures[3].index, 4);
  EXPECT_EQ(result.failures[3].problems[0],
            "not run: it uses ${x}, which an earlier failing step did not capture");
  EXPECT_EQ(result.failure->index, 1);
}

TEST_F(ScenarioRunTest, TheBrowserKeepsCookiesAcrossSteps) {
  auto result = Run(
      "  - app_get: {path: /connect, stop_before: /callback}\n    expect: {status: 302}\n"
      "    capture: {callback: \"header:Location\"}\n"
      "  - app_get: {path: \"${callback}\", stop_at: /callback}\n    expect: {status: 200}\n");
  EXPECT_EQ(result.outcome, ScenarioResult::Outcome::kPassed)
      << (result.failure ? result.failure->problems[0] : "");
}

TEST_F(ScenarioRunTest, AnHttpStepToAnotherHostIsRefused) {
  auto result = Run("  - http: http://127.0.0.1:9/_sandbox/state\n");
  ASSERT_EQ(result.failures.size(), 1u);
  EXPECT_EQ(result.failures[0].problems[0],
            "http: http://127.0.0.1:9 is neither the emulator (http://127.0.0.1:1) nor the app (" + app_.url() +
                "); a scenario sends requests only to those two");
}

TEST_F(ScenarioRunTest, SetVariablesOverrideTheRouteDefaults) {
  target_.variables = {{"webhook_path", "/hooks"}};
  nlohmann::json vars = BaseVariables(target_);
  EXPECT_EQ(vars["webhook_path"], "/hooks");
  EXPECT_EQ(vars["connect_path"], "/connect");
  EXPECT_EQ(vars["callback_path"], "/callback");
  EXPECT_EQ(vars["api_path"], "");
  auto result = Run("  - send_webhook: event.published\n    expect: {status: 404}\n");
  EXPECT_EQ(result.outcome, ScenarioResult::Outcome::kPassed);
}

// Every answer of the fake carries a journal page with one request, so that
// api_replay has something to replay; the other steps read only the status.
constexpr const char* kJournalPage = R"({"data": [{"method": "GET", "path": "/api/v1/events", "query": {}}]})";

class StepRunnerTest : public ::testing::Test {
 protected:
  StepRunnerTest() : transport_(std::make_shared<NiceMock<testing::MockTransport>>()) {
    ON_CALL(clock_, Now()).WillByDefault(::testing::Return(testing::AtUnix(kNow)));
    ON_CALL(*transport_, Send).WillByDefault(Invoke([this](const http::Request& r) -> Result<http::Response> {
      sent_.push_back(r);
      return answer_(r);
    }));
    target_.base_url = "http://emulator.test";
    target_.app_url = "http://app.test";
    target_.clock = &clock_;
    target_.transport = transport_;
  }

  ScenarioResult Run(const std::string& steps) {
    auto scenario = ParseScenario("name: t\ncovers: [a.b]\nsteps:\n" + steps, "t.yaml");
    EXPECT_TRUE(scenario) << (scenario ? "" : scenario.error().messages[0]);
    if (!scenario) return {};
    return RunScenario(*scenario, target_);
  }
  // Every request answered with `status`.
  ScenarioResult RunAnswering(int status, const std::string& step) {
    answer_ = [status](const http::Request&) { return testing::Answer(status, kJournalPage); };
    sent_.clear();
    return Run("  - " + step + "\n");
  }
  std::string FirstRequest() const { return sent_.empty() ? "" : sent_[0].method + " " + sent_[0].url; }

  NiceMock<testing::MockClock> clock_;
  std::shared_ptr<NiceMock<testing::MockTransport>> transport_;
  std::function<http::Response(const http::Request&)> answer_;
  std::vector<http::Request> sent_;
  Target target_;
};

// One row per step kind: a step of it, the start of the first request it
// sends ("" when it sends none), a status every answer has under which it
// passes with no `expect:`, and one under which it fails (-1: none).
struct RunnerRow {
  std::string_view kind;
  std::string step;
  std::string request;
  int passes;
  int fails;
};

const std::vector<RunnerRow> kRunnerRows{
    {"connect", "connect: {stop_after: authorize, state: s1}",
     "GET http://emulator.test/oauth/authorize?response_type=code&client_id=rev_client_quickstart", 500, -1},
    {"refresh", "refresh: {refresh_token: rt1}", "POST http://emulator.test/oauth/token", 200, 400},
    {"revoke", "revoke: tok1", "POST http://emulator.test/oauth/revoke", 200, 400},
    {"api", "api: /events", "GET http://emulator.test/api/v1/events", 200, 401},
    {"clock", "clock: {advance: 5m}", "POST http://emulator.test/_sandbox/clock", 200, 400},
    {"action", "action: publish", "POST http://emulator.test/_sandbox/events/evt_abc123/publish", 200, 409},
    {"trigger", "trigger: event.published", "POST http://emulator.test/_sandbox/webhooks/trigger", 201, 400},
    {"fault", "fault: {clear: true}", "DELETE http://emulator.test/_sandbox/faults", 204, 500},
    {"journal", "journal: {clear: true}", "DELETE http://emulator.test/_sandbox/requests", 204, 500},
    {"api_replay", "api_replay: /api/v1/events",
     "GET http://emulator.test/_sandbox/requests?path_prefix=%2Fapi%2Fv1%2Fevents&limit=1", 200, 500},
    {"http", "http: /anything", "GET http://emulator.test/anything", 500, -1},
    {"receiver", "receiver: {status: 500}", "", 200, -1},
    {"flush", "flush: {}", "POST http://emulator.test/_sandbox/deliveries/flush", 200, 500},
    {"expect_webhook", "expect_webhook: {type: event.published, count: 0}",
     "POST http://emulator.test/_sandbox/deliveries/flush", 200, 500},
    {"expect_no_webhook", "expect_no_webhook: event.published", "POST http://emulator.test/_sandbox/deliveries/flush",
     200, 500},
    {"app_get", "app_get: /connect", "GET http://app.test/connect", 404, 500},
    {"send_webhook", "send_webhook: event.published", "POST http://app.test/webhooks/revento", 404, 500},
    {"run_emulator", "run_emulator: {args: [--version]}", "", -1, 200},
    {"restart_emulator", "restart_emulator: {}", "", -1, 200},
    {"set", "set: {vars: {a: 1}}", "", 200, -1},
};

TEST_F(StepRunnerTest, EveryCatalogKindHasARunnerAndARowHere) {
  for (const StepSpec& spec : StepCatalog()) {
    EXPECT_NE(spec.run, nullptr) << spec.kind;
    bool tested = std::any_of(kRunnerRows.begin(), kRunnerRows.end(),
                              [&](const RunnerRow& row) { return row.kind == spec.kind; });
    EXPECT_TRUE(tested) << spec.kind << " has no row in kRunnerRows";
  }
  EXPECT_EQ(kRunnerRows.size(), StepCatalog().size());
}

TEST_F(StepRunnerTest, EachKindSendsItsRequest) {
  for (const RunnerRow& row : kRunnerRows) {
    SCOPED_TRACE(std::string(row.kind));
    RunAnswering(row.passes >= 0 ? row.passes : 200, row.step);
    if (row.request.empty()) {
      EXPECT_EQ(FirstRequest(), "");
    } else {
      EXPECT_EQ(FirstRequest().substr(0, row.request.size()), row.request);
    }
  }
}

TEST_F(StepRunnerTest, EachKindPassesAndFailsByItsDefaultExpectation) {
  for (const RunnerRow& row : kRunnerRows) {
    SCOPED_TRACE(std::string(row.kind));
    if (row.passes >= 0) {
      auto result = RunAnswering(row.passes, row.step);
      EXPECT_EQ(result.outcome, ScenarioResult::Outcome::kPassed)
          << "answered " << row.passes << ": " << (result.failure ? result.failure->problems[0] : "");
    }
    if (row.fails >= 0) {
      EXPECT_EQ(RunAnswering(row.fails, row.step).outcome, ScenarioResult::Outcome::kFailed)
          << "answered " << row.fails;
    }
  }
}

TEST_F(StepRunnerTest, ConnectApprovesConsentExchangesTheCodeAndTheTokenReachesTheNextStep) {
  answer_ = [](const http::Request& r) {
    if (r.url.starts_with("http://emulator.test/oauth/authorize"))
      return testing::Answer(200, R"(<form><input name="consent_id" value="cns_1"></form>)");
    if (r.url == "http://emulator.test/oauth/consent")
      return testing::Answer(302, "", {{"Location", "http://localhost:3000/callback?code=c1&state=s1"}});
    if (r.url == "http://emulator.test/oauth/token") return testing::Answer(200, testing::TokenJson("at1", "rt1"));
    return testing::Answer(200, "{}");
  };
  auto result = Run("  - connect: {state: s1}\n  - api: /events\n");
  EXPECT_EQ(result.outcome, ScenarioResult::Outcome::kPassed) << (result.failure ? result.failure->problems[0] : "");
  ASSERT_EQ(sent_.size(), 4u);
  EXPECT_EQ(sent_[1].body, "consent_id=cns_1&decision=authorize");
  EXPECT_THAT(sent_[2].body, ::testing::HasSubstr("grant_type=authorization_code&code=c1&"));
  EXPECT_THAT(sent_[2].body, ::testing::HasSubstr("&code_verifier="));
  EXPECT_EQ(HeaderOf(sent_[3], "Authorization"), "Bearer at1");
}

TEST_F(StepRunnerTest, AnActionWithoutItsIdFailsNamingItAndSendsNothing) {
  auto result = RunAnswering(200, "action: approve");
  ASSERT_EQ(result.failures.size(), 1u);
  EXPECT_EQ(result.failures[0].problems[0], "action approve needs application_id");
  EXPECT_TRUE(sent_.empty());
}

TEST_F(StepRunnerTest, AppGetKeepsCookiesAcrossStepsAndAnswersWithTheTrail) {
  answer_ = [](const http::Request& r) {
    if (r.url == "http://app.test/connect")
      return testing::Answer(302, "", {{"Location", "/callback"}, {"Set-Cookie", "st=abc; Path=/"}});
    return testing::Answer(HeaderOf(r, "Cookie") == "st=abc" ? 200 : 400, "");
  };
  auto result = Run(
      "  - app_get: {path: /connect, stop_before: /callback}\n    expect: {status: 302}\n"
      "  - app_get: /callback\n    expect: {status: 200}\n"
      "  - app_get: /connect\n    expect: {status: 201}\n");
  ASSERT_EQ(result.failures.size(), 1u);
  EXPECT_EQ(result.failures[0].index, 3);
  EXPECT_EQ(result.failures[0].what, "GET http://app.test/connect (302 http://app.test/connect -> 200 "
                                     "http://app.test/callback)");
}

TEST_F(StepRunnerTest, AppGetPastMaxRedirectsAnswersStatusZeroSayingSo) {
  answer_ = [](const http::Request&) { return testing::Answer(302, "", {{"Location", "/loop"}}); };
  auto result = Run("  - app_get: {path: /loop, max_redirects: 1}\n");
  ASSERT_EQ(result.failures.size(), 1u);
  EXPECT_EQ(result.failures[0].status, 0);
  EXPECT_EQ(result.failures[0].body_excerpt,
            "more than 1 redirects: 302 http://app.test/loop -> 302 http://app.test/loop -> 302 http://app.test/loop");
  EXPECT_EQ(sent_.size(), 3u);
}

TEST(ScenarioRequirementTest, AnUnsetRequiredVariableNamesTheFlag) {
  auto scenario = ParseScenario("name: t\ncovers: [a.b]\nrequires: [api_path]\nsteps:\n  - set: {vars: {a: 1}}\n", "t.yaml");
  ASSERT_TRUE(scenario);
  Target target;
  EXPECT_EQ(MissingRequirement(*scenario, BaseVariables(target)),
            "needs api_path: pass --set api_path=/participants, a route of your app that reads the Read API with its "
            "stored token");
  target.variables = {{"api_path", "/participants"}};
  EXPECT_EQ(MissingRequirement(*scenario, BaseVariables(target)), "");
}

}  // namespace
}  // namespace revento::client::scenarios
