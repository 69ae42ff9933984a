// The step runner over its seams: a fake app (a real loopback server run by
// the test) and an injected clock. Every step runs after a failure; the
// browser keeps cookies across app steps; send_webhook fails an answer later
// than 10 s by the injected clock; an http step naming another host is
// refused before anything is sent; --set variables and requires.
#include "client/scenarios/scenario_run.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <thread>

#include "client/scenarios/loader.h"
#include "tests/client/client_mocks.h"

namespace revento::client::scenarios {
namespace {

using ::testing::Invoke;

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
