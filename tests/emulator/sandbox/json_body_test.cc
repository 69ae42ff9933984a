// Every JSON body of /_sandbox is parsed with a bounded nesting depth: a
// body nested 50,000 levels deep once crashed the process (stack overflow in
// nlohmann's recursive copy). Deeper than the limit is a 400 naming it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/emulator_process.h"

namespace revento::testing {
namespace {

std::string Nested(size_t depth) { return std::string(depth, '[') + "1" + std::string(depth, ']'); }

class JsonBodyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox_ = std::make_unique<InProcessEmulator>();
    client_ = sandbox_->Client();
  }
  void ExpectRefusedNamingTheLimit(const std::string& path, const std::string& body) {
    SCOPED_TRACE(path);
    auto res = client_->Post(path, body, "application/json");
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    EXPECT_EQ(res->status, 400);
    auto error = nlohmann::json::parse(res->body, nullptr, false);
    EXPECT_EQ(error["error"]["code"], "invalid_json") << res->body;
    EXPECT_NE(res->body.find("deeper than 64"), std::string::npos) << res->body;
    auto health = client_->Get("/_sandbox/health");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
  }
  std::unique_ptr<InProcessEmulator> sandbox_;
  std::unique_ptr<httplib::Client> client_;
};

// Found by fuzz_fixture_file: a number too large for a double was a 500.
TEST_F(JsonBodyTest, ANumberTooLargeForADoubleIsA400NamingIt) {
  auto res = client_->Post("/_sandbox/webhooks/trigger",
                           R"({"type": "event.updated", "event_id": "evt_abc123", "overrides": {"n": 1e999999}})",
                           "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 400);
  auto error = nlohmann::json::parse(res->body, nullptr, false);
  EXPECT_EQ(error["error"]["code"], "invalid_json") << res->body;
  EXPECT_NE(res->body.find("number overflow"), std::string::npos) << res->body;
  EXPECT_NE(res->body.find("must fit a double"), std::string::npos) << res->body;
}

TEST_F(JsonBodyTest, DeeplyNestedOverridesAreRefused) {
  ExpectRefusedNamingTheLimit(
      "/_sandbox/webhooks/trigger",
      R"({"type": "event.updated", "event_id": "evt_abc123", "overrides": {"x": )" + Nested(50000) + "}}");
}

TEST_F(JsonBodyTest, DeeplyNestedAnswersAreRefused) {
  ExpectRefusedNamingTheLimit(
      "/_sandbox/events/evt_abc123/applications",
      R"({"applicant_name": "A", "applicant_email": "a@example.com", "answers": {"x": )" + Nested(50000) + "}}");
}

TEST_F(JsonBodyTest, OneLevelOverTheLimitIsRefusedAndTheLimitItselfIsNot) {
  // The body object is level 1, "answers" level 2, so 62 more levels reach 64.
  std::string head = R"({"applicant_name": "A", "applicant_email": "a@example.com", "answers": {"x": )";
  ExpectRefusedNamingTheLimit("/_sandbox/events/evt_abc123/applications", head + Nested(63) + "}}");
  auto at_limit =
      client_->Post("/_sandbox/events/evt_abc123/applications", head + Nested(62) + "}}", "application/json");
  ASSERT_TRUE(at_limit);
  EXPECT_EQ(at_limit->body.find("deeper than"), std::string::npos) << at_limit->body;
}

}  // namespace
}  // namespace revento::testing
