// POST /_sandbox/clock: set means exactly that second, and the clock stays
// within its documented range (1970-01-01T00:00:00Z to 2199-12-31T23:59:59Z):
// beyond it, 400 instead of a signed overflow that once gave year 1759.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/emulator_process.h"

namespace revento::testing {
namespace {

using nlohmann::json;

class ClockHandlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A base clock a fraction of a second past a whole second.
    sandbox_ = std::make_unique<InProcessEmulator>();
    sandbox_->base_clock().Set(emulator::FromUnixSeconds(1795773600) + std::chrono::nanoseconds(999'999'999));
    client_ = sandbox_->Client();
  }
  std::pair<int, json> Post(const json& body) {
    auto res = client_->Post("/_sandbox/clock", body.dump(), "application/json");
    if (!res) return {0, nullptr};
    return {res->status, json::parse(res->body, nullptr, false)};
  }
  std::unique_ptr<InProcessEmulator> sandbox_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ClockHandlerTest, AdvanceBeyondTheRangeIs400AndLeavesTheClock) {
  auto [status, body] = Post({{"advance_seconds", 10000000000LL}});
  EXPECT_EQ(status, 400) << body;
  EXPECT_NE(body["error"]["message"].get<std::string>().find("2199-12-31T23:59:59Z"), std::string::npos) << body;
  EXPECT_EQ(Post({{"advance_seconds", 0}}).second["now"], "2026-11-27T10:00:00Z");
}

TEST_F(ClockHandlerTest, SetBeyondTheRangeIs400) {
  for (const json& to : {json("9999-12-31T23:59:59Z"), json("2200-01-01T00:00:00Z"), json(-1),
                         json(9223372036854775807LL), json(18446744073709551615ULL)}) {
    SCOPED_TRACE(to.dump());
    auto [status, body] = Post({{"set", to}});
    EXPECT_EQ(status, 400) << body;
  }
  EXPECT_EQ(Post({{"advance_seconds", 0}}).second["now"], "2026-11-27T10:00:00Z");
}

TEST_F(ClockHandlerTest, TheEndsOfTheRangeAreAccepted) {
  auto latest = Post({{"set", "2199-12-31T23:59:59Z"}});
  EXPECT_EQ(latest.first, 200);
  EXPECT_EQ(latest.second["now"], "2199-12-31T23:59:59Z");
  EXPECT_EQ(Post({{"advance_seconds", 1}}).first, 400);
  auto earliest = Post({{"set", 0}});
  EXPECT_EQ(earliest.second["now"], "1970-01-01T00:00:00Z");
}

TEST_F(ClockHandlerTest, SetAndResumeAnswerExactlyThatSecond) {
  auto set = Post({{"set", "2026-12-01T09:00:00Z"}});
  EXPECT_EQ(set.second["now"], "2026-12-01T09:00:00Z");
  ASSERT_EQ(Post({{"freeze", true}}).first, 200);
  ASSERT_EQ(Post({{"set", "2026-12-01T09:00:00Z"}}).first, 200);
  sandbox_->base_clock().Advance(std::chrono::milliseconds(1));
  auto resumed = Post({{"resume", true}});
  EXPECT_EQ(resumed.second["now"], "2026-12-01T09:00:00Z");
}

}  // namespace
}  // namespace revento::testing
